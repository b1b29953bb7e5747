import { describe, expect, it } from "vitest";
import { withTransientRetry, withWriteRetry } from "./write-retry";

// The shape @prisma/adapter-better-sqlite3 gives SQLITE_BUSY: P1008 "Operation has timed out".
const sqliteBusy = Object.assign(new Error("Operation has timed out"), {
  code: "P1008",
  meta: {
    modelName: "Rollout",
    driverAdapterError: {
      cause: { originalCode: "SQLITE_BUSY", originalMessage: "database is locked", kind: "SocketTimeout" },
    },
  },
});

describe("withWriteRetry", () => {
  it("runs the write again until it succeeds", async () => {
    let calls = 0;
    const result = await withWriteRetry(async () => {
      if (++calls < 3) throw sqliteBusy;
      return "written";
    });
    expect([result, calls]).toEqual(["written", 3]);
  });

  it("retries a unique-key race a bounded number of times, then lets it through", async () => {
    let calls = 0;
    const race = Object.assign(new Error("Unique constraint failed"), { code: "P2002" });
    await expect(
      withWriteRetry(async () => {
        calls++;
        throw race;
      }),
    ).rejects.toBe(race);
    expect(calls).toBe(8);
  });

  it("passes errors that retrying cannot fix through at once", async () => {
    let calls = 0;
    const bug = new TypeError("x is undefined");
    await expect(
      withWriteRetry(async () => {
        calls++;
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it("gives a transient error back once the deadline has passed, and never retries conflicts for reads", async () => {
    let calls = 0;
    await expect(
      withTransientRetry(
        "read",
        async () => {
          calls++;
          throw sqliteBusy;
        },
        { deadlineMs: 120 },
      ),
    ).rejects.toBe(sqliteBusy);
    expect(calls).toBeGreaterThan(1);
    calls = 0;
    await expect(
      withTransientRetry("read", async () => {
        calls++;
        throw Object.assign(new Error("dup"), { code: "P2002" });
      }),
    ).rejects.toThrow("dup");
    expect(calls).toBe(1);
  });
});
