import { describe, expect, it } from "vitest";
import { isRetryable, withWriteRetry } from "./write-retry";

// The shape @prisma/adapter-better-sqlite3 gives SQLITE_BUSY: P1008 "Operation has timed out".
const sqliteBusy = Object.assign(new Error("Operation has timed out"), {
  code: "P1008",
  meta: { modelName: "Rollout", driverAdapterError: { cause: { originalCode: "SQLITE_BUSY", originalMessage: "database is locked", kind: "SocketTimeout" } } },
});

describe("withWriteRetry", () => {
  it("retries SQLite's busy error as the driver adapter reports it, and unique-key races", () => {
    expect(isRetryable(sqliteBusy)).toBe(true);
    expect(isRetryable({ code: "P2002" })).toBe(true);
    expect(isRetryable(new Error("could not serialize access due to concurrent update"))).toBe(true);
  });

  it("passes other errors through, a genuine timeout included", () => {
    expect(isRetryable(new Error("boom"))).toBe(false);
    expect(isRetryable({ code: "P1008", message: "Operation has timed out", meta: {} })).toBe(false);
    expect(isRetryable(null)).toBe(false);
  });

  it("runs the write again until it succeeds", async () => {
    let calls = 0;
    const result = await withWriteRetry(async () => {
      if (++calls < 3) throw sqliteBusy;
      return "written";
    });
    expect([result, calls]).toEqual(["written", 3]);
  });
});
