import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getComparePage } from "@/lib/server/compare/get-compare-page";
import { getRunPage } from "@/lib/server/runs/get-run-page";
import { listRunSummaries } from "@/lib/server/runs/list-run-summaries";
import type { ImportedAcebenchRun } from "@/lib/server/sample-data/import-acebench-folders";
import { importAcebenchSample } from "@/lib/server/sample-data/import-acebench-sample";
import { db, uniqueName } from "../helpers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const MULTI_TURN = path.resolve(ROOT, "..", "shared", "data", "acebench-dialogues", "multi_turn");

// Where structure breaks on the shipped dialogues under the README's rule (first assistant turn that
// 5+ dialogues reach with half or more of those turns broken), measured once and kept as the record.
const EXPECTED_BREAK: Record<string, number | null> = {
  "Qwen2.5-1.5B-GRPO": 1,
  "Qwen2.5-1.5B-GRPO-hint-asst-2-sys": 1,
  "Qwen2.5-1.5B-GRPO+ACE-SFT": 4,
  "Qwen2.5-1.5B-GRPO-sft-replace-1": 5,
  "Qwen2.5-1.5B-Instruct-local": null,
  "Qwen2.5-1.5B-FCL-SFT-lr1e-5": null,
  "Qwen2.5-1.5B-ACE-SFT-lr1e-5": null,
  "Qwen2.5-1.5B-GRPO+FCL-SFT": null,
  "Qwen2.5-1.5B-GRPO-sft-turn-3-lr1e-5": null,
  "Qwen2.5-1.5B-GRPO-pr-turn-3": null,
};

const prefix = `${uniqueName("eval")}-`;
let imported: ImportedAcebenchRun[] = [];
const runOf = (folder: string) => imported.find((r) => r.folder === folder)!.id;

beforeAll(async () => {
  imported = await importAcebenchSample(db(), MULTI_TURN, { namePrefix: prefix });
}, 180_000);

describe("ACEBench runs as evaluations", () => {
  it("are marked finished on import and get the evaluation view, with the structure break where the rule puts it", async () => {
    for (const run of imported) {
      expect((await db().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("finished");
      const page = await getRunPage(db(), run.id);
      if (page?.kind !== "evaluation") throw new Error(`${run.folder}: expected the evaluation view`);
      expect(page.evaluation.structureBreak?.position ?? null, run.folder).toBe(EXPECTED_BREAK[run.folder]);
      expect(page.evaluation.dialogues).toBe(30);
      expect(page.evaluation.byKind.map((k) => k.evalKind)).toEqual(["content_ood"]);
    }
  });

  it("counts every assistant turn once by position, and each dialogue's table row agrees with its stored turns", async () => {
    const runId = runOf("Qwen2.5-1.5B-GRPO+ACE-SFT");
    const page = await getRunPage(db(), runId);
    if (page?.kind !== "evaluation") throw new Error("expected the evaluation view");
    const { evaluation } = page;
    const storedTurns = await db().turn.count({ where: { runId } });
    expect(evaluation.turns).toBe(storedTurns);
    expect(evaluation.positions.reduce((n, p) => n + p.turns, 0)).toBe(storedTurns);
    // Position 1 is reached by every dialogue; positions only ever lose dialogues.
    expect(evaluation.positions[0]).toMatchObject({ position: 1, turns: 30 });
    for (let i = 1; i < evaluation.positions.length; i++)
      expect(evaluation.positions[i]!.turns).toBeLessThanOrEqual(evaluation.positions[i - 1]!.turns);

    expect(evaluation.dialogueRows).toHaveLength(30);
    expect(evaluation.dialogueRows.slice(0, 3).map((d) => d.sampleId)).toEqual([
      "0_dialogue_history",
      "1_dialogue_history",
      "2_dialogue_history",
    ]);
    for (const row of evaluation.dialogueRows) {
      const turns = await db().turn.findMany({
        where: { rolloutId: row.rolloutId },
        orderBy: { turn: "asc" },
        select: { turn: true, state: true },
      });
      expect(row.turns).toBe(turns.length);
      const firstBroken = turns.find((t) => t.state === "text_pollution" || t.state === "full_collapse");
      expect(row.firstFailingTurn).toBe(firstBroken ? firstBroken.turn + 1 : null);
      // Oracle for the turn count: agent rows in the raw table.
      const file = fs.readFileSync(path.join(MULTI_TURN, "Qwen2.5-1.5B-GRPO+ACE-SFT", `${row.sampleId}.txt`), "utf8");
      expect(row.turns).toBe(file.match(/^\| \d+ +\| agent +\|/gm)?.length ?? 0);
    }
    const failureTurns = evaluation.failureKinds.find((f) => f.kind === "bad_json")?.turns ?? 0;
    expect(failureTurns).toBe(await db().turn.count({ where: { runId, failures: { contains: ",bad_json," } } }));
  });

  it("are listed as evaluations with their dialogues and state mix, and compared side by side in one selection", async () => {
    const list = await listRunSummaries(db(), {});
    const grpo = list.runs.find((s) => s.run.id === runOf("Qwen2.5-1.5B-GRPO"))!;
    expect(grpo.evaluation?.dialogues).toBe(30);
    expect(grpo.evaluation!.shares.full_collapse).toBeGreaterThan(0.9);
    expect(list.realEvaluationRuns).toBeGreaterThanOrEqual(10);

    const page = await getComparePage(db(), { evaluations: "all", demo: "exclude" });
    const ours = page.comparison!.evaluations.filter((e) => e.name.startsWith(prefix));
    expect(ours).toHaveLength(10);
    for (const e of ours) expect(e.structureBreak?.position ?? null).toBe(EXPECTED_BREAK[e.name.slice(prefix.length)]);
    const vanilla = ours.find((e) => e.id === runOf("Qwen2.5-1.5B-GRPO"))!;
    expect(vanilla.brokenDialogues).toBe(
      await db().rollout.count({
        where: { runId: vanilla.id, worstState: { in: ["text_pollution", "full_collapse"] } },
      }),
    );
  });
});
