import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkpointRoute from "@/app/api/checkpoints/[id]/route";
import * as tracesRoute from "@/app/api/checkpoints/[id]/traces/route";
import * as alertsRoute from "@/app/api/runs/[id]/alerts/route";
import { getConfig } from "@/lib/server/context";
import { makeTempDir, removeDir } from "../fixtures/temp-dir";
import { buildCheckpoint, SPIKE_SERIES_BOOSTS } from "../fixtures/tiny-lm/checkpoint-series";
import { writeCorrupt, type CorruptKind } from "../fixtures/tiny-lm/write-corrupt";
import { call } from "../helpers";
import { newRun, replay, upload } from "./replay-helpers";

let fixtures: string;
beforeAll(() => {
  fixtures = makeTempDir("ckpt");
});
afterAll(() => removeDir(fixtures));

describe("checkpoint replay", () => {
  it("uploads, replays on the CPU, serves traces, and flags the checkpoint where P(<|im_end|>) spikes", async () => {
    const runId = await newRun();
    const ids: string[] = [];
    for (const [i, imEndBoost] of SPIKE_SERIES_BOOSTS.entries()) {
      const res = await upload(
        runId,
        (i + 1) * 100,
        buildCheckpoint(fixtures, `boost-${i}`, {
          imEndBoost,
          declaredInputs: ["attention_mask", "position_ids", "past_key_values"],
        }),
      );
      expect(res.status).toBe(202);
      ids.push(res.json.checkpointId);
      await replay(res.json.checkpointId);
    }
    const last = await call(checkpointRoute.GET, "GET", { params: { id: ids[3]! } });
    expect(last.json).toMatchObject({ step: 400, status: "scored", device: "cpu", probes: { done: 1, total: 1 } });
    expect(last.json.files.map((f: any) => f.name)).toEqual([
      "model.onnx",
      "config.json",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    expect(last.json.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    const trace = (await call(tracesRoute.GET, "GET", { params: { id: ids[3]! }, query: { probe: "decision" } })).json;
    expect(trace.tokens[0]).toMatchObject({ id: 151644, text: "<|im_start|>" });
    expect(Object.keys(trace.tokens[0].control)).toEqual([
      "<tool_call>",
      "</tool_call>",
      "<|im_end|>",
      "<|im_start|>",
      "<|endoftext|>",
      '{"',
    ]);
    expect(trace.tokens[0].top).toHaveLength(5);
    expect(trace.decisionPoints).toHaveLength(1);
    const at = trace.decisionPoints[0].position;
    expect(
      trace.tokens
        .slice(at - 2, at + 1)
        .map((t: any) => t.text)
        .join(""),
    ).toBe("\n<tool_call>\n");
    expect(trace.decisionPoints[0].probabilities["<|im_end|>"]).toBeGreaterThan(0.5);

    const alerts = (
      await call(alertsRoute.GET, "GET", { params: { id: runId }, query: { kind: "control_token_spike" } })
    ).json.alerts;
    expect(alerts.map((a: any) => a.step)).toEqual([400]);
    expect(alerts[0].details.spikes[0]).toMatchObject({ probe: "decision", position: at, token: "<|im_end|>" });
    expect(alerts[0].message).toMatch(/P\(<\|im_end\|>\) jumped to \d+%/);
  });

  it.each<[CorruptKind, RegExp]>([
    ["truncated", /model\.onnx could not be loaded/],
    ["missing-tokenizer", /checkpoint has no tokenizer\.json/],
    ["small-vocab", /the model and tokenizer do not belong together/],
    ["unknown-input", /model input 'pixel_values' is not one Spikewatch can feed/],
  ])("fails a %s checkpoint with a message a user understands", async (kind, message) => {
    const runId = await newRun();
    const dir = buildCheckpoint(fixtures, `bad-${kind}`);
    writeCorrupt(dir, kind);
    const { json } = await upload(runId, 1, dir);
    await expect(replay(json.checkpointId)).rejects.toThrow(
      expect.objectContaining({ name: "PermanentJobError", message: expect.stringMatching(message) }),
    );
    const stored = await call(checkpointRoute.GET, "GET", { params: { id: json.checkpointId } });
    expect(stored.json.status).toBe("failed");
    expect(stored.json.error).toMatch(message);
  });

  it("refuses uploads without a token or weights, with unknown parts or a taken step, leaving no files", async () => {
    const runId = await newRun();
    const dir = buildCheckpoint(fixtures, "refused");
    const root = path.join(getConfig().dataDir, "checkpoints");
    const before = fs.existsSync(root) ? fs.readdirSync(root).length : 0;
    expect((await upload(runId, 1, dir, null)).status).toBe(401);
    expect((await upload(runId, 1, dir)).status).toBe(202);
    expect((await upload(runId, 1, dir)).status).toBe(409);

    const noModel = path.join(fixtures, "no-model");
    fs.mkdirSync(noModel, { recursive: true });
    fs.copyFileSync(path.join(dir, "config.json"), path.join(noModel, "config.json"));
    const missing = await upload(runId, 2, noModel);
    expect(missing.status).toBe(422);
    const noWeights = expect.stringMatching(/^no model weights: expected model\.onnx/);
    expect(missing.json.error.issues[0]).toEqual({ path: "model.safetensors", message: noWeights });

    fs.writeFileSync(path.join(noModel, "evil.sh"), "rm -rf /");
    expect((await upload(runId, 3, noModel)).json.error.message).toMatch(/Unexpected file part 'evil\.sh'/);
    expect(fs.readdirSync(root).length).toBe(before + 1);
  });

  // A probe sent 11 extra fields before `step`: busboy's field limit dropped `step` silently and the
  // answer was "received NaN". `step=""` was read as step 0.
  it("refuses form fields other than one plain whole-number step, naming the field, and leaves no files", async () => {
    const runId = await newRun();
    const dir = buildCheckpoint(fixtures, "fields");
    const root = path.join(getConfig().dataDir, "checkpoints");
    const count = () => (fs.existsSync(root) ? fs.readdirSync(root).length : 0);
    const before = count();
    const extra = Array.from({ length: 11 }, (_, i): [string, string] => [`note${i}`, "x"]);
    const crowded = await upload(runId, null, dir, undefined, [...extra, ["step", "7"]]);
    expect(crowded.status).toBe(422);
    expect(crowded.json.error.issues[0].path).toBe("note0");
    expect(crowded.json.error.message).toMatch(/Unexpected form field 'note0'.*only field is step/);

    for (const step of ["", " 7", "1e3", "0x10", "7.0", "-1", "2147483648", "7".repeat(2_000)]) {
      const res = await upload(runId, null, dir, undefined, [["step", step]]);
      expect(res.status, JSON.stringify(step.slice(0, 20))).toBe(422);
      expect(res.json.error.issues[0].path).toBe("step");
    }
    const twice = await upload(runId, null, dir, undefined, [
      ["step", "5"],
      ["step", "6"],
    ]);
    expect(twice.status).toBe(422);
    expect(twice.json.error.message).toMatch(/step.*more than once/);
    expect(count()).toBe(before);
    expect((await upload(runId, 2_147_483_647, dir)).status).toBe(202);
  });
});
