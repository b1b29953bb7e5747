-- CreateIndex
CREATE INDEX "Rollout_runId_id_failures_idx" ON "Rollout"("runId", "id", "failures");

