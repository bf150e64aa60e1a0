/** Walking the repository's folders in tests. */

/** Every file under a directory, recursively (absolute paths, sorted). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of Deno.readDirSync(d)) {
      const path = `${d.replace(/\/$/, "")}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** Every TypeScript file under a directory, recursively (absolute paths, sorted). */
export function sourceFiles(dir: string): string[] {
  return filesUnder(dir).filter((path) => path.endsWith(".ts"));
}
