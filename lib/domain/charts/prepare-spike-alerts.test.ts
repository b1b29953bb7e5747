import { describe, expect, it } from "vitest";
import type { AlertRecord } from "../events/types";
import { prepareSpikeAlerts, spikeDetails } from "./prepare-spike-alerts";

const base = { runId: "r", severity: "warning", message: "m", createdAt: "2026-01-01T00:00:00Z" } as const;
const spike = (probe: string, p: number) => ({
  probe,
  position: 4,
  token: "<|im_end|>",
  p,
  baseline: 1e-4,
  foldChange: p / 1e-3,
});

describe("prepareSpikeAlerts", () => {
  it("lists spike alerts newest step first with links to each spike's token view", () => {
    const alerts: AlertRecord[] = [
      {
        ...base,
        id: 1,
        step: 10,
        kind: "control_token_spike",
        details: {
          checkpointId: "c10",
          count: 5,
          spikes: [spike("a", 0.4), spike("b", 0.2), spike("c", 0.1), spike("d", 0.06)],
        },
      },
      {
        ...base,
        id: 2,
        step: 30,
        kind: "control_token_spike",
        details: { checkpointId: "c30", count: 1, spikes: [spike("a", 0.9)] },
      },
      {
        ...base,
        id: 3,
        step: 40,
        kind: "full_collapse_rise",
        details: { rate: 1, baseline: 0, threshold: 0.2, turns: 10, baselineSteps: [0, 9] },
      },
    ];
    const rows = prepareSpikeAlerts("r", alerts);
    expect(rows.map((r) => r.step)).toEqual([30, 10]);
    expect(rows[1]!.count).toBe(5);
    expect(rows[1]!.spikes).toHaveLength(3);
    expect(rows[0]!.spikes[0]).toEqual({
      probe: "a",
      token: "<|im_end|>",
      position: 4,
      pLabel: "0.900",
      baselineLabel: "1.0e-4",
      foldLabel: "×900",
      href: "/runs/r/checkpoints/c30?probe=a&token=%3C%7Cim_end%7C%3E",
    });
  });

  it("reads spike details only from spike alerts with well-formed details", () => {
    expect(spikeDetails({ kind: "control_token_spike", details: { rate: 1 } as never })).toBeNull();
    expect(
      spikeDetails({ kind: "full_collapse_rise", details: { checkpointId: "c", count: 0, spikes: [] } }),
    ).toBeNull();
  });
});
