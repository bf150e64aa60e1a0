/**
 * The peer simulators `nonstream` and `stream` also measure (unless --no-peers): other mock LLM
 * servers with an OpenAI-compatible /v1/chat/completions, both Node programs from npm, installed
 * on demand outside the repository (peer_procs.ts) at the versions pinned here.
 *
 * Neither reads max_tokens, so each gets a fixture that answers every prompt with `tokens` pieces
 * of CHUNK_CHARS characters and streams CHUNK_CHARS characters per chunk: as many content chunks
 * as FakeAI streams tokens. The stream benchmark checks that they did (peer_report.ts).
 */

/** Characters per streamed chunk: about one BPE token of English prose. */
export const CHUNK_CHARS = 4;

const PROSE =
  "The quick brown fox jumps over the lazy dog while seven curious owls watch from old trees ";

/** `tokens` × CHUNK_CHARS characters of prose, which split into exactly `tokens` chunks. */
export function answerText(tokens: number): string {
  const size = tokens * CHUNK_CHARS;
  return PROSE.repeat(Math.ceil(size / PROSE.length)).slice(0, size);
}

/** How to start a peer: `node <args>` with `env`, in a directory holding `files`. */
export interface PeerLaunch {
  args: string[];
  env: Record<string, string>;
  /** File name → content, written into the launch directory first. */
  files: Record<string, string>;
}

export interface Peer {
  name: string;
  pkg: string;
  version: string;
  /** The server script, relative to the package's folder. */
  entry: string;
  /** What it answers to the benchmark's requests. */
  answers: string;
  /** `entry` is the script's absolute path; `dir` the launch directory. */
  launch(entry: string, dir: string, port: number, tokens: number): PeerLaunch;
}

const aimock: Peer = {
  name: "aimock",
  pkg: "@copilotkit/aimock",
  version: "1.43.0",
  // The LLM-only server (the package's `llmock` bin, also its Docker entrypoint); the `aimock`
  // bin mounts the whole suite (MCP, A2A, vector, ...) from a config file.
  entry: "dist/cli.js",
  answers: "a catch-all fixture's text; streamed as a role chunk (empty content), one chunk " +
    "per --chunk-size characters written in one go (no timer at latency 0), a finish chunk, " +
    "[DONE]; usage estimated from the text length",
  launch: (entry, dir, port, tokens) => ({
    args: [
      entry,
      ...["--host", "127.0.0.1", "--port", String(port), "--fixtures", `${dir}/fixtures.json`],
      ...["--chunk-size", String(CHUNK_CHARS), "--log-level", "warn"],
    ],
    env: {},
    files: {
      "fixtures.json": JSON.stringify({
        fixtures: [{ match: {}, response: { content: answerText(tokens) } }],
      }),
    },
  }),
};

const mockLlm: Peer = {
  name: "mock-llm",
  pkg: "@dwmkerr/mock-llm",
  version: "0.1.29",
  entry: "dist/main.js",
  answers: "a catch-all rule's JSON template (id and model filled per request); streamed as " +
    "one chunk per streaming.chunkSize characters, one chunk per setInterval tick (at least " +
    "1 ms even at chunkIntervalMs 0), role on the first, finish_reason on the last, [DONE], " +
    'no usage; logs "POST /v1/chat/completions" to stdout for every request (not switchable)',
  launch: (entry, dir, port, tokens) => ({
    args: [entry, "--config", `${dir}/mock-llm.yaml`],
    env: { HOST: "127.0.0.1", PORT: String(port) },
    // JSON is YAML.
    files: { "mock-llm.yaml": JSON.stringify(mockLlmConfig(tokens)) },
  }),
};

function mockLlmConfig(tokens: number) {
  const completion = {
    id: "chatcmpl-{{timestamp}}",
    object: "chat.completion",
    created: 1,
    model: "{{jmes request body.model}}",
    choices: [{
      index: 0,
      message: { role: "assistant", content: answerText(tokens) },
      finish_reason: "length",
    }],
    usage: { prompt_tokens: 14, completion_tokens: tokens, total_tokens: 14 + tokens },
  };
  return {
    streaming: { chunkSize: CHUNK_CHARS, chunkIntervalMs: 0 },
    rules: [{
      path: "^/v1/chat/completions$",
      method: "POST",
      response: { status: 200, content: JSON.stringify(completion) },
    }],
  };
}

export const PEERS: Peer[] = [aimock, mockLlm];
