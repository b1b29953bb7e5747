-- DropIndex
DROP INDEX "Rollout_runId_step_sampleId_key";

-- CreateIndex
CREATE UNIQUE INDEX "Rollout_runId_split_step_sampleId_key" ON "Rollout"("runId", "split", "step", "sampleId");

