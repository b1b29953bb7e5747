import { compareCsv } from "@/lib/domain/compare/compare-csv";
import { CompareQuerySchema } from "@/lib/domain/compare/compare-query";
import { getComparison } from "@/lib/server/compare/get-comparison";
import { db } from "@/lib/server/context";
import { parseQuery, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// GET /api/compare?runs=id1,id2&regimes=vanilla_rl,ets&demo=include|only|exclude&format=json|csv
export const GET = withErrors(async (req) => {
  const query = parseQuery(req, CompareQuerySchema);
  const comparison = await getComparison(db(), query);
  if (query.format === "json") return Response.json(comparison);
  return new Response(compareCsv(comparison.runs, comparison.regimes), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="spikewatch-compare.csv"',
    },
  });
});
