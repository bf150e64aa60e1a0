/** A throwaway self-signed certificate for 127.0.0.1 / localhost, made with openssl. */
import assert from "node:assert/strict";

export interface Pair {
  dir: string;
  cert: string;
  key: string;
  pem: string;
}

export async function selfSigned(): Promise<Pair> {
  const dir = await Deno.makeTempDir({ prefix: "fakeai_tls_" });
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  const out = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=localhost",
      "-days",
      "1",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      // rustls refuses a CA certificate as a server certificate (openssl's default is CA:TRUE).
      "-addext",
      "basicConstraints=critical,CA:FALSE",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return { dir, cert, key, pem: await Deno.readTextFile(cert) };
}
