import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import type { CompletionsTable } from "@/lib/domain/transcripts/parse-trl-completions";
import { AppError } from "../errors";

const MAGIC = "PAR1";

/** True when `bytes` start and end with the parquet magic `PAR1`. */
export function isParquet(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const text = (from: number) => String.fromCharCode(...bytes.subarray(from, from + 4));
  return text(0) === MAGIC && text(bytes.length - 4) === MAGIC;
}

/**
 * Every row of a parquet file (pure JavaScript, hyparquet: uncompressed and snappy pages, as pandas'
 * `to_parquet` writes them by default). INT64 cells come back as bigints. A file that is not parquet,
 * or uses a codec or type the reader lacks, is a 422 naming the reason.
 */
export async function readParquetTable(bytes: Uint8Array, name: string): Promise<CompletionsTable> {
  if (!isParquet(bytes))
    throw new AppError("UNPROCESSABLE", `${name}: not a parquet file (no PAR1 magic at both ends)`);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const metadata = parquetMetadata(file);
    const columns = parquetSchema(metadata).children.map((child) => child.element.name);
    const objects = await parquetReadObjects({ file, metadata });
    return { columns, rows: objects.map((row) => columns.map((column) => row[column])) };
  } catch (error) {
    throw new AppError(
      "UNPROCESSABLE",
      `${name}: unreadable parquet: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
