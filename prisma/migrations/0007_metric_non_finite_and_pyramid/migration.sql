-- CreateTable
CREATE TABLE "MetricBlock" (
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "block" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "minStep" INTEGER,
    "minValue" REAL,
    "maxStep" INTEGER,
    "maxValue" REAL,
    "nonFiniteStep" INTEGER,
    "nonFinite" TEXT,

    PRIMARY KEY ("runId", "key", "level", "block"),
    CONSTRAINT "MetricBlock_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MetricPoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "value" REAL,
    "nonFinite" TEXT,
    CONSTRAINT "MetricPoint_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MetricPoint" ("id", "key", "runId", "step", "value") SELECT "id", "key", "runId", "step", "value" FROM "MetricPoint";
DROP TABLE "MetricPoint";
ALTER TABLE "new_MetricPoint" RENAME TO "MetricPoint";
CREATE UNIQUE INDEX "MetricPoint_runId_key_step_key" ON "MetricPoint"("runId", "key", "step");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Backfill: the pyramid of every stored series (all stored values are finite before this migration).
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 1, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 8 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 8 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 8 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 2, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 64 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 64 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 64 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 3, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 512 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 512 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 512 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 4, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 4096 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 4096 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 4096 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 5, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 32768 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 32768 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 32768 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 6, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 262144 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 262144 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 262144 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 7, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 2097152 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 2097152 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 2097152 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 8, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 16777216 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 16777216 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 16777216 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 9, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 134217728 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 134217728 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 134217728 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
INSERT INTO "MetricBlock" ("runId", "key", "level", "block", "count", "minStep", "minValue", "maxStep", "maxValue")
SELECT "runId", "key", 10, "b", COUNT(*),
  MIN(CASE WHEN "lo" = 1 THEN "step" END), MIN(CASE WHEN "lo" = 1 THEN "value" END),
  MIN(CASE WHEN "hi" = 1 THEN "step" END), MIN(CASE WHEN "hi" = 1 THEN "value" END)
FROM (SELECT "runId", "key", "step", "value", "step" / 1073741824 AS "b",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 1073741824 ORDER BY "value", "step") AS "lo",
        ROW_NUMBER() OVER (PARTITION BY "runId", "key", "step" / 1073741824 ORDER BY "value" DESC, "step") AS "hi"
      FROM "MetricPoint") AS "p"
GROUP BY "runId", "key", "b";
