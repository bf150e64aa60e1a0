/**
 * Strict checks of Anthropic's Messages wire format, shared by the unit and end-to-end tests:
 * every event has exactly its documented keys with their types, its `event:` line names its
 * data's type, and the events come in a valid order (message_start; per block a start, deltas of
 * the block's kind and a stop, blocks numbered from 0; pings anywhere after the start; then
 * message_delta and message_stop — or an error event, which ends the stream).
 */
import assert from "node:assert/strict";

type Json = Record<string, unknown>;
/** A value's expected type: a JSON type name, an exact value, a nested shape, or a check. */
type Spec = "string" | "integer" | "null" | "array" | { literal: unknown } | Shape | Check;
type Shape = { [key: string]: Spec };
type Check = (value: unknown, at: string) => void;

const oneOf = (...specs: Spec[]): Check => (value, at) => {
  const failures: string[] = [];
  for (const spec of specs) {
    try {
      return checkValue(value, spec, at);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  assert.fail(`${at}: none of the allowed shapes: ${failures.join(" | ")}`);
};

function checkValue(value: unknown, spec: Spec, at: string): void {
  if (typeof spec === "function") return spec(value, at);
  if (spec === "string") return assert.equal(typeof value, "string", `${at} is a string`);
  if (spec === "integer") {
    return assert.ok(Number.isInteger(value) && (value as number) >= 0, `${at} is a count`);
  }
  if (spec === "null") return assert.equal(value, null, `${at} is null`);
  if (spec === "array") return assert.ok(Array.isArray(value), `${at} is an array`);
  if ("literal" in spec && Object.keys(spec).length === 1 && typeof spec.literal !== "object") {
    return assert.deepEqual(value, spec.literal, `${at} is ${JSON.stringify(spec.literal)}`);
  }
  checkShape(value, spec as Shape, at);
}

/** `value` has exactly the shape's keys, each of its type. */
export function checkShape(value: unknown, shape: Shape, at = "data"): void {
  assert.ok(typeof value === "object" && value !== null && !Array.isArray(value), `${at} object`);
  assert.deepEqual(
    Object.keys(value as Json).sort(),
    Object.keys(shape).sort(),
    `${at} has exactly the documented keys`,
  );
  for (const [key, spec] of Object.entries(shape)) {
    checkValue((value as Json)[key], spec, `${at}.${key}`);
  }
}

const lit = (literal: unknown) => ({ literal });
const emptyObject: Check = (v, at) => assert.deepEqual(v, {}, `${at} is {}`);
const emptyArray: Check = (v, at) => assert.deepEqual(v, [], `${at} is []`);
const matching = (re: RegExp): Check => (v, at) =>
  assert.ok(typeof v === "string" && re.test(v), `${at} matches ${re}`);

/** message_delta's usage: the message's cumulative counts (no server tools are simulated). */
export const DELTA_USAGE: Shape = {
  input_tokens: "integer",
  cache_creation_input_tokens: "integer",
  cache_read_input_tokens: "integer",
  output_tokens: "integer",
};

/** The Message's usage (and message_start's): the counts with the cache writes by lifetime. */
export const USAGE: Shape = {
  ...DELTA_USAGE,
  cache_creation: { ephemeral_5m_input_tokens: "integer", ephemeral_1h_input_tokens: "integer" },
};

/** Stop reasons FakeAI sends (a content_filter finish reason is Anthropic's refusal). */
const STOP_REASON = oneOf(
  lit("end_turn"),
  lit("max_tokens"),
  lit("stop_sequence"),
  lit("tool_use"),
  lit("refusal"),
);

const BLOCK_STARTS: Record<string, Shape> = {
  text: { type: lit("text"), text: lit("") },
  thinking: { type: lit("thinking"), thinking: lit("") },
  tool_use: { type: lit("tool_use"), id: matching(/^toolu_/), name: "string", input: emptyObject },
};
/** The delta types each block kind takes (a thinking block's signature comes last). */
const DELTAS: Record<string, Record<string, Shape>> = {
  text: { text_delta: { type: lit("text_delta"), text: "string" } },
  thinking: {
    thinking_delta: { type: lit("thinking_delta"), thinking: "string" },
    signature_delta: { type: lit("signature_delta"), signature: "string" },
  },
  tool_use: { input_json_delta: { type: lit("input_json_delta"), partial_json: "string" } },
};

const EVENTS: Record<string, Shape> = {
  message_start: {
    type: lit("message_start"),
    message: {
      id: matching(/^msg_/),
      type: lit("message"),
      role: lit("assistant"),
      model: "string",
      content: emptyArray,
      stop_reason: "null",
      stop_sequence: "null",
      usage: USAGE,
    },
  },
  content_block_start: {
    type: lit("content_block_start"),
    index: "integer",
    content_block: oneOf(...Object.values(BLOCK_STARTS)),
  },
  ping: { type: lit("ping") },
  content_block_delta: {
    type: lit("content_block_delta"),
    index: "integer",
    delta: oneOf(...Object.values(DELTAS).flatMap((d) => Object.values(d))),
  },
  content_block_stop: { type: lit("content_block_stop"), index: "integer" },
  message_delta: {
    type: lit("message_delta"),
    delta: {
      stop_reason: STOP_REASON,
      stop_sequence: oneOf("string", "null"),
    },
    usage: DELTA_USAGE,
  },
  message_stop: { type: lit("message_stop") },
  error: { type: lit("error"), error: { type: "string", message: "string" } },
};

/**
 * Parses an SSE body of `event:` + `data:` frames and checks every frame and their order;
 * returns the events' data.
 */
export function checkMessageStream(text: string): Json[] {
  assert.ok(text.endsWith("\n\n"), "the stream ends with a complete frame");
  const events = text.slice(0, -2).split("\n\n").map((frame, i) => {
    const lines = frame.split("\n");
    assert.equal(lines.length, 2, `frame ${i} is an event line and a data line: ${frame}`);
    assert.ok(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), frame);
    const data = JSON.parse(lines[1].slice("data: ".length)) as Json;
    assert.equal(lines[0].slice("event: ".length), data.type, "the event line names data.type");
    const shape = EVENTS[String(data.type)];
    assert.ok(shape, `known event type ${data.type}`);
    checkShape(data, shape, `${data.type}`);
    return data;
  });
  checkOrder(events);
  return events;
}

function checkOrder(events: Json[]): void {
  assert.equal(events[0]?.type, "message_start", "message_start comes first");
  let open: { index: number; kind: string; signed: boolean } | null = null;
  let next = 0;
  let state: "blocks" | "delta" | "stopped" = "blocks";
  events.slice(1).forEach((e, i) => {
    const at = `event ${i + 1} (${e.type})`;
    assert.notEqual(state, "stopped", `${at}: nothing after message_stop`);
    switch (e.type) {
      case "ping":
        return assert.equal(state, "blocks", `${at}: pings come before message_delta`);
      case "content_block_start": {
        assert.ok(open === null && state === "blocks", `${at}: blocks do not overlap`);
        assert.equal(e.index, next++, `${at}: blocks are numbered from 0`);
        open = {
          index: e.index as number,
          kind: (e.content_block as Json).type as string,
          signed: false,
        };
        return;
      }
      case "content_block_delta": {
        assert.ok(open && e.index === open.index, `${at}: a delta of the open block`);
        const type = (e.delta as Json).type as string;
        assert.ok(type in DELTAS[open.kind], `${at}: ${type} fits a ${open.kind} block`);
        assert.ok(!open.signed, `${at}: the signature is a thinking block's last delta`);
        open.signed = type === "signature_delta";
        return;
      }
      case "content_block_stop":
        assert.ok(open && e.index === open.index, `${at}: stops the open block`);
        assert.ok(open.kind !== "thinking" || open.signed, `${at}: a thinking block is signed`);
        open = null;
        return;
      case "message_delta":
        assert.ok(open === null && state === "blocks", `${at}: after every block, once`);
        state = "delta";
        return;
      case "message_stop":
        assert.equal(state, "delta", `${at}: follows message_delta`);
        state = "stopped";
        return;
      case "error":
        assert.equal(i, events.length - 2, `${at}: an error ends the stream`);
        state = "stopped";
        return;
    }
  });
  assert.equal(state, "stopped", "the stream ends with message_stop or an error");
}

/** A non-streamed Message: exactly its documented keys, content blocks included. */
export function checkMessageBody(body: unknown): void {
  checkShape(body, {
    id: matching(/^msg_/),
    type: lit("message"),
    role: lit("assistant"),
    model: "string",
    content: (blocks, at) => {
      assert.ok(Array.isArray(blocks), `${at} is an array`);
      blocks.forEach((b, i) =>
        checkValue(
          b,
          oneOf(
            { type: lit("text"), text: "string" },
            { type: lit("thinking"), thinking: "string", signature: "string" },
            {
              type: lit("tool_use"),
              id: matching(/^toolu_/),
              name: "string",
              input: (v, a) =>
                assert.ok(typeof v === "object" && v !== null && !Array.isArray(v), `${a} object`),
            },
          ),
          `${at}[${i}]`,
        )
      );
    },
    stop_reason: STOP_REASON,
    stop_sequence: oneOf("string", "null"),
    usage: USAGE,
  }, "message");
}
