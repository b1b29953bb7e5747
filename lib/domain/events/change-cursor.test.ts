import { describe, expect, it } from "vitest";
import { acceptChanges, createChangeCursor, settleCursor } from "./change-cursor";

describe("change cursor", () => {
  it("follows contiguous ids and never sends one twice", () => {
    const cursor = createChangeCursor(10);
    expect(acceptChanges(cursor, [11, 12, 13])).toEqual([11, 12, 13]);
    settleCursor(cursor, 0, 2_000);
    expect(cursor.after).toBe(13);
    expect(acceptChanges(cursor, [12, 13, 14])).toEqual([14]);
  });

  it("waits at a gap so a late commit below the newest id is still sent, then gives up after the grace", () => {
    const cursor = createChangeCursor(0);
    acceptChanges(cursor, [1, 3]);
    settleCursor(cursor, 1_000, 2_000);
    expect(cursor.after).toBe(1);
    expect(acceptChanges(cursor, [2, 3])).toEqual([2]);
    settleCursor(cursor, 1_500, 2_000);
    expect(cursor.after).toBe(3);

    acceptChanges(cursor, [5]);
    settleCursor(cursor, 2_000, 2_000);
    expect(cursor.after).toBe(3);
    settleCursor(cursor, 4_000, 2_000);
    expect(cursor.after).toBe(5);
    expect(cursor.sent.size).toBe(0);
  });
});
