/** Ogg page writer (RFC 3533): lacing, granule positions, BOS/EOS flags and page CRC-32. */
import { crc32Ogg } from "./crc.ts";

export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;

export interface OggPacketGroup {
  /** Whole packets that complete on this page (each < 255 × 255 bytes). */
  packets: Uint8Array[];
  /** Granule position after the last packet on the page. */
  granule: number;
  flags?: number;
}

export function oggPage(
  group: OggPacketGroup,
  serial: number,
  sequence: number,
): Uint8Array<ArrayBuffer> {
  const lacing: number[] = [];
  for (const p of group.packets) {
    let left = p.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  if (lacing.length > 255) throw new RangeError("too many segments for one Ogg page");
  const body = group.packets.reduce((n, p) => n + p.length, 0);
  const page = new Uint8Array(27 + lacing.length + body);
  const view = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53]); // "OggS"
  page[4] = 0; // version
  page[5] = group.flags ?? 0;
  view.setUint32(6, group.granule >>> 0, true);
  view.setUint32(10, Math.floor(group.granule / 2 ** 32), true);
  view.setUint32(14, serial >>> 0, true);
  view.setUint32(18, sequence >>> 0, true);
  page[26] = lacing.length;
  page.set(lacing, 27);
  let offset = 27 + lacing.length;
  for (const p of group.packets) {
    page.set(p, offset);
    offset += p.length;
  }
  view.setUint32(22, crc32Ogg(page), true);
  return page;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
