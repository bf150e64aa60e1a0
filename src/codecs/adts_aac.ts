/**
 * AAC-LC in ADTS without an AAC encoder: every frame is the smallest valid raw_data_block, a
 * single_channel_element whose long-window ics_info has max_sfb = 0 (no spectral data, i.e.
 * silence), followed by the END element. Each frame decodes to 1024 samples of silence, so
 * the duration is the number of frames × 1024 / sample rate (rounded up to whole frames).
 */
import { BitWriter } from "./bit_writer.ts";

export const AAC_FRAME_SAMPLES = 1024;
const ADTS_HEADER = 7;

/** MPEG-4 sampling frequency index (ISO/IEC 14496-3, Table 1.18). */
export const AAC_SAMPLE_RATES = [
  96000,
  88200,
  64000,
  48000,
  44100,
  32000,
  24000,
  22050,
  16000,
  12000,
  11025,
  8000,
  7350,
];

export function encodeAdtsAac(sampleCount: number, sampleRate: number): Uint8Array<ArrayBuffer> {
  const rateIndex = AAC_SAMPLE_RATES.indexOf(sampleRate);
  if (rateIndex < 0) throw new RangeError(`AAC has no sampling index for ${sampleRate} Hz`);
  const payload = silentRawDataBlock();
  const frame = new Uint8Array(ADTS_HEADER + payload.length);
  frame.set(adtsHeader(rateIndex, frame.length));
  frame.set(payload, ADTS_HEADER);
  const frames = Math.max(1, Math.ceil(sampleCount / AAC_FRAME_SAMPLES));
  const out = new Uint8Array(frames * frame.length);
  for (let i = 0; i < frames; i++) out.set(frame, i * frame.length);
  return out;
}

function adtsHeader(rateIndex: number, frameLength: number): Uint8Array<ArrayBuffer> {
  const w = new BitWriter();
  w.write(0xfff, 12); // syncword
  w.write(0, 1); // MPEG-4
  w.write(0, 2); // layer
  w.write(1, 1); // protection absent (no CRC)
  w.write(1, 2); // profile: AAC LC (object type 2) - 1
  w.write(rateIndex, 4);
  w.write(0, 1); // private bit
  w.write(1, 3); // channel configuration: mono
  w.write(0, 4); // original/copy, home, copyright id bit, copyright id start
  w.write(frameLength, 13);
  w.write(0x7ff, 11); // buffer fullness: variable bit rate
  w.write(0, 2); // one raw data block
  return w.bytes().slice();
}

function silentRawDataBlock(): Uint8Array<ArrayBuffer> {
  const w = new BitWriter();
  w.write(0, 3); // ID_SCE
  w.write(0, 4); // element_instance_tag
  w.write(100, 8); // global_gain (any value: there are no coefficients to scale)
  // ics_info
  w.write(0, 1); // ics_reserved_bit
  w.write(0, 2); // ONLY_LONG_SEQUENCE
  w.write(0, 1); // window_shape
  w.write(0, 6); // max_sfb = 0: no section, scale factor or spectral data
  w.write(0, 1); // predictor_data_present
  w.write(0, 1); // pulse_data_present
  w.write(0, 1); // tns_data_present
  w.write(0, 1); // gain_control_data_present
  w.write(7, 3); // ID_END
  w.align();
  return w.bytes().slice();
}
