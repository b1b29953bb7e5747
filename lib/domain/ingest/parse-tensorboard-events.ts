import { MAX_STEP, type MetricPoint } from "./schemas";
import { parseEvent } from "./tensorboard/parse-event";
import { readTfRecords } from "./tensorboard/read-tfrecords";
import type { ParseResult } from "../transcripts/message";

export type TensorboardScalars = { points: MetricPoint[]; skipped: number };

/**
 * The scalar points of one TensorBoard event file (`events.out.tfevents.*`, as written by
 * torch.utils.tensorboard, TensorFlow or tensorboardX): every Event's summary scalars as
 * {step, key: tag, value}. Non-scalar summaries (text, images, histograms) are skipped and counted.
 * A bad checksum, a truncated record or a malformed Event is an issue naming its byte offset.
 */
export function parseTensorboardEvents(bytes: Uint8Array): ParseResult<TensorboardScalars> {
  const { records, error } = readTfRecords(bytes);
  if (error) return { ok: false, issues: [{ path: `offset ${error.offset}`, message: error.message }] };
  const points: MetricPoint[] = [];
  let skipped = 0;
  for (const { offset, data } of records) {
    let event;
    try {
      event = parseEvent(data);
    } catch (e) {
      return {
        ok: false,
        issues: [
          {
            path: `offset ${offset}`,
            message: `not a TensorBoard Event (${e instanceof Error ? e.message : String(e)})`,
          },
        ],
      };
    }
    skipped += event.skipped;
    if (event.scalars.length === 0) continue;
    if (!Number.isInteger(event.step) || event.step < 0 || event.step > MAX_STEP) {
      return {
        ok: false,
        issues: [{ path: `offset ${offset}`, message: `step ${event.step} is outside 0..${MAX_STEP}` }],
      };
    }
    for (const { tag, value } of event.scalars) points.push({ step: event.step, key: tag, value });
  }
  return { ok: true, value: { points, skipped } };
}
