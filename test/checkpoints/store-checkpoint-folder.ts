import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/server/context";
import { db } from "../helpers";

/**
 * Puts a checkpoint folder's files into the local blob store (`checkpoints/<uuid>/`) and creates its
 * Checkpoint row, queued, as an upload or a registration would leave them; replay tests of model
 * formats go through this rather than the upload route, whose allow-list is not theirs to test.
 */
export async function storeCheckpointFolder(runId: string, step: number, source: string): Promise<string> {
  const dir = `checkpoints/${randomUUID()}`;
  const target = path.join(getConfig().dataDir, dir);
  fs.mkdirSync(target, { recursive: true });
  const files = fs.readdirSync(source).map((name) => {
    const bytes = fs.readFileSync(path.join(source, name));
    fs.writeFileSync(path.join(target, name), bytes);
    return { name, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  });
  const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const row = await db().checkpoint.create({
    data: { runId, step, status: "queued", dir, files: JSON.stringify(files), totalBytes },
    select: { id: true },
  });
  return row.id;
}
