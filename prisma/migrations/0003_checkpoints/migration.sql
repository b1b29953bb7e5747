-- CreateTable
CREATE TABLE "Checkpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'uploaded',
    "dir" TEXT NOT NULL,
    "files" TEXT NOT NULL,
    "totalBytes" REAL NOT NULL,
    "device" TEXT,
    "jobId" TEXT,
    "probesDone" INTEGER NOT NULL DEFAULT 0,
    "probesTotal" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Checkpoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Probe" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "text" TEXT,
    "messages" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Probe_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Trace" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "checkpointId" TEXT NOT NULL,
    "probeId" INTEGER NOT NULL,
    "tokenCount" INTEGER NOT NULL,
    "trackedTokens" TEXT NOT NULL,
    "vocab" TEXT NOT NULL,
    "tokenIds" BLOB NOT NULL,
    "pNext" BLOB NOT NULL,
    "entropy" BLOB NOT NULL,
    "tracked" BLOB NOT NULL,
    "topIds" BLOB NOT NULL,
    "topP" BLOB NOT NULL,
    "decisionPoints" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Trace_checkpointId_fkey" FOREIGN KEY ("checkpointId") REFERENCES "Checkpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Trace_probeId_fkey" FOREIGN KEY ("probeId") REFERENCES "Probe" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Checkpoint_runId_step_key" ON "Checkpoint"("runId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "Probe_runId_name_key" ON "Probe"("runId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Trace_checkpointId_probeId_key" ON "Trace"("checkpointId", "probeId");

