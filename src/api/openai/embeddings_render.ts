/** Embedding vectors on the wire: a float array, or base64 of little-endian float32 bytes. */

export type EncodingFormat = "float" | "base64";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeEmbedding(vector: Float32Array, format: EncodingFormat): number[] | string {
  if (format === "base64") return toBase64(vector);
  const out = new Array<number>(vector.length);
  // float32 values printed as doubles carry ~17 digits of noise; 9 decimals is float32 precision.
  for (let i = 0; i < vector.length; i++) out[i] = Math.round(vector[i] * 1e9) / 1e9;
  return out;
}

function toBase64(vector: Float32Array): string {
  let bytes = new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
  if (!LITTLE_ENDIAN) {
    const view = new DataView(new ArrayBuffer(vector.byteLength));
    for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i], true);
    bytes = new Uint8Array(view.buffer);
  }
  let binary = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
