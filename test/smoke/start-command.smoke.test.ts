import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/local-services";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spikewatch-smoke-"));
let server: ChildProcess;
let base = "";
let output = "";

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`npm start exited with ${server.exitCode}:\n${output}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${output}`);
}

// What a new user does: `npm start` on an empty data directory, then talks to the API.
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    SPIKEWATCH_DATA_DIR: dataDir,
    DATABASE_URL: "",
    SPIKEWATCH_API_TOKEN: "",
    SPIKEWATCH_WORKER_POLL_MS: "100",
    SPIKEWATCH_DEMO: "auto",
    SPIKEWATCH_SAMPLE_DATA: "",
  };
  server = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: ROOT,
    env,
    detached: true,
  });
  server.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor(`${base}/api/healthz`, 240_000);
});

afterAll(() => {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start on a fresh data directory", () => {
  it("creates the SQLite file and a first API token, and serves the dashboard", async () => {
    expect(fs.existsSync(path.join(dataDir, "spikewatch.db"))).toBe(true);
    expect(fs.statSync(path.join(dataDir, "api-token")).mode & 0o777).toBe(0o600);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Spikewatch");
  });

  it("loads the labelled demo runs into the empty database", async () => {
    expect(output).toContain(
      'loaded demo data (9 simulated runs, labelled "demo"); remove it with: npx spikewatch demo remove',
    );
    const { runs } = (await (await fetch(`${base}/api/runs?includeDemo=true`)).json()) as {
      runs: { id: string; name: string; isDemo: boolean }[];
    };
    expect(runs.filter((r) => r.isDemo && r.name.startsWith("demo-")).length).toBe(9);
    const vanilla = runs.find((r) => r.name === "demo-grpo-vanilla")!;
    const health = (await (await fetch(`${base}/api/runs/${vanilla.id}/health?split=train`)).json()) as {
      steps: unknown[];
    };
    expect(health.steps.length).toBe(150);
  });

  it("imports the ten real ACEBench configurations beside the checkout as eval runs, not demo", async () => {
    const folders = fs
      .readdirSync(path.resolve(ROOT, "..", "shared", "data", "acebench-dialogues", "multi_turn"))
      .sort();
    expect(folders.length).toBe(10);
    for (const folder of folders)
      expect(output).toContain(`sample data: imported ACEBench run "${folder}" (30 eval dialogues)`);
    const real = (await (await fetch(`${base}/api/runs?includeDemo=false`)).json()) as {
      runs: { id: string; name: string; regime: string | null }[];
    };
    expect(real.runs.map((r) => r.name).sort()).toEqual(folders);
    const grpo = real.runs.find((r) => r.name === "Qwen2.5-1.5B-GRPO")!;
    expect(grpo.regime).toBe("vanilla_rl");
    const health = (await (await fetch(`${base}/api/runs/${grpo.id}/health?split=eval`)).json()) as {
      steps: { step: number; rollouts: number }[];
    };
    expect(health.steps.map((h) => [h.step, h.rollouts])).toEqual([[0, 30]]);
  });

  it("accepts a run and rollouts over HTTP with the first token and classifies them", async () => {
    const token = fs.readFileSync(path.join(dataDir, "api-token"), "utf8").trim();
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const created = await fetch(`${base}/api/runs`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "smoke", regime: "vanilla_rl" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const rollouts = [{ step: 1, sampleId: "a", text: "<|im_start|>assistant\n<tool_call>\n<|im_end|>" }];
    const posted = await fetch(`${base}/api/runs/${id}/rollouts`, {
      method: "POST",
      headers,
      body: JSON.stringify({ rollouts }),
    });
    expect(await posted.json()).toEqual({ inserted: 1, duplicates: 0, steps: [1], duplicateRollouts: [] });
    const health = (await (await fetch(`${base}/api/runs/${id}/health`)).json()) as {
      steps: { states: Record<string, number> }[];
    };
    expect(health.steps[0]!.states.full_collapse).toBe(1);

    const unauthorised = await fetch(`${base}/api/runs`, { method: "POST", body: JSON.stringify({ name: "x" }) });
    expect(unauthorised.status).toBe(401);
  });

  it("runs the worker beside the web app: a reclassify job succeeds", async () => {
    const token = fs.readFileSync(path.join(dataDir, "api-token"), "utf8").trim();
    const runs = (await (await fetch(`${base}/api/runs?includeDemo=false`)).json()) as {
      runs: { id: string; name: string }[];
    };
    const smoke = runs.runs.find((r) => r.name === "smoke")!;
    const res = await fetch(`${base}/api/runs/${smoke.id}/reclassify`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    const { jobId } = (await res.json()) as { jobId: string };
    let status = "";
    for (let i = 0; i < 100 && status !== "succeeded" && status !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = ((await (await fetch(`${base}/api/jobs/${jobId}`)).json()) as { status: string }).status;
    }
    expect(status).toBe("succeeded");
  });
});
