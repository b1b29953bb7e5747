import { describe, expect, it } from "vitest";
import { createApiToken, hashToken } from "@/lib/server/auth/tokens";
import { TEST_API_TOKEN } from "../global-setup";
import { db, uniqueName } from "../helpers";
import { routeMethods, statusOf, WRITE_METHODS } from "./route-files";

// The sign-in form posts a token to check; it writes nothing.
const NOT_WRITES = new Set(["POST /api/sign-in"]);

describe("write endpoints", () => {
  it("every write method of every API route refuses a missing, malformed or unknown token with 401", async () => {
    const writes = (await routeMethods()).filter(
      (r) => WRITE_METHODS.includes(r.method) && !NOT_WRITES.has(`${r.method} ${r.route}`),
    );
    expect(writes.length).toBeGreaterThanOrEqual(7);
    const body = JSON.stringify({ name: "x" });
    const refused: string[] = [];
    for (const entry of writes) {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: "Basic abc" },
        { authorization: "Bearer sw_not-a-real-token-0123456789" },
        { authorization: `Bearer ${TEST_API_TOKEN}x` },
      ]) {
        if ((await statusOf(entry, { "content-type": "application/json", ...headers }, body)) === 401)
          refused.push(`${entry.method} ${entry.route}`);
      }
    }
    expect(refused).toEqual(writes.flatMap((r) => Array(4).fill(`${r.method} ${r.route}`)));
  });

  it("stores tokens only as sha256 digests and stops accepting a revoked one", async () => {
    const created = await createApiToken(db(), uniqueName("tok"));
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(8));

    const [runsPost] = (await routeMethods()).filter((r) => r.route === "/api/runs" && r.method === "POST");
    const post = () =>
      statusOf(
        runsPost!,
        { "content-type": "application/json", authorization: `Bearer ${created.token}` },
        JSON.stringify({ name: uniqueName("tok-run") }),
      );
    expect(await post()).toBe(201);
    await db().apiToken.update({ where: { id: created.id }, data: { revokedAt: new Date() } });
    expect(await post()).toBe(401);
  });
});
