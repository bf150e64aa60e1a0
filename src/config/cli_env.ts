/**
 * Environment variables read by CLI commands only, not settings of the server (which warns about
 * FAKEAI_ names it does not know when it starts): each is listed in docs/deployment.md.
 */
export const ADMIN_KEY_ENV = "FAKEAI_ADMIN_KEY";

export const CLI_ONLY_ENV: Readonly<Record<string, string>> = {
  [ADMIN_KEY_ENV]:
    "the API key `fakeai admin` sends when neither --api-key nor --api-key-file is given",
};
