import assert from "node:assert/strict";
import {
  formatIp,
  inRange,
  ipRangeProblem,
  parseIp,
  parseRange,
} from "../../src/util/ip_address.ts";

const canon = (text: string) => {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
};

Deno.test("IPv4 and IPv6 parse to canonical text", () => {
  assert.equal(canon("192.168.001.010"), "192.168.1.10");
  assert.equal(canon("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  assert.equal(canon("::1"), "::1");
  assert.equal(canon("::"), "::");
  assert.equal(canon("[fe80::1%eth0]"), "fe80::1");
  assert.equal(canon("1:0:0:2:0:0:0:3"), "1:0:0:2::3"); // the longest zero run is compressed
  assert.equal(canon("::ffff:203.0.113.9"), "203.0.113.9"); // IPv4-mapped is the IPv4 address
  assert.equal(canon("64:ff9b::192.0.2.33"), "64:ff9b::c000:221");
  assert.equal(canon("010.0.0.1"), "10.0.0.1"); // leading zeros are decimal, not octal
  assert.equal(canon(" ::FFFF:0a00:0001 "), "10.0.0.1");
  // The deprecated IPv4-compatible form (RFC 4291 §2.5.5.1) is read as mapped, as ipaddr.js does.
  assert.equal(canon("::1.2.3.4"), "1.2.3.4");
});

Deno.test("malformed addresses are rejected", () => {
  for (
    const bad of [
      "",
      "1.2.3",
      "256.1.1.1",
      "1.2.3.4.5",
      "1::2::3",
      "12345::",
      "g::1",
      "1.2.3.4::",
      "host",
      // inet_aton's forms (which ipaddr.js alone would read) are not addresses here.
      "0x7f.0.0.1",
      "3232235786",
      "127.1",
      "1.2.3.4%eth0",
      "[1.2.3.4]",
    ]
  ) {
    assert.equal(parseIp(bad), null, bad);
  }
});

Deno.test("CIDR ranges match the addresses inside them only", () => {
  const r = parseRange("10.0.0.0/8")!;
  assert.ok(inRange(parseIp("10.255.3.4")!, r));
  assert.ok(!inRange(parseIp("11.0.0.1")!, r));
  const odd = parseRange("192.168.4.0/22")!;
  assert.ok(inRange(parseIp("192.168.7.255")!, odd));
  assert.ok(!inRange(parseIp("192.168.8.0")!, odd));
  const v6 = parseRange("2001:db8::/32")!;
  assert.ok(inRange(parseIp("2001:db8:ffff::1")!, v6));
  assert.ok(!inRange(parseIp("10.0.0.1")!, v6)); // families never mix
  assert.ok(inRange(parseIp("127.0.0.1")!, parseRange("127.0.0.1")!)); // a bare address is a /32
  assert.ok(inRange(parseIp("10.1.2.3")!, parseRange("::ffff:10.0.0.0/104")!));
  assert.ok(inRange(parseIp("8.8.8.8")!, parseRange("0.0.0.0/0")!));
  assert.ok(inRange(parseIp("::ffff:10.9.8.7")!, parseRange("10.0.0.0/8")!));
  assert.ok(!inRange(parseIp("::ffff:10.9.8.7")!, parseRange("::/0")!));
  assert.ok(inRange(parseIp("fe80::1%eth0")!, parseRange("fe80::/10")!));
});

Deno.test("the config validator names the bad entry", () => {
  assert.equal(ipRangeProblem("10.0.0.0/8"), null);
  assert.equal(ipRangeProblem("10.0.0.0/33"), 'not an IP address or CIDR range: "10.0.0.0/33"');
  assert.match(ipRangeProblem("::ffff:10.0.0.0/95")!, /95/); // a mapped range below /96
  assert.match(ipRangeProblem("2001:db8::/129")!, /129/);
  assert.match(ipRangeProblem("proxy.local")!, /proxy\.local/);
});
