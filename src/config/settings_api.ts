/** Settings of the wider API surface and monitoring: audio, embeddings, images, metrics. */
import { bool, int, list, num, oneOf, optional, str } from "./value_types.ts";
import { VOICES } from "./choices.ts";
import { setting } from "./setting_definition.ts";

/** "model=dims" with dims an integer 1..65536 (the model id may itself contain "=" or "/"). */
function modelDimsPair(item: string): string | null {
  const eq = item.lastIndexOf("=");
  const dims = Number(item.slice(eq + 1).trim());
  if (eq <= 0 || !Number.isInteger(dims) || dims < 1 || dims > 65536) {
    return `expected model=dims with dims an integer 1..65536, got "${item}"`;
  }
  return null;
}

export const API_SETTINGS = {
  // audio
  enableAudio: setting({
    section: "audio",
    name: "enable_audio",
    env: "FAKEAI_ENABLE_AUDIO",
    type: bool,
    default: true,
    doc: "Serve the /v1/audio routes.",
  }),
  defaultVoice: setting({
    section: "audio",
    name: "default_voice",
    env: "FAKEAI_DEFAULT_VOICE",
    type: oneOf(VOICES),
    default: "alloy",
    doc: "Voice when a speech request names none.",
  }),
  defaultAudioFormat: setting({
    section: "audio",
    name: "default_audio_format",
    env: "FAKEAI_DEFAULT_AUDIO_FORMAT",
    type: oneOf(["mp3", "opus", "aac", "flac", "wav", "pcm"]),
    default: "mp3",
    doc: "Speech format when a request names none.",
  }),

  // scenarios
  scenarioPaths: setting({
    section: "scenarios",
    name: "paths",
    env: "FAKEAI_SCENARIOS",
    type: list(),
    default: [],
    doc:
      "Scenario files or folders (YAML/JSON) of scripted answers for application tests; re-read on SIGHUP (docs/scenarios.md).",
  }),
  watchScenarios: setting({
    section: "scenarios",
    name: "watch",
    env: "FAKEAI_WATCH_SCENARIOS",
    type: bool,
    default: false,
    doc: "Re-read the scenario files when one changes (besides SIGHUP).",
  }),
  recordUpstream: setting({
    section: "scenarios",
    name: "record_upstream",
    env: "FAKEAI_RECORD_UPSTREAM",
    type: optional(str),
    default: null,
    doc:
      "Base URL of a real OpenAI- or Anthropic-compatible API (…/v1): generations no scenario rule matches (chat, completions, Responses, Messages) are forwarded there, answered unchanged and written to record_file as rules.",
  }),
  recordUpstreamApiKey: setting({
    section: "scenarios",
    name: "record_upstream_api_key",
    env: "FAKEAI_RECORD_UPSTREAM_API_KEY",
    type: optional(str),
    default: null,
    doc:
      "API key sent to record_upstream: as x-api-key on /v1/messages, else as a bearer token (never written to the recorded rules).",
  }),
  recordFile: setting({
    section: "scenarios",
    name: "record_file",
    env: "FAKEAI_RECORD_FILE",
    type: str,
    default: "recorded-scenarios.yaml",
    doc:
      "Where recorded rules are written (add it to scenarios.paths to replay them at once and after a restart).",
  }),
  scenariosStrict: setting({
    section: "scenarios",
    name: "strict",
    env: "FAKEAI_SCENARIOS_STRICT",
    type: bool,
    default: false,
    doc:
      "A generating request no scenario rule matches gets a 404 scenario_not_matched instead of generated content.",
  }),

  // embeddings
  useSemanticEmbeddings: setting({
    section: "embeddings",
    name: "use_semantic_embeddings",
    env: "FAKEAI_USE_SEMANTIC_EMBEDDINGS",
    type: bool,
    default: false,
    doc:
      "Must stay false: FakeAI has no embedding model (its embeddings are similarity-preserving hashed n-grams); true is refused at start, never silently ignored.",
  }),
  embeddingModel: setting({
    section: "embeddings",
    name: "embedding_model",
    env: "FAKEAI_EMBEDDING_MODEL",
    type: str,
    default: "all-MiniLM-L6-v2",
    doc: "Accepted for compatibility; no model is loaded.",
  }),
  embeddingDimensions: setting({
    section: "embeddings",
    name: "embedding_dimensions",
    env: "FAKEAI_EMBEDDING_DIMENSIONS",
    type: list(modelDimsPair),
    default: [
      "nomic-ai/nomic-embed-text-v1.5=768",
      "BAAI/bge-m3=1024",
      "sentence-transformers/all-mpnet-base-v2=768",
      "sentence-transformers/all-MiniLM-L6-v2=384",
      "nvidia/nv-embedqa-e5-v5=1024",
      "nvidia/llama-3.2-nv-embedqa-1b-v2=2048",
    ],
    doc:
      "Native vector size per embedding model as model=dims pairs (text-embedding-3-small and ada-002: 1536, text-embedding-3-large: 3072 unless listed).",
  }),
  embeddingDefaultDimensions: setting({
    section: "embeddings",
    name: "embedding_default_dimensions",
    env: "FAKEAI_EMBEDDING_DEFAULT_DIMENSIONS",
    type: int(1, 65536),
    default: 1536,
    doc: "Native vector size of embedding models not otherwise known.",
  }),

  // images
  generateActualImages: setting({
    section: "images",
    name: "generate_actual_images",
    env: "FAKEAI_GENERATE_ACTUAL_IMAGES",
    type: bool,
    default: false,
    doc: "Full-size PNGs at the requested size (false: 1x1 PNGs, faster).",
  }),
  imageRetentionSeconds: setting({
    section: "images",
    name: "image_retention_seconds",
    env: "FAKEAI_IMAGE_RETENTION_SECONDS",
    type: int(1),
    default: 3600,
    doc: "How long a generated image stays available at its URL, seconds.",
  }),
  imageStoreMaxMb: setting({
    section: "images",
    name: "image_store_max_mb",
    env: "FAKEAI_IMAGE_STORE_MAX_MB",
    type: int(1),
    default: 256,
    doc: "Memory for images served by URL, MiB; the least recently used are dropped beyond it.",
  }),
  imageStoreMaxImages: setting({
    section: "images",
    name: "image_store_max_images",
    env: "FAKEAI_IMAGE_STORE_MAX_IMAGES",
    type: int(1),
    default: 10000,
    doc: "Most images served by URL at once; the least recently used are dropped beyond it.",
  }),

  // files and batches
  filesDir: setting({
    section: "files",
    name: "dir",
    env: "FAKEAI_FILES_DIR",
    type: optional(str),
    default: null,
    doc:
      "Directory for uploaded files (bytes + a JSON sidecar each; reloaded at start). Unset: files live in memory.",
  }),
  filesMaxBytes: setting({
    section: "files",
    name: "max_bytes",
    env: "FAKEAI_FILES_MAX_BYTES",
    type: int(1),
    default: 536_870_912,
    doc: "Largest accepted upload in bytes (413 above; FAKEAI_MAX_REQUEST_SIZE also bounds it).",
  }),
  filesMaxTotalMb: setting({
    section: "files",
    name: "max_total_mb",
    env: "FAKEAI_FILES_MAX_TOTAL_MB",
    type: int(1),
    default: 1024,
    doc: "Total size of all stored files, MiB; an upload or batch output beyond it is refused.",
  }),
  batchSpeedup: setting({
    section: "batch",
    name: "speedup",
    env: "FAKEAI_BATCH_SPEEDUP",
    type: num(1, 1_000_000_000),
    default: 1000,
    doc:
      "Batch time runs this many times faster than real time: the validating and finalizing pauses and the 24h completion window are divided by it.",
  }),

  // responses
  responsesMaxStored: setting({
    section: "responses",
    name: "max_stored",
    env: "FAKEAI_RESPONSES_MAX_STORED",
    type: int(0, 10_000_000),
    default: 10_000,
    doc:
      "Stored Responses API results kept for GET and previous_response_id (least recently used dropped first).",
  }),
} as const;
