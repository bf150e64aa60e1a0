/** Shared by the benchmark modules: the context, number formatting, servers and tables. */
import { type Server, startServer } from "./procs.ts";

export type Result = Record<string, number>;

export interface BenchContext {
  quick: boolean;
  /** The load client's transport (raw HTTP/1.1 unless --fetch). */
  client: "raw" | "fetch";
  /** nonstream and stream also measure the peer simulators (peers.ts); off with --no-peers. */
  peers: boolean;
  check(name: string, value: number, target: string, pass: boolean): void;
}

export interface Benchmark {
  title: string;
  run(ctx: BenchContext): Promise<unknown>;
}

/** No latency at all and no access log: what FakeAI's own work costs. */
export const FAST = ["--response-delay", "0", "--ttft", "0", "--itl", "0", "--no-access-log"];
export const fakeai = (extra: string[]) => ["server", "--port", "0", ...extra];
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const n = (x: number, digits = 1) =>
  Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits }) : String(x);
export const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Starts a server (with extra environment variables), runs `fn`, always stops it. */
export async function withServer<T>(
  label: string,
  script: string,
  args: string[],
  fn: (s: Server) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const server = await startServer(label, script, args, env);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

/** Prints rows as an aligned table (first column left-aligned, the others right-aligned). */
export function table(head: string[], rows: (string | number)[][], indent = "  "): void {
  const cells = [head, ...rows.map((r) => r.map((c) => (typeof c === "number" ? n(c, 2) : c)))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  const line = (r: (string | number)[]) =>
    indent +
    r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join("  ");
  console.log(line(cells[0]));
  console.log(indent + widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log(line(r));
}

/** Runs `fn` until `budgetMs` passes or `maxIters` calls were made (after `warmup` calls);
 * returns µs per call. */
export function microTime(
  fn: (i: number) => void,
  budgetMs: number,
  maxIters: number,
  warmup = 50,
) {
  for (let i = 0; i < warmup; i++) fn(i);
  const t0 = performance.now();
  let iters = 0;
  while (iters < maxIters && (iters % 16 !== 0 || performance.now() - t0 < budgetMs)) {
    fn(warmup + iters++);
  }
  return ((performance.now() - t0) * 1000) / Math.max(1, iters);
}
