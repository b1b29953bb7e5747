"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { Card } from "@/components/ui/card";
import { formatBytes } from "@/lib/domain/charts/format-probability";
import { indexFileOf, planCheckpointFolder } from "@/lib/domain/ingest/plan-checkpoint-folder";
import { ApiErrorView } from "./api-error-view";
import { ApiTokenField } from "./api-token-field";
import { ProgressBar } from "./progress-bar";
import { sendCheckpoint, type ApiError } from "./send-checkpoint";
import { UploadFileSummary } from "./upload-file-summary";

const FIELD =
  "mt-1 block rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const FILE_INPUT =
  "mt-1 block text-sm file:mr-2 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-2.5 file:py-1 file:text-sm file:font-medium hover:file:bg-zinc-100 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100 dark:hover:file:bg-zinc-800";
const BUTTON =
  "rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300";
const LABEL = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";

type Upload = { sent: number; total: number; abort: (() => void) | null };
type Picked = { files: File[]; indexText: string | null };
type Outcome = { kind: "done"; step: number; jobId: string } | { kind: "error"; error: ApiError };

/** An index larger than this is not one (transformers' for a 405B model is about 200 KB); the server says so. */
const MAX_INDEX_READ_BYTES = 16 * 1024 * 1024;

/**
 * Upload form: step, files or a folder (mapped to part names by base name; training state, pickles and
 * unread files skipped with a note), the API token, live progress. A picked shard index is read here so
 * a missing shard is named before anything is sent.
 */
export function CheckpointUploadForm({
  runId,
  takenSteps,
  onUploaded,
}: {
  runId: string;
  takenSteps: readonly number[];
  onUploaded: () => void;
}) {
  const [step, setStep] = useState("");
  const [picked, setPicked] = useState<Picked>({ files: [], indexText: null });
  const [token, setToken] = useState("");
  const [upload, setUpload] = useState<Upload | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const plan = useMemo(() => planCheckpointFolder(picked.files, picked.indexText), [picked]);
  const stepNumber = /^\d+$/.test(step.trim()) ? Number(step) : null;
  const isBusy = upload !== null && upload.abort !== null;

  useEffect(() => folderInput.current?.setAttribute("webkitdirectory", ""), []);

  async function pick(list: FileList | null) {
    const files = [...(list ?? [])];
    const index = indexFileOf(files);
    const indexText = index && index.size <= MAX_INDEX_READ_BYTES ? await index.text().catch(() => null) : null;
    setPicked({ files, indexText });
  }

  async function submit() {
    if (stepNumber === null || !plan.canUpload) return;
    setOutcome(null);
    const request = sendCheckpoint({
      runId,
      token,
      step: stepNumber,
      parts: plan.parts,
      onProgress: (sent, total) => setUpload((u) => (u ? { ...u, sent, total } : u)),
    });
    setUpload({ sent: 0, total: plan.totalBytes, abort: request.abort });
    const result = await request.result;
    setUpload((u) => (u ? { ...u, abort: null } : u));
    if (result.ok) {
      setOutcome({ kind: "done", step: stepNumber, jobId: result.jobId });
      onUploaded();
    } else {
      setOutcome({ kind: "error", error: result.error });
    }
  }

  return (
    <Card
      heading="Upload a checkpoint"
      description={
        "The folder your trainer saved (config.json, model.safetensors or its shards with " +
        "model.safetensors.index.json, tokenizer files), or an ONNX export (model.onnx). " +
        "The worker replays it over the run's probes."
      }
    >
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="flex flex-wrap items-start gap-x-6 gap-y-3">
          <label className={LABEL}>
            Training step
            <input
              type="number"
              min={0}
              step={1}
              required
              value={step}
              onChange={(e) => setStep(e.target.value)}
              className={`${FIELD} w-32`}
            />
          </label>
          <label className={LABEL}>
            Files
            <input type="file" multiple onChange={(e) => void pick(e.target.files)} className={FILE_INPUT} />
          </label>
          <label className={LABEL}>
            …or a whole folder
            <input ref={folderInput} type="file" onChange={(e) => void pick(e.target.files)} className={FILE_INPUT} />
          </label>
          <ApiTokenField onChange={setToken} />
        </div>
        <UploadFileSummary plan={plan} pickedCount={picked.files.length} />
        {stepNumber !== null && takenSteps.includes(stepNumber) ? (
          <p className="text-sm text-amber-800 dark:text-amber-300">
            Step {stepNumber} already has a checkpoint; the server will refuse a second one.
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={isBusy || stepNumber === null || !plan.canUpload} className={BUTTON}>
            Upload
          </button>
          {isBusy ? (
            <button type="button" onClick={() => upload?.abort?.()} className="text-sm underline underline-offset-2">
              Cancel
            </button>
          ) : null}
          {upload ? (
            <div className="w-72">
              <ProgressBar
                testId="upload-progress"
                label="Upload progress"
                value={upload.total > 0 ? upload.sent / upload.total : null}
                detail={`${formatBytes(upload.sent)} of ${formatBytes(upload.total)} sent`}
              />
            </div>
          ) : null}
        </div>
        <div aria-live="polite">
          {outcome?.kind === "done" ? (
            <p data-testid="upload-done" className="text-sm text-green-800 dark:text-green-300">
              Uploaded: checkpoint at step {outcome.step} is queued for replay (job {outcome.jobId}).
            </p>
          ) : null}
          {outcome?.kind === "error" ? <ApiErrorView error={outcome.error} /> : null}
        </div>
      </form>
    </Card>
  );
}
