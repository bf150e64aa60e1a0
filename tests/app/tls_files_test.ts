import assert from "node:assert/strict";
import { loadTls } from "../../src/app/tls_files.ts";
import { selfSigned } from "../support/self_signed.ts";

Deno.test("TLS files: a matching pair loads; every broken setup is one clear message", async () => {
  const pair = await selfSigned();
  const other = await selfSigned();
  try {
    assert.deepEqual(loadTls({ tlsCert: null, tlsKey: null }), { pem: null });
    const ok = loadTls({ tlsCert: pair.cert, tlsKey: pair.key });
    assert.ok("pem" in ok && ok.pem?.cert === pair.pem);

    const error = (tlsCert: string | null, tlsKey: string | null) => {
      const r = loadTls({ tlsCert, tlsKey });
      return "error" in r ? r.error : "";
    };
    assert.equal(
      error(pair.cert, null),
      "--tls-cert (FAKEAI_TLS_CERT) is set but --tls-key (FAKEAI_TLS_KEY) is not: HTTPS needs both",
    );
    assert.match(
      error(`${pair.dir}/missing.pem`, pair.key),
      /^cannot read the TLS certificate .*missing\.pem: /,
    );
    assert.match(error(pair.cert, `${pair.dir}/missing.pem`), /^cannot read the TLS private key /);
    assert.match(error(pair.key, pair.cert), /key\.pem is not a PEM certificate/);
    assert.match(error(pair.cert, pair.cert), /cert\.pem is not a PEM private key/);
    assert.equal(
      error(pair.cert, other.key),
      `the TLS key ${other.key} does not belong to the certificate ${pair.cert}`,
    );
  } finally {
    await Deno.remove(pair.dir, { recursive: true });
    await Deno.remove(other.dir, { recursive: true });
  }
});
