/**
 * What the single executable may carry: the npm packages src/ uses at run time, and what main.ts
 * actually reaches according to `deno info --json` (with their own dependencies).
 */

/**
 * The runtime allow-list. The SDKs in deno.json (openai, ai, @ai-sdk/*, @langchain/*, ajv) are
 * for tests only. A new runtime dependency belongs here, and in docs/dependencies.md with its size.
 */
export const RUNTIME_PACKAGES = [
  "@breezystack/lamejs",
  "@remix-run/headers",
  "@remix-run/multipart-parser",
  "gpt-tokenizer",
  "hono",
  "ipaddr.js",
  "uplot",
  "yaml",
  "zod",
];

export interface InfoModule {
  specifier: string;
  kind: string;
  npmPackage?: string;
  dependencies?: { specifier: string; isDynamic?: boolean }[];
}

export interface DenoInfo {
  modules: InfoModule[];
  /** The whole lockfile snapshot, reachable or not, keyed by id ("name@version[_peer...]"). */
  npmPackages: Record<string, { name: string; dependencies: string[] }>;
}

const ROOT = new URL("../../", import.meta.url).pathname;

/** `deno info --json main.ts` run at the repository root. */
export async function denoInfo(entry = "main.ts"): Promise<DenoInfo> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Names of the npm packages the graph imports, and everything those depend on, sorted. */
export function reachableNpmPackages(info: DenoInfo): string[] {
  const ids = info.modules.flatMap((m) => m.npmPackage ? [m.npmPackage] : []);
  const seen = new Set<string>();
  while (ids.length > 0) {
    const id = ids.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(...(info.npmPackages[id]?.dependencies ?? []));
  }
  return [...new Set([...seen].map((id) => info.npmPackages[id]?.name ?? id))].sort();
}
