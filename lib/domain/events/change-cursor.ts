/**
 * Tracks which change-feed ids a stream has sent. Ids come from an auto-increment column; on
 * PostgreSQL concurrent transactions can commit out of id order, so an id missing below the newest
 * sent one may still appear. The cursor (the id the next read starts after) only moves past a gap
 * once `gapGraceMs` have passed since the gap was first seen. SQLite commits one writer at a time,
 * so there the gaps never occur and the cursor follows the newest id.
 */
export type ChangeCursor = { after: number; sent: Set<number>; gapSeenAt: Map<number, number> };

export function createChangeCursor(after: number): ChangeCursor {
  return { after, sent: new Set(), gapSeenAt: new Map() };
}

/** Records ids just read (sorted or not); returns those not sent before, in id order. */
export function acceptChanges(cursor: ChangeCursor, ids: readonly number[]): number[] {
  const fresh = [...new Set(ids)].filter((id) => id > cursor.after && !cursor.sent.has(id)).sort((a, b) => a - b);
  for (const id of fresh) cursor.sent.add(id);
  return fresh;
}

/** Moves `after` over sent ids and over gaps older than the grace period; call after each read. */
export function settleCursor(cursor: ChangeCursor, nowMs: number, gapGraceMs: number): void {
  const newest = Math.max(cursor.after, ...cursor.sent);
  for (let id = cursor.after + 1; id <= newest; id++) {
    if (cursor.sent.has(id)) {
      cursor.sent.delete(id);
    } else {
      const seenAt = cursor.gapSeenAt.get(id) ?? nowMs;
      cursor.gapSeenAt.set(id, seenAt);
      if (nowMs - seenAt < gapGraceMs) return;
      cursor.gapSeenAt.delete(id);
    }
    cursor.after = id;
  }
}
