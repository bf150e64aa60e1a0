/**
 * One object held by the owner isolate (a store), used from a worker isolate as if it were local:
 * each method becomes a call over the IsolateLink that resolves to the owner's result (arguments
 * and results are copied by postMessage, so they must be plain data).
 */
import type { Handlers, IsolateLink } from "./isolate_link.ts";

// deno-lint-ignore no-explicit-any
type Method = (...args: any[]) => unknown;

/** T's methods, each answering through a promise. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** The worker's side: `methods` of the owner's object called `name`. */
export function remoteObject<T>(
  link: IsolateLink,
  name: string,
  methods: ReadonlyArray<keyof T & string>,
): Remote<T> {
  const remote: Record<string, Method> = {};
  for (const method of methods) {
    remote[method] = (...args: unknown[]) => link.call(`${name}.${method}`, args);
  }
  return remote as Remote<T>;
}

/** The owner's side: handlers that run `methods` of `target` for the workers. */
export function servedObject<T>(
  name: string,
  target: T,
  methods: ReadonlyArray<keyof T & string>,
): Handlers {
  const handlers: Handlers = {};
  for (const method of methods) {
    const fn = target[method] as unknown as Method;
    handlers[`${name}.${method}`] = ((args: unknown[]) => fn.apply(target, args)) as never;
  }
  return handlers;
}
