// One claimer process for job-claiming.int.test.ts: connects, prints "ready", waits for a line on stdin
// (so all claimers start together), then claims jobs until none is left to take, and prints the ids
// it claimed as one JSON line.
import readline from "node:readline";
import { resolveConfig } from "@/lib/server/config";
import { createDb } from "@/lib/server/db";
import { claimNextJob } from "@/lib/server/jobs/claim-next-job";

const workerId = process.env.SPIKEWATCH_WORKER_ID ?? `claimer-${process.pid}`;
const db = createDb(resolveConfig(process.env));
await db.job.count(); // open the connection before the start signal
console.log("ready");
await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once("line", resolve));

const claimed: string[] = [];
for (;;) {
  const job = await claimNextJob(db, workerId, 60_000);
  if (job) claimed.push(job.id);
  // null can also mean the candidates were just taken by others: stop only once none is queued
  else if ((await db.job.count({ where: { status: "queued" } })) === 0) break;
}
console.log(JSON.stringify({ workerId, claimed }));
await db.$disconnect();
process.exit(0);
