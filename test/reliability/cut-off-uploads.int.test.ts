import { expect, it } from "vitest";
import * as checkpointsRoute from "@/app/api/runs/[id]/checkpoints/route";
import * as runsRoute from "@/app/api/runs/route";
import { TEST_API_TOKEN } from "../global-setup";
import { call, db, uniqueName } from "../helpers";

const BOUNDARY = "cut0ff";

function part(name: string, body: string, filename?: string): string {
  const disposition = `form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}`;
  return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${filename ? "Content-Type: application/octet-stream\r\n" : ""}\r\n${body}\r\n`;
}

// An allowed file part, then one outside the allowed set: both code paths of a part see the cut.
const BODY = `${part("step", "5")}${part("config.json", '{"a": 1}', "config.json")}${part("evil", "x".repeat(64), "x")}--${BOUNDARY}--\r\n`;

it("a multipart body cut off anywhere is a 4xx, stores nothing and raises no uncaught error", async () => {
  // Vitest fails the run on an uncaught exception, which an unheard stream error would be (it killed the server process).
  const id = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("cut-off") } })).json.id;
  for (let cut = 1; cut < BODY.length; cut++) {
    const req = new Request(`http://spikewatch.test/api/runs/${id}/checkpoints`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TEST_API_TOKEN}`,
        "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body: BODY.slice(0, cut),
    });
    const res = await checkpointsRoute.POST(req, { params: Promise.resolve({ id }) });
    expect(res.status, `cut at ${cut}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `cut at ${cut}`).toBeLessThan(500);
  }
  expect(await db().checkpoint.count({ where: { runId: id } })).toBe(0);
});
