-- CreateTable
CREATE TABLE "WorkerStatus" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "jobId" TEXT,
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "startedAt" DATETIME NOT NULL,
    "lastHeartbeatAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "WorkerStatus_lastHeartbeatAt_idx" ON "WorkerStatus"("lastHeartbeatAt");

