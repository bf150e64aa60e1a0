/** The models listed from the start, and which of them reason. */

export const DEFAULT_MODELS = [
  "openai/gpt-oss-120b",
  "openai/gpt-oss-20b",
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "gpt-4",
  "gpt-3.5-turbo",
  "o1",
  "o3-mini",
  "o4-mini",
  "gpt-5",
  "meta-llama/Llama-3.1-8B-Instruct",
  "deepseek-ai/DeepSeek-R1",
  "text-embedding-3-small",
  "text-embedding-3-large",
  "text-embedding-ada-002",
  "omni-moderation-latest",
  "dall-e-3",
  "gpt-image-1",
  "tts-1",
  "whisper-1",
  "nvidia/nv-rerankqa-mistral-4b-v3",
];

export const DEFAULT_REASONING_MODEL_PATTERNS = [
  "gpt-oss*",
  "openai/gpt-oss*",
  "deepseek-ai/DeepSeek-R1*",
  "DeepSeek-R1*",
  "o1*",
  "o3*",
  "o4*",
  "gpt-5*",
];
