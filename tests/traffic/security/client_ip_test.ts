import assert from "node:assert/strict";
import { clientIp, peerAddress, TrustedProxies } from "../../../src/traffic/security/client_ip.ts";

const none = new TrustedProxies([]);
const lb = new TrustedProxies(["10.0.0.0/8", "::1"]);

Deno.test("the peer address comes from Deno.serve's handler info (c.env)", () => {
  assert.equal(
    peerAddress({ remoteAddr: { transport: "tcp", hostname: "1.2.3.4", port: 9 } }),
    "1.2.3.4",
  );
  assert.equal(peerAddress(undefined), null); // in-process: batch lines, app.request without env
  assert.equal(peerAddress({}), null);
});

Deno.test("without trusted proxies X-Forwarded-For is ignored", () => {
  assert.equal(clientIp("203.0.113.5", "1.1.1.1", none), "203.0.113.5");
  assert.equal(clientIp("::ffff:203.0.113.5", undefined, none), "203.0.113.5");
  assert.equal(clientIp(null, "1.1.1.1", none), null);
});

Deno.test("an untrusted peer cannot choose its address by sending the header", () => {
  assert.equal(clientIp("203.0.113.5", "10.0.0.9, 1.1.1.1", lb), "203.0.113.5");
});

Deno.test("through trusted proxies the client is the right-most untrusted hop", () => {
  assert.equal(clientIp("10.0.0.2", "198.51.100.7", lb), "198.51.100.7");
  // The client wrote a fake first entry; the proxy appended the real peer after it.
  assert.equal(clientIp("10.0.0.2", "6.6.6.6, 198.51.100.7", lb), "198.51.100.7");
  // Two proxy hops.
  assert.equal(clientIp("10.0.0.2", "198.51.100.7, 10.0.0.3", lb), "198.51.100.7");
  assert.equal(clientIp("::1", "[2001:db8::7]:443", lb), "2001:db8::7");
  assert.equal(clientIp("10.0.0.2", "198.51.100.7:51000", lb), "198.51.100.7");
  // Garbage: stop at the last hop a trusted proxy vouched for.
  assert.equal(clientIp("10.0.0.2", "198.51.100.7, unknown", lb), "10.0.0.2");
  // Only proxies: the left-most is as far as we can see.
  assert.equal(clientIp("10.0.0.2", "10.0.0.4, 10.0.0.3", lb), "10.0.0.4");
});

Deno.test("a bad proxy entry is a programming error here (the config validates first)", () => {
  assert.throws(() => new TrustedProxies(["nope"]), /nope/);
});
