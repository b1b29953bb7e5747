import { describe, expect, it } from "vitest";
import { compareCsv } from "./compare-csv";
import { compareRow, summarizeRegimes } from "./compare-table";

const row = (id: string, name: string, onset: number | null) =>
  compareRow({
    id,
    name,
    regime: "vanilla_rl",
    scheme: "none",
    isDemo: true,
    collapseStatus: onset === null ? "stable" : "collapsed",
    collapseOnsetStep: onset,
    mainSplit: "train",
    health: [
      {
        step: 100,
        turns: 10,
        states: { healthy_tool_call: 5, healthy_response: 0, text_pollution: 0, full_collapse: 5 },
      },
    ],
    score: [{ step: 100, value: 0.25 }],
    evalScores: { in_distribution: 0.5, format_ood: null, content_ood: 0.125 },
    firstSpike: null,
  });

function parse(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(","));
  return lines.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!])));
}

describe("compareCsv", () => {
  it("writes one line per run and per regime, with regime means and spreads", () => {
    const runs = [row("a", "seed-1", 60), row("b", "seed-2", 80)];
    const [first, second, regime] = parse(compareCsv(runs, summarizeRegimes(runs)));
    expect(first).toMatchObject({
      level: "run",
      name: "seed-1",
      collapse_onset_step: "60",
      collapse_onset_step_sd: "",
      eval_in_distribution: "0.5",
      eval_format_ood: "",
      mix_full_collapse: "0.5",
      mix_turns: "10",
    });
    expect(second).toMatchObject({ name: "seed-2", collapse_onset_step: "80" });
    expect(regime).toMatchObject({
      level: "regime",
      regime: "vanilla_rl",
      runs: "2",
      collapse_status: "2 of 2 collapsed",
      collapse_onset_step: "70",
      collapse_onset_step_sd: "14.1421",
    });
  });

  it("quotes separators and defuses spreadsheet formulas in names", () => {
    const runs = [row("a", '=HYPERLINK("x"),1', null)];
    const csv = compareCsv(runs, []);
    expect(csv.split("\r\n")[1]).toContain(`"'=HYPERLINK(""x""),1"`);
  });
});
