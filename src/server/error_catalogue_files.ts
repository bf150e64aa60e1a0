/** Error catalogue, the Files and Batch APIs, in OpenAI's wording where it is known. */
import { ApiError } from "./api_error.ts";

export const fileErrors = {
  fileNotFound: (id: string, param = "id") =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `No such File object: ${id}`,
      param,
    }),
  batchNotFound: (id: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `No batch found with id '${id}'.`,
    }),
  fileTooLarge: (limit: number) =>
    new ApiError({
      status: 413,
      type: "invalid_request_error",
      message: `File is too large. The maximum file size is ${limit} bytes.`,
      param: "file",
      code: "file_too_large",
    }),
  storageFull: (requested: number, used: number, limit: number) =>
    new ApiError({
      status: 413,
      type: "invalid_request_error",
      message: `File storage is full: ${used} of ${limit} bytes are in use and this file needs ` +
        `${requested} more. Delete files, or raise FAKEAI_FILES_MAX_TOTAL_MB.`,
      param: "file",
      code: "storage_limit_exceeded",
    }),
  storageWriteFailed: (reason: string) =>
    new ApiError({
      status: 507,
      type: "server_error",
      message: `The file could not be stored: ${reason}. Nothing was kept; try again later.`,
      code: "storage_write_failed",
    }),
  uploadNotMultipart: (contentType: string | null) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid Content-Type header (${
        contentType ?? "none"
      }): this endpoint expects multipart/form-data.`,
      code: "invalid_content_type",
    }),
  uploadBadMultipart: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "The multipart/form-data body could not be parsed.",
      code: "invalid_multipart",
    }),
  uploadNotAFile: () =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: "Invalid 'file': expected a file upload (a form part with a filename), got a " +
        "text field.",
      param: "file",
      code: "invalid_type",
    }),
  jsonlRequired: (api: string) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid file format for ${api}. Must be .jsonl`,
      param: "file",
      code: "invalid_file_format",
    }),
  batchNotCancellable: (status: string) =>
    new ApiError({
      status: 409,
      type: "invalid_request_error",
      message: `Cannot cancel a batch with status '${status}'.`,
    }),
};
