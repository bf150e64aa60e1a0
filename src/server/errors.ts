/**
 * The error catalogue: every HTTP error FakeAI answers with, one named function each, in
 * OpenAI's envelope {"error":{"message","type","param","code"}}. The definitions live in the
 * error_catalogue_*.ts parts by area; routes throw `errors.xxx(...)` and app.onError renders it.
 */
import { accessErrors } from "./error_catalogue_access.ts";
import { budgetErrors } from "./error_catalogue_budget.ts";
import { fileErrors } from "./error_catalogue_files.ts";
import { modelErrors } from "./error_catalogue_models.ts";
import { opsErrors } from "./error_catalogue_ops.ts";
import { requestErrors } from "./error_catalogue_request.ts";
import { serverErrors } from "./error_catalogue_server.ts";

export {
  ApiError,
  type ApiErrorOptions,
  errorResponse,
  type OpenAIErrorType,
} from "./api_error.ts";

/** The parts by area (a test checks that no two define the same name). */
export const ERROR_CATALOGUE_PARTS = {
  requestErrors,
  accessErrors,
  serverErrors,
  modelErrors,
  fileErrors,
  opsErrors,
  budgetErrors,
} as const;

export const errors = {
  ...requestErrors,
  ...accessErrors,
  ...serverErrors,
  ...modelErrors,
  ...fileErrors,
  ...opsErrors,
  ...budgetErrors,
};
