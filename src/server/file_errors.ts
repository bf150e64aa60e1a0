/** Errors of the Files and Batch APIs, in OpenAI's wording where it is known. */
import { ApiError } from "./errors.ts";

export const fileErrors = {
  fileNotFound: (id: string, param = "id") =>
    new ApiError(404, "invalid_request_error", `No such File object: ${id}`, param),
  batchNotFound: (id: string) =>
    new ApiError(404, "invalid_request_error", `No batch found with id '${id}'.`),
  fileTooLarge: (limit: number) =>
    new ApiError(
      413,
      "invalid_request_error",
      `File is too large. The maximum file size is ${limit} bytes.`,
      "file",
      "file_too_large",
    ),
  storageFull: (requested: number, used: number, limit: number) =>
    new ApiError(
      413,
      "invalid_request_error",
      `File storage is full: ${used} of ${limit} bytes are in use and this file needs ${requested} ` +
        "more. Delete files, or raise FAKEAI_FILES_MAX_TOTAL_MB.",
      "file",
      "storage_limit_exceeded",
    ),
  notMultipart: (contentType: string | null) =>
    new ApiError(
      400,
      "invalid_request_error",
      `Invalid Content-Type header (${
        contentType ?? "none"
      }): this endpoint expects multipart/form-data.`,
      null,
      "invalid_content_type",
    ),
  badMultipart: () =>
    new ApiError(
      400,
      "invalid_request_error",
      "The multipart/form-data body could not be parsed.",
      null,
      "invalid_multipart",
    ),
  notAFile: () =>
    new ApiError(
      400,
      "invalid_request_error",
      "Invalid 'file': expected a file upload (a form part with a filename), got a text field.",
      "file",
      "invalid_type",
    ),
  jsonlRequired: (api: string) =>
    new ApiError(
      400,
      "invalid_request_error",
      `Invalid file format for ${api}. Must be .jsonl`,
      "file",
      "invalid_file_format",
    ),
  cannotCancel: (status: string) =>
    new ApiError(409, "invalid_request_error", `Cannot cancel a batch with status '${status}'.`),
};
