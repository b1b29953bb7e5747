-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
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
    "collapseStatus" TEXT NOT NULL DEFAULT 'insufficient_data',
    "collapseOnsetStep" INTEGER,
    "collapseVerdict" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Run" ("config", "createdAt", "id", "isDemo", "model", "name", "phases", "regime", "rlLr", "scheme", "seed", "sftLr", "status", "updatedAt") SELECT "config", "createdAt", "id", "isDemo", "model", "name", "phases", "regime", "rlLr", "scheme", "seed", "sftLr", "status", "updatedAt" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE UNIQUE INDEX "Run_name_key" ON "Run"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

