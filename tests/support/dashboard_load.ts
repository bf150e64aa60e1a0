/**
 * A small scripted load for the dashboard tests and the screenshot: chat completions (some
 * streamed), embeddings, and requests that fail (retrieving an unknown model: 404 model_not_found), through
 * the official openai SDK.
 */
import OpenAI from "openai";

export async function scriptedLoad(baseURL: string, rounds: number, apiKey = "sk-test") {
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
  const messages = [{ role: "user" as const, content: "Tell me about the sea." }];
  for (let i = 0; i < rounds; i++) {
    await Promise.all([
      client.chat.completions.create({ model: "gpt-4o", messages, max_tokens: 24 }),
      (async () => {
        const stream = await client.chat.completions.create({
          model: "gpt-4o-mini",
          messages,
          max_tokens: 32,
          stream: true,
        });
        for await (const _ of stream) { /* drain */ }
      })(),
      client.embeddings.create({ model: "text-embedding-3-small", input: `line ${i}` }),
      client.models.retrieve("no-such-model").catch(() => null),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
