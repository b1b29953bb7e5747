-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "model" TEXT,
    "regime" TEXT,
    "scheme" TEXT,
    "rlLr" DOUBLE PRECISION,
    "sftLr" DOUBLE PRECISION,
    "seed" INTEGER,
    "phases" TEXT NOT NULL DEFAULT '[]',
    "config" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'running',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricPoint" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "MetricPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rollout" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "sampleId" TEXT NOT NULL,
    "split" TEXT NOT NULL DEFAULT 'train',
    "evalKind" TEXT,
    "transcript" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "reward" DOUBLE PRECISION,
    "source" TEXT NOT NULL,
    "meta" TEXT NOT NULL DEFAULT '{}',
    "tools" TEXT,
    "isTruncated" BOOLEAN NOT NULL DEFAULT false,
    "isOffPolicy" BOOLEAN NOT NULL DEFAULT false,
    "turnCount" INTEGER NOT NULL,
    "worstState" TEXT,
    "failures" TEXT NOT NULL DEFAULT ',',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rollout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Turn" (
    "id" SERIAL NOT NULL,
    "rolloutId" INTEGER NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "turn" INTEGER NOT NULL,
    "messageIndex" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "failures" TEXT NOT NULL DEFAULT ',',
    "spanStart" INTEGER,
    "spanEnd" INTEGER,

    CONSTRAINT "Turn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepHealth" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "split" TEXT NOT NULL,
    "rollouts" INTEGER NOT NULL DEFAULT 0,
    "turns" INTEGER NOT NULL DEFAULT 0,
    "healthyToolCall" INTEGER NOT NULL DEFAULT 0,
    "healthyResponse" INTEGER NOT NULL DEFAULT 0,
    "textPollution" INTEGER NOT NULL DEFAULT 0,
    "fullCollapse" INTEGER NOT NULL DEFAULT 0,
    "rewardSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "rewardCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StepHealth_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepFailure" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "split" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StepFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'warning',
    "message" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "runAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastError" TEXT,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Run_name_key" ON "Run"("name");

-- CreateIndex
CREATE UNIQUE INDEX "MetricPoint_runId_key_step_key" ON "MetricPoint"("runId", "key", "step");

-- CreateIndex
CREATE INDEX "Rollout_runId_step_idx" ON "Rollout"("runId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "Rollout_runId_step_sampleId_key" ON "Rollout"("runId", "step", "sampleId");

-- CreateIndex
CREATE INDEX "Turn_runId_step_state_idx" ON "Turn"("runId", "step", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Turn_rolloutId_turn_key" ON "Turn"("rolloutId", "turn");

-- CreateIndex
CREATE UNIQUE INDEX "StepHealth_runId_step_split_key" ON "StepHealth"("runId", "step", "split");

-- CreateIndex
CREATE UNIQUE INDEX "StepFailure_runId_step_split_kind_key" ON "StepFailure"("runId", "step", "split", "kind");

-- CreateIndex
CREATE INDEX "Alert_runId_id_idx" ON "Alert"("runId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_runId_kind_step_key" ON "Alert"("runId", "kind", "step");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "Job_dedupeKey_key" ON "Job"("dedupeKey");

-- CreateIndex
CREATE INDEX "Job_status_runAfter_idx" ON "Job"("status", "runAfter");

-- AddForeignKey
ALTER TABLE "MetricPoint" ADD CONSTRAINT "MetricPoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rollout" ADD CONSTRAINT "Rollout_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Turn" ADD CONSTRAINT "Turn_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Turn" ADD CONSTRAINT "Turn_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepHealth" ADD CONSTRAINT "StepHealth_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepFailure" ADD CONSTRAINT "StepFailure_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

