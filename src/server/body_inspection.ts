/**
 * A per-request hook on the JSON body reader: middleware registers an inspector for a request,
 * and readJsonBody runs it on the parsed body before the route validates it. The body is parsed
 * once; requests without an inspector pay one WeakMap lookup.
 */

/** Throws an ApiError to reject the body. */
export type BodyInspector = (body: Record<string, unknown>) => void;

const inspectors = new WeakMap<Request, BodyInspector>();

export function setBodyInspector(request: Request, inspector: BodyInspector): void {
  inspectors.set(request, inspector);
}

export function runBodyInspector(request: Request, body: Record<string, unknown>): void {
  inspectors.get(request)?.(body);
}
