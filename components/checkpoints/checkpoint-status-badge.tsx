import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = {
  uploaded: "neutral",
  queued: "neutral",
  scoring: "warning",
  scored: "success",
  failed: "critical",
};

/** A checkpoint's replay status: queued → scoring → scored, or failed. */
export function CheckpointStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? "neutral"}>{status}</Badge>;
}
