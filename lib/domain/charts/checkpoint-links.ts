import { z } from "zod";

/** `/runs/:id/checkpoints?probe=`: the probe whose decision points the chart shows. */
export const CheckpointsPageQuery = { probe: z.string().min(1).max(100) };

/** `/runs/:id/checkpoints/:checkpointId?probe=&token=`: the token view of one probe's trace. */
export const TokenViewQuery = { probe: z.string().min(1).max(100), token: z.string().min(1).max(64) };

export function checkpointsHref(runId: string, probe?: string): string {
  const base = `/runs/${encodeURIComponent(runId)}/checkpoints`;
  return probe ? `${base}?${new URLSearchParams({ probe }).toString()}` : base;
}

/** Link to one checkpoint's token view; omitted parameters fall back to the page's defaults. */
export function tokenViewHref(
  runId: string,
  checkpointId: string,
  view: { probe?: string; token?: string } = {},
): string {
  const params = new URLSearchParams();
  if (view.probe) params.set("probe", view.probe);
  if (view.token) params.set("token", view.token);
  const query = params.toString();
  return `/runs/${encodeURIComponent(runId)}/checkpoints/${encodeURIComponent(checkpointId)}${query ? `?${query}` : ""}`;
}
