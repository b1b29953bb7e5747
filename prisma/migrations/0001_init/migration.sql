-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "model" TEXT,
    "regime" TEXT,
    "scheme" TEXT,
    "rlLr" REAL,
    "sftLr" REAL,
    "seed" INTEGER,
    "phases" TEXT NOT NULL DEFAULT '[]',
    "config" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'running',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MetricPoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    CONSTRAINT "MetricPoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Rollout" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "sampleId" TEXT NOT NULL,
    "split" TEXT NOT NULL DEFAULT 'train',
    "evalKind" TEXT,
    "transcript" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "reward" REAL,
    "source" TEXT NOT NULL,
    "meta" TEXT NOT NULL DEFAULT '{}',
    "tools" TEXT,
    "isTruncated" BOOLEAN NOT NULL DEFAULT false,
    "isOffPolicy" BOOLEAN NOT NULL DEFAULT false,
    "turnCount" INTEGER NOT NULL,
    "worstState" TEXT,
    "failures" TEXT NOT NULL DEFAULT ',',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Rollout_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Turn" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rolloutId" INTEGER NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "turn" INTEGER NOT NULL,
    "messageIndex" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "failures" TEXT NOT NULL DEFAULT ',',
    "spanStart" INTEGER,
    "spanEnd" INTEGER,
    CONSTRAINT "Turn_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Turn_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StepHealth" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "split" TEXT NOT NULL,
    "rollouts" INTEGER NOT NULL DEFAULT 0,
    "turns" INTEGER NOT NULL DEFAULT 0,
    "healthyToolCall" INTEGER NOT NULL DEFAULT 0,
    "healthyResponse" INTEGER NOT NULL DEFAULT 0,
    "textPollution" INTEGER NOT NULL DEFAULT 0,
    "fullCollapse" INTEGER NOT NULL DEFAULT 0,
    "rewardSum" REAL NOT NULL DEFAULT 0,
    "rewardCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "StepHealth_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StepFailure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "split" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "StepFailure_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'warning',
    "message" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alert_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "lastError" TEXT,
    "dedupeKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
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

