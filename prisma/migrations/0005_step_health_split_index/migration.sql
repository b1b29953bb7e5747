-- CreateIndex
CREATE INDEX "StepHealth_runId_split_step_idx" ON "StepHealth"("runId", "split", "step");

