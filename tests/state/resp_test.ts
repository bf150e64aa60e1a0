/** RESP2 encoding and incremental parsing; Redis URLs. */
import assert from "node:assert/strict";
import {
  encodeCommand,
  RespError,
  RespParser,
  RespProtocolError,
  type RespValue,
} from "../../src/state/resp.ts";
import { describeEndpoint, parseRedisUrl, redisUrl } from "../../src/config/redis_url.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("commands are arrays of bulk strings with byte lengths", () => {
  assert.equal(text(encodeCommand(["PING"])), "*1\r\n$4\r\nPING\r\n");
  assert.equal(
    text(encodeCommand(["SET", "clé", 42])),
    "*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n42\r\n",
  );
  assert.equal(text(encodeCommand(["ECHO", ""])), "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
});

Deno.test("every reply type parses", () => {
  const p = new RespParser();
  const replies = p.push(bytes(
    "+OK\r\n-NOSCRIPT No matching script\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n$0\r\n\r\n" +
      "*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n$4\r\nb\r\nc\r\n*0\r\n",
  ));
  assert.equal(replies.length, 9);
  assert.equal(replies[0], "OK");
  assert.ok(replies[1] instanceof RespError);
  assert.equal((replies[1] as RespError).code, "NOSCRIPT");
  assert.equal((replies[1] as RespError).message, "NOSCRIPT No matching script");
  assert.deepEqual(replies.slice(2), [
    -42,
    "hello",
    null,
    null,
    "",
    [1, ["a", null], "b\r\nc"],
    [],
  ]);
});

Deno.test("replies split across reads at every byte boundary parse the same", () => {
  const wire = "*3\r\n:0\r\n$19\r\n0.50000000000000011\r\n$11\r\nnaïve text\r\n+PONG\r\n";
  const whole = new RespParser().push(bytes(wire));
  const encoded = bytes(wire);
  for (let cut = 1; cut < encoded.byteLength; cut++) {
    const p = new RespParser();
    const got: RespValue[] = [
      ...p.push(encoded.subarray(0, cut)),
      ...p.push(encoded.subarray(cut)),
    ];
    assert.deepEqual(got, whole, `cut at ${cut}`);
  }
  // One byte at a time, including inside the two-byte UTF-8 "ï".
  const p = new RespParser();
  const got: RespValue[] = [];
  for (const b of encoded) got.push(...p.push(Uint8Array.of(b)));
  assert.deepEqual(got, whole);
  assert.deepEqual(whole, [[0, "0.50000000000000011", "naïve text"], "PONG"]);
});

Deno.test("an incomplete reply waits for more bytes", () => {
  const p = new RespParser();
  assert.deepEqual(p.push(bytes("$11\r\nhello")), []);
  assert.deepEqual(p.push(bytes(" worl")), []);
  assert.deepEqual(p.push(bytes("d\r")), []);
  assert.deepEqual(p.push(bytes("\n:7")), ["hello world"]);
  assert.deepEqual(p.push(bytes("\r\n")), [7]);
});

Deno.test("bytes that are not RESP2 are a protocol error", () => {
  assert.throws(() => new RespParser().push(bytes("?what\r\n")), RespProtocolError);
  assert.throws(() => new RespParser().push(bytes(":12x\r\n")), RespProtocolError);
  assert.throws(() => new RespParser().push(bytes("$2\r\nabcd\r\n")), RespProtocolError);
});

Deno.test("Redis URLs: host, port, password, user, db, TLS", () => {
  const parse = (url: string) => {
    const r = parseRedisUrl(url);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  assert.deepEqual(parse("redis://localhost"), {
    hostname: "localhost",
    port: 6379,
    tls: false,
    username: null,
    password: null,
    db: 0,
  });
  assert.deepEqual(parse("redis://:s%40cret@cache:6380/2"), {
    hostname: "cache",
    port: 6380,
    tls: false,
    username: null,
    password: "s@cret",
    db: 2,
  });
  const acl = parse("rediss://app:pw@10.0.0.5:7000");
  assert.equal(acl.username, "app");
  assert.equal(acl.password, "pw");
  assert.equal(acl.tls, true);
  assert.equal(describeEndpoint(parse("redis://:pw@[::1]:6379/3")), "redis://[::1]:6379/3");
});

Deno.test("bad Redis URLs are refused without echoing the password", () => {
  for (const bad of ["http://:pw@h:1", "redis://:pw@h:1/db", "not a url pw", "redis://:pw@h:0"]) {
    const r = redisUrl.fromString(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.doesNotMatch(r.error, /pw/);
  }
  assert.deepEqual(redisUrl.fromString(" redis://h:1/0 "), { ok: true, value: "redis://h:1/0" });
});

Deno.test("command byte lengths count UTF-8 bytes, surrogate pairs and lone surrogates included", () => {
  for (const value of ["plain", "é", "€", "🍕", "a\ud800b", "\udc00"]) {
    const bytes = encodeCommand([value]);
    const expected = new TextEncoder().encode(value).byteLength;
    const text = new TextDecoder().decode(bytes);
    assert.ok(text.startsWith(`*1\r\n$${expected}\r\n`), `${JSON.stringify(value)} → ${text}`);
  }
});
