-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "collapseOnsetStep" INTEGER,
ADD COLUMN     "collapseStatus" TEXT NOT NULL DEFAULT 'insufficient_data',
ADD COLUMN     "collapseVerdict" TEXT NOT NULL DEFAULT '{}';

