import type { RunRecord } from "@/lib/server/runs/run-record";

export function RunsTable({ runs }: { runs: RunRecord[] }) {
  if (runs.length === 0) {
    return (
      <p className="text-zinc-600 dark:text-zinc-400">
        No runs yet. Send one with <code>POST /api/runs</code> or import data with <code>npx spikewatch import</code>.
      </p>
    );
  }
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-zinc-200 text-zinc-500 dark:border-zinc-800">
        <tr>
          <th className="py-2 pr-4 font-medium">Run</th>
          <th className="py-2 pr-4 font-medium">Model</th>
          <th className="py-2 pr-4 font-medium">Regime</th>
          <th className="py-2 pr-4 font-medium">Scheme</th>
          <th className="py-2 pr-4 font-medium">Status</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} className="border-b border-zinc-100 dark:border-zinc-900">
            <td className="py-2 pr-4">
              {run.name}
              {run.isDemo ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">demo</span> : null}
            </td>
            <td className="py-2 pr-4">{run.model ?? "-"}</td>
            <td className="py-2 pr-4">{run.regime ?? "-"}</td>
            <td className="py-2 pr-4">{run.scheme ?? "-"}</td>
            <td className="py-2 pr-4">{run.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
