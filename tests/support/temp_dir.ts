/** Temporary directories for config-file tests, always removed afterwards. */

/** Runs `fn` with a fresh temporary directory holding `files` (name → text). */
export async function withTempDir<T>(
  files: Record<string, string>,
  fn: (dir: string) => T | Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-test-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
