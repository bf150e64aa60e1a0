/** Settings of the wider API surface and monitoring: audio, embeddings, images, metrics. */
import { bool, int, oneOf, str } from "./value_types.ts";
import { VOICES } from "./choices.ts";
import { PENDING_API, PENDING_METRICS } from "./pending.ts";
import { setting } from "./setting_spec.ts";

export const API_SETTINGS = {
  // audio
  enableAudio: setting({
    section: "audio",
    name: "enable_audio",
    env: "FAKEAI_ENABLE_AUDIO",
    type: bool,
    default: true,
    doc: "Serve the /v1/audio routes.",
    pending: PENDING_API,
  }),
  defaultVoice: setting({
    section: "audio",
    name: "default_voice",
    env: "FAKEAI_DEFAULT_VOICE",
    type: oneOf(VOICES),
    default: "alloy",
    doc: "Voice when a speech request names none.",
    pending: PENDING_API,
  }),
  defaultAudioFormat: setting({
    section: "audio",
    name: "default_audio_format",
    env: "FAKEAI_DEFAULT_AUDIO_FORMAT",
    type: oneOf(["mp3", "opus", "aac", "flac", "wav", "pcm"]),
    default: "mp3",
    doc: "Speech format when a request names none.",
    pending: PENDING_API,
  }),

  // embeddings
  useSemanticEmbeddings: setting({
    section: "embeddings",
    name: "use_semantic_embeddings",
    env: "FAKEAI_USE_SEMANTIC_EMBEDDINGS",
    type: bool,
    default: false,
    doc:
      "Accepted for compatibility; embeddings are always similarity-preserving hashed n-grams (no model download).",
    pending: PENDING_API,
  }),
  embeddingModel: setting({
    section: "embeddings",
    name: "embedding_model",
    env: "FAKEAI_EMBEDDING_MODEL",
    type: str,
    default: "all-MiniLM-L6-v2",
    doc: "Accepted for compatibility; no model is loaded.",
    pending: PENDING_API,
  }),

  // images
  generateActualImages: setting({
    section: "images",
    name: "generate_actual_images",
    env: "FAKEAI_GENERATE_ACTUAL_IMAGES",
    type: bool,
    default: false,
    doc: "Full-size PNGs (false: 1x1 PNGs, faster).",
    pending: PENDING_API,
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

  // monitoring
  metricsEnabled: setting({
    section: "monitoring",
    name: "metrics_enabled",
    env: "FAKEAI_METRICS_ENABLED",
    type: bool,
    default: true,
    doc: "Record metrics.",
    pending: PENDING_METRICS,
  }),
  metricsWindowSize: setting({
    section: "monitoring",
    name: "metrics_window_size",
    env: "FAKEAI_METRICS_WINDOW_SIZE",
    type: int(1),
    default: 300,
    doc: "Sliding window for rates and quantiles, seconds.",
    pending: PENDING_METRICS,
  }),
} as const;
