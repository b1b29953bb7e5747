"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { tokenViewHref } from "@/lib/domain/charts/checkpoint-links";

type TokenViewPickerProps = {
  runId: string;
  checkpoints: readonly { id: string; step: number; status: string }[];
  checkpointId: string;
  probes: readonly string[];
  probe: string | null;
  token: string | undefined;
};

const FIELD =
  "mt-1 block max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const BUTTON =
  "rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Which checkpoint and probe to show; "Show" opens it, keeping the chosen control token. */
export function TokenViewPicker({ runId, checkpoints, checkpointId, probes, probe, token }: TokenViewPickerProps) {
  const router = useRouter();
  const [target, setTarget] = useState({ checkpointId, probe: probe ?? "" });
  return (
    <form
      aria-label="Choose checkpoint and probe"
      className="flex flex-wrap items-end gap-4 text-xs font-medium text-zinc-600 dark:text-zinc-400"
      onSubmit={(e) => {
        e.preventDefault();
        const current = new URL(window.location.href).searchParams.get("token") ?? token;
        router.push(tokenViewHref(runId, target.checkpointId, { probe: target.probe || undefined, token: current }));
      }}
    >
      <label>
        Checkpoint
        <select
          value={target.checkpointId}
          onChange={(e) => setTarget({ ...target, checkpointId: e.target.value })}
          className={FIELD}
        >
          {checkpoints.map((c) => (
            <option key={c.id} value={c.id}>
              step {c.step}
              {c.status === "scored" ? "" : ` (${c.status})`}
            </option>
          ))}
        </select>
      </label>
      <label className="max-w-full">
        Probe
        <select
          value={target.probe}
          onChange={(e) => setTarget({ ...target, probe: e.target.value })}
          className={FIELD}
        >
          {probes.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={BUTTON}>
        Show
      </button>
    </form>
  );
}
