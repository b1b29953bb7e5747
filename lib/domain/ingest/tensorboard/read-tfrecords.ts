import { maskedCrc32c } from "./crc32c";

export type TfRecord = { offset: number; data: Uint8Array };
export type TfRecordError = { offset: number; message: string };

/**
 * Splits a TFRecord file into its records. Each record is framed as: uint64 length (little-endian),
 * uint32 masked CRC-32C of those 8 bytes, `length` bytes of data, uint32 masked CRC-32C of the data
 * (tensorflow/core/lib/io/record_writer.cc). Both checksums are verified; the first bad frame ends the
 * read with an error naming its byte offset, so a truncated or corrupted file is never half-read.
 */
export function readTfRecords(bytes: Uint8Array): { records: TfRecord[]; error: TfRecordError | null } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: TfRecord[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) return { records, error: { offset, message: "truncated record header" } };
    const length = Number(view.getBigUint64(offset, true));
    if (view.getUint32(offset + 8, true) !== maskedCrc32c(bytes.subarray(offset, offset + 8))) {
      return { records, error: { offset, message: "length checksum mismatch (not a TFRecord file, or corrupted)" } };
    }
    const start = offset + 12;
    if (start + length + 4 > bytes.length)
      return { records, error: { offset, message: `truncated record (${length} bytes announced)` } };
    const data = bytes.subarray(start, start + length);
    if (view.getUint32(start + length, true) !== maskedCrc32c(data))
      return { records, error: { offset, message: "data checksum mismatch (corrupted record)" } };
    records.push({ offset, data });
    offset = start + length + 4;
  }
  return { records, error: null };
}
