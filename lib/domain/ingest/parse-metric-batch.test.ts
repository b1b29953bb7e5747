import { describe, expect, it } from "vitest";
import { parseMetricBatch } from "./parse-metric-batch";
import { IngestMetricsSchema } from "./schemas";

describe("parseMetricBatch", () => {
  it("accepts what the schema accepts, with the same points", () => {
    const body = {
      points: [
        { step: 0, key: "a", value: 1.5 },
        { step: 3, key: "a", value: "NaN" },
        { step: 2, key: "b/c", value: "-Infinity" },
      ],
    };
    expect(parseMetricBatch(body)).toEqual(IngestMetricsSchema.parse(body));
  });

  it("refuses what the schema refuses, with the schema's error", () => {
    const bad = [
      { points: [] },
      { points: [{ step: -1, key: "a", value: 1 }] },
      { points: [{ step: 1.5, key: "a", value: 1 }] },
      { points: [{ step: 1, key: "", value: 1 }] },
      { points: [{ step: 1, key: "x".repeat(201), value: 1 }] },
      { points: [{ step: 1, key: "a\u0000", value: 1 }] },
      { points: [{ step: 1, key: "a", value: "nan" }] },
      { points: [{ step: 1, key: "a" }] },
      { points: "no" },
      null,
    ];
    for (const body of bad) {
      const expected = IngestMetricsSchema.safeParse(body);
      expect(expected.success).toBe(false);
      expect(() => parseMetricBatch(body)).toThrow(expected.error!.message);
    }
  });

  it("keeps only step, key and value of a point with extra fields, as the schema does", () => {
    const body = { points: [{ step: 1, key: "a", value: 2, note: "x" }] };
    expect(parseMetricBatch(body)).toEqual({ points: [{ step: 1, key: "a", value: 2 }] });
  });
});
