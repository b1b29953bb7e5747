import { RunsTable } from "@/components/runs/runs-table";
import { db } from "@/lib/server/context";
import { listRuns } from "@/lib/server/runs/list-runs";

export const dynamic = "force-dynamic";

export default async function RunsPage() {
  const runs = await listRuns(db());
  return (
    <section>
      <h1 className="mb-4 text-xl font-semibold">Runs</h1>
      <RunsTable runs={runs} />
    </section>
  );
}
