/**
 * Error catalogue, the generation endpoints: unknown models, context windows, and the checks of
 * responses, embeddings, images and audio.
 */
import { ApiError } from "./api_error.ts";

export const modelErrors = {
  modelNotFound: (model: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      param: "model",
      code: "model_not_found",
    }),
  /** Chat completions; `completion` null when the request sets no max_(completion_)tokens. */
  contextLengthExceeded: (window: number, prompt: number, completion: number | null) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: completion === null
        ? `This model's maximum context length is ${window} tokens. However, your messages ` +
          `resulted in ${prompt} tokens. Please reduce the length of the messages.`
        : `This model's maximum context length is ${window} tokens. However, you requested ` +
          `${prompt + completion} tokens (${prompt} in the messages, ${completion} in the ` +
          "completion). Please reduce the length of the messages or completion.",
      param: "messages",
      code: "context_length_exceeded",
    }),
  /** Legacy completions word it differently (and OpenAI sends no param there). */
  promptContextLengthExceeded: (window: number, prompt: number, completion: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `This model's maximum context length is ${window} tokens, however you requested ` +
        `${prompt + completion} tokens (${prompt} in your prompt; ${completion} for the ` +
        "completion). Please reduce your prompt; or completion length.",
      code: "context_length_exceeded",
    }),
  inputContextLengthExceeded: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "Your input exceeds the context window of this model. Please adjust your input " +
        "and try again.",
      param: "input",
      code: "context_length_exceeded",
    }),
  previousResponseNotFound: (id: string) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Previous response with id '${id}' not found.`,
      param: "previous_response_id",
      code: "previous_response_not_found",
    }),
  responseNotFound: (id: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `Response with id '${id}' not found.`,
      code: "not_found",
    }),
  /** Embeddings: an `input` of the wrong shape (OpenAI sends neither param nor code). */
  invalidEmbeddingInput: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "'$.input' is invalid. Please check the API reference: " +
        "https://platform.openai.com/docs/api-reference.",
    }),
  /** Embeddings: one input over the model's window, in legacy completions' wording. */
  embeddingInputTooLong: (maxInputTokens: number, tokens: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `This model's maximum context length is ${maxInputTokens} tokens, however you ` +
        `requested ${tokens} tokens (${tokens} in your prompt; 0 for the completion). ` +
        "Please reduce your prompt; or completion length.",
    }),
  embeddingTokensPerRequestExceeded: (total: number, max: number) =>
    new ApiError({
      status: 400,
      type: "max_tokens_per_request",
      message: `Requested ${total} tokens, max ${max} tokens per request`,
      code: "max_tokens_per_request",
    }),
  dimensionsNotSupported: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "This model does not support specifying dimensions.",
    }),
  imageNotFound: (file: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `Image '${file}' does not exist or has expired.`,
      code: "image_not_found",
    }),
  /** FAKEAI_ENABLE_AUDIO=false: the routes answer 404 (as if absent) with a message saying why. */
  audioDisabled: (path: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: "Audio endpoints are disabled on this server (FAKEAI_ENABLE_AUDIO=false): " +
        `POST ${path} is not available.`,
      code: "audio_disabled",
    }),
  audioNotMultipart: (contentType: string) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid Content-Type header (${contentType || "none"}), expected ` +
        "multipart/form-data. (HINT: send the audio as a multipart form upload with a 'file' " +
        "part and a 'model' field.)",
      code: "invalid_content_type",
    }),
  audioBadMultipart: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "The multipart form body could not be parsed (check the boundary and part " +
        "headers).",
      code: "invalid_multipart",
    }),
  /** OpenAI's own wording and type for an audio upload over the size limit. */
  audioUploadTooLarge: (limit: number, read: string) =>
    new ApiError({
      status: 413,
      type: "server_error",
      message: `Maximum content size limit (${limit}) exceeded (${read})`,
    }),
  audioTooShort: (minSeconds: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Audio file is too short. Minimum audio length is ${minSeconds} seconds.`,
      param: "file",
      code: "audio_too_short",
    }),
};
