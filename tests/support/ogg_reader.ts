/** Splits an Ogg stream into pages and packets, checking each page's CRC-32. */
import { crc32Ogg } from "../../src/codecs/crc.ts";

export interface OggPageInfo {
  flags: number;
  granule: number;
  serial: number;
  sequence: number;
  packets: Uint8Array[];
}

export function readOggPages(bytes: Uint8Array): OggPageInfo[] {
  const pages: OggPageInfo[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset < bytes.length;) {
    if (String.fromCharCode(...bytes.subarray(offset, offset + 4)) !== "OggS") {
      throw new Error(`no capture pattern at ${offset}`);
    }
    const segments = bytes[offset + 26];
    const lacing = bytes.subarray(offset + 27, offset + 27 + segments);
    const bodyLength = lacing.reduce((a, b) => a + b, 0);
    const end = offset + 27 + segments + bodyLength;
    const page = bytes.slice(offset, end);
    const stored = view.getUint32(offset + 22, true);
    page.fill(0, 22, 26);
    if (crc32Ogg(page) !== stored) throw new Error(`bad CRC in page at ${offset}`);
    const packets: Uint8Array[] = [];
    let body = offset + 27 + segments;
    let size = 0;
    for (const lace of lacing) {
      size += lace;
      if (lace < 255) {
        packets.push(bytes.slice(body, body + size));
        body += size;
        size = 0;
      }
    }
    pages.push({
      flags: bytes[offset + 5],
      granule: view.getUint32(offset + 6, true) + view.getUint32(offset + 10, true) * 2 ** 32,
      serial: view.getUint32(offset + 14, true),
      sequence: view.getUint32(offset + 18, true),
      packets,
    });
    offset = end;
  }
  return pages;
}
