/**
 * Ogg Opus (RFC 7845) without an Opus encoder: OpusHead and OpusTags, then 20 ms CELT-only
 * fullband packets holding the canonical 3-byte silence frame (TOC 0xF8, then 0xFF 0xFE, whose
 * range-coded silence flag is set) that libopus and FFmpeg decode as digital silence. The
 * granule positions, including pre-skip and end trimming, make the decoded duration exact.
 */
import { concatBytes, OGG_BOS, OGG_EOS, oggPage } from "./ogg.ts";

/** Opus always runs at 48 kHz; a 20 ms frame is 960 samples. */
const OPUS_RATE = 48_000;
const FRAME = 960;
/** libopus's usual encoder delay, declared so decoders trim it like a real stream. */
export const OPUS_PRE_SKIP = 312;
const SILENCE_PACKET = new Uint8Array([0xf8, 0xff, 0xfe]);
const PACKETS_PER_PAGE = 50;
const VENDOR = "FakeAI";

/** An Ogg Opus file that decodes to `sampleCount` samples at `inputRate` (as 48 kHz audio). */
export function encodeOggOpus(
  sampleCount: number,
  inputRate: number,
  serial: number,
): Uint8Array<ArrayBuffer> {
  const samples48 = Math.round((sampleCount * OPUS_RATE) / inputRate);
  const finalGranule = OPUS_PRE_SKIP + samples48;
  const packets = Math.max(1, Math.ceil(finalGranule / FRAME));
  const pages = [
    oggPage({ packets: [opusHead(inputRate)], granule: 0, flags: OGG_BOS }, serial, 0),
    oggPage({ packets: [opusTags()], granule: 0 }, serial, 1),
  ];
  for (let first = 0, seq = 2; first < packets; first += PACKETS_PER_PAGE, seq++) {
    const count = Math.min(PACKETS_PER_PAGE, packets - first);
    const last = first + count === packets;
    pages.push(oggPage(
      {
        packets: Array.from({ length: count }, () => SILENCE_PACKET),
        // The last page's granule is below its packets' total: decoders trim the excess.
        granule: last ? finalGranule : (first + count) * FRAME,
        flags: last ? OGG_EOS : 0,
      },
      serial,
      seq,
    ));
  }
  return concatBytes(pages);
}

function opusHead(inputRate: number): Uint8Array<ArrayBuffer> {
  const head = new Uint8Array(19);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode("OpusHead"));
  head[8] = 1; // version
  head[9] = 1; // channels
  view.setUint16(10, OPUS_PRE_SKIP, true);
  view.setUint32(12, inputRate, true);
  view.setInt16(16, 0, true); // output gain
  head[18] = 0; // channel mapping family
  return head;
}

function opusTags(): Uint8Array<ArrayBuffer> {
  const vendor = new TextEncoder().encode(VENDOR);
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  const view = new DataView(tags.buffer);
  tags.set(new TextEncoder().encode("OpusTags"));
  view.setUint32(8, vendor.length, true);
  tags.set(vendor, 12);
  view.setUint32(12 + vendor.length, 0, true); // no user comments
  return tags;
}
