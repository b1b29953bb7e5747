import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import * as checkpointsRoute from "@/app/api/runs/[id]/checkpoints/route";
import * as probesRoute from "@/app/api/runs/[id]/probes/route";
import * as runsRoute from "@/app/api/runs/route";
import { getConfig } from "@/lib/server/context";
import { replayCheckpoint } from "@/worker/replay/replay-checkpoint";
import { DECISION_PROBE } from "../fixtures/tiny-lm/checkpoint-series";
import { TEST_API_TOKEN } from "../global-setup";
import { call, db, uniqueName } from "../helpers";

/** A new run whose only probe is DECISION_PROBE. */
export async function newRun(): Promise<string> {
  const id = (await call(runsRoute.POST, "POST", { body: { name: uniqueName("ckpt") } })).json.id as string;
  expect((await call(probesRoute.POST, "POST", { params: { id }, body: { probes: [DECISION_PROBE] } })).status).toBe(
    200,
  );
  return id;
}

/**
 * Posts a checkpoint folder as the browser and curl do: multipart, one part per file. `fields` are
 * form fields sent before the files, in order; by default just `step`.
 */
export async function upload(
  runId: string,
  step: number | null,
  dir: string,
  token: string | null = TEST_API_TOKEN,
  fields: [string, string][] = [["step", String(step)]],
) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  for (const name of fs.readdirSync(dir)) form.set(name, new Blob([fs.readFileSync(path.join(dir, name))]), name);
  const req = new Request("http://spikewatch.test/api", {
    method: "POST",
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const res = await checkpointsRoute.POST(req, { params: Promise.resolve({ id: runId }) });
  return { status: res.status, json: await res.json() };
}

/** Runs the worker's replay handler in-process, as the job loop would. */
export const replay = (checkpointId: string) =>
  replayCheckpoint(checkpointId, {
    db: db(),
    signal: new AbortController().signal,
    reportProgress: async () => {},
    replay: { dataDir: getConfig().dataDir, device: "auto" },
  });
