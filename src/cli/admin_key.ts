/**
 * The API key `fakeai admin` sends: --api-key, else the first key line of --api-key-file, else
 * FAKEAI_ADMIN_KEY, else none (a server without keys needs none).
 */
import { ADMIN_KEY_ENV } from "../config/cli_env.ts";
import type { OpsArgs } from "./ops_args.ts";

/** `from` names where the key came from, for an error line ("none" when no key is sent). */
export type AdminKey = { key: string | undefined; from: string } | { error: string };

export function adminKey(args: OpsArgs, env: Record<string, string>): AdminKey {
  if (args.apiKey !== undefined && args.apiKeyFile !== undefined) {
    return { error: "give --api-key or --api-key-file, not both" };
  }
  if (args.apiKey === "") return { error: "--api-key: expects a value" };
  if (args.apiKey !== undefined) return { key: args.apiKey, from: "--api-key" };
  if (args.apiKeyFile !== undefined) return keyFromFile(args.apiKeyFile);
  if (env[ADMIN_KEY_ENV]) return { key: env[ADMIN_KEY_ENV], from: ADMIN_KEY_ENV };
  return { key: undefined, from: "none" };
}

/** Read like a keys file of the server (blank lines and # comments skipped), so one can serve. */
function keyFromFile(path: string): AdminKey {
  if (path === "") return { error: "--api-key-file: expects a value" };
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    return { error: `--api-key-file: cannot read ${path}: ${readProblem(err)}` };
  }
  for (const raw of text.split(/\r?\n/)) {
    const key = raw.replace(/(^|\s)#.*$/, "").trim();
    if (key !== "") return { key, from: `--api-key-file ${path}` };
  }
  return { error: `--api-key-file: no key in ${path}` };
}

function readProblem(err: unknown): string {
  if (err instanceof Deno.errors.NotFound) return "no such file";
  if (err instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (err instanceof Deno.errors.IsADirectory) return "a directory";
  return err instanceof Error ? err.message : String(err);
}
