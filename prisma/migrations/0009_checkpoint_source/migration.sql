-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Checkpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'uploaded',
    "source" TEXT NOT NULL DEFAULT 'upload',
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
INSERT INTO "new_Checkpoint" ("createdAt", "device", "dir", "error", "files", "id", "jobId", "probesDone", "probesTotal", "runId", "status", "step", "totalBytes", "updatedAt") SELECT "createdAt", "device", "dir", "error", "files", "id", "jobId", "probesDone", "probesTotal", "runId", "status", "step", "totalBytes", "updatedAt" FROM "Checkpoint";
DROP TABLE "Checkpoint";
ALTER TABLE "new_Checkpoint" RENAME TO "Checkpoint";
CREATE UNIQUE INDEX "Checkpoint_runId_step_key" ON "Checkpoint"("runId", "step");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

