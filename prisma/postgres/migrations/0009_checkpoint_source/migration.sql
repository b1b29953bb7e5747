-- AlterTable
ALTER TABLE "Checkpoint" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'upload';

