/** Runs Prometheus's real `promtool` (installed by .ci/run from Debian's prometheus package). */

export async function promtool(
  args: string[],
  stdin?: string,
): Promise<{ code: number; output: string }> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("promtool", {
      args,
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    throw new Error(`promtool is not installed (apt-get install prometheus): ${err}`);
  }
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    output: (decoder.decode(out.stdout) + decoder.decode(out.stderr)).trim(),
  };
}

export async function promtoolCheckMetrics(text: string): Promise<{ ok: boolean; output: string }> {
  const { code, output } = await promtool(["check", "metrics"], text);
  return { ok: code === 0, output };
}
