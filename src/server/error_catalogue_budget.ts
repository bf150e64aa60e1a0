/**
 * Error catalogue, work budgets: requests whose cost, computed from validated input before any
 * work starts, exceeds the model's limits (OpenAI's own wording) or the server's budget.
 */
import { ApiError } from "./api_error.ts";

export const budgetErrors = {
  /** OpenAI's answer to a max_tokens beyond the model's output limit. */
  maxTokensTooLarge: (param: string, requested: number, limit: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `${param} is too large: ${requested}. This model supports at most ${limit} ` +
        `completion tokens, whereas you provided ${requested}.`,
      param,
      code: "invalid_value",
    }),
  generationOverBudget: (options: {
    param: string;
    choices: number;
    perChoice: number;
    limit: number;
  }) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `This request asks for up to ${options.choices * options.perChoice} completion ` +
        `tokens (${options.choices} choice${options.choices === 1 ? "" : "s"} × ` +
        `${options.perChoice}); this server generates at most ${options.limit} per request ` +
        "(FAKEAI_MAX_GENERATED_TOKENS).",
      param: options.param,
      code: "invalid_value",
    }),
  speechOverBudget: (seconds: number, limit: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `The speech for this input would last ${Math.ceil(seconds)} seconds; this ` +
        `server renders at most ${limit} seconds per request (FAKEAI_MAX_SPEECH_SECONDS).`,
      param: "input",
      code: "invalid_value",
    }),
  /** OpenAI's answer to a file its decoder cannot read. */
  audioUnreadable: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "Audio file might be corrupted or unsupported",
      param: "file",
      code: "invalid_value",
    }),
  /** OpenAI's answer to audio longer than a GPT-4o transcription model takes. */
  audioTooLong: (seconds: number, limit: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `audio duration ${seconds} seconds is longer than ${limit} seconds which is the ` +
        "maximum for this model",
      code: "invalid_value",
    }),
  transcriptionOverBudget: (seconds: number, limit: number) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `The audio lasts ${Math.ceil(seconds)} seconds; this server transcribes at most ` +
        `${limit} seconds per request (FAKEAI_MAX_TRANSCRIPTION_SECONDS).`,
      param: "file",
      code: "invalid_value",
    }),
};
