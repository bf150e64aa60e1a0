/** Shared helpers of the deployment-kit tests: paths and optional tools. */

export const ROOT = new URL("../../", import.meta.url).pathname;
export const DEPLOY = `${ROOT}deploy/`;

export function hasCommand(name: string): boolean {
  try {
    const { success } = new Deno.Command("sh", {
      args: ["-c", `command -v ${name}`],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return success;
  } catch {
    return false;
  }
}

export async function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {},
): Promise<{ code: number; output: string; stdout: string }> {
  const child = new Deno.Command(command, {
    args,
    env: options.env,
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  return { code: out.code, stdout, output: stdout + new TextDecoder().decode(out.stderr) };
}

/**
 * Whether commands can run in a private mount namespace (root + unshare), where a hosts file or a
 * stand-in binary can be bind-mounted without touching the machine.
 */
export function canUnshare(): boolean {
  if (Deno.uid() !== 0 || !hasCommand("unshare")) return false;
  const { success } = new Deno.Command("unshare", {
    args: ["-m", "true"],
    stdout: "null",
    stderr: "null",
  }).outputSync();
  return success;
}
