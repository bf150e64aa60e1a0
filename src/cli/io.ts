/** What a CLI command may touch: output streams, environment, working directory. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string>;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: Deno.env.toObject(),
    cwd: Deno.cwd(),
  };
}
