/**
 * HTTPS: the PEM certificate (chain) and private key named by FAKEAI_TLS_CERT / FAKEAI_TLS_KEY,
 * read and checked at startup (a pair that does not match is a configuration error, exit 2,
 * rather than a failure to listen).
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { Config } from "../config/schema.ts";

export interface TlsPem {
  cert: string;
  key: string;
}

export function loadTls(
  config: Pick<Config, "tlsCert" | "tlsKey">,
): { pem: TlsPem | null } | { error: string } {
  const { tlsCert, tlsKey } = config;
  if (tlsCert === null && tlsKey === null) return { pem: null };
  if (tlsCert === null || tlsKey === null) {
    const [given, missing] = tlsCert === null
      ? ["--tls-key (FAKEAI_TLS_KEY)", "--tls-cert (FAKEAI_TLS_CERT)"]
      : ["--tls-cert (FAKEAI_TLS_CERT)", "--tls-key (FAKEAI_TLS_KEY)"];
    return { error: `${given} is set but ${missing} is not: HTTPS needs both` };
  }
  const cert = readPem(tlsCert, "certificate");
  if ("error" in cert) return cert;
  const key = readPem(tlsKey, "private key");
  if ("error" in key) return key;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert.text);
  } catch (err) {
    return { error: `${tlsCert} is not a PEM certificate (${(err as Error).message})` };
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key.text);
  } catch (err) {
    return { error: `${tlsKey} is not a PEM private key (${(err as Error).message})` };
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    return { error: `the TLS key ${tlsKey} does not belong to the certificate ${tlsCert}` };
  }
  return { pem: { cert: cert.text, key: key.text } };
}

function readPem(path: string, what: string): { text: string } | { error: string } {
  try {
    return { text: Deno.readTextFileSync(path) };
  } catch (err) {
    return { error: `cannot read the TLS ${what} ${path}: ${(err as Error).message}` };
  }
}
