// A thread of the classify pool (classify-pool.ts): parses and classifies rollouts off the request thread.
// Plain JavaScript, so the built web app and tsx start it alike; tsx loads the TypeScript domain code.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { prepareStorableRollout } = await tsImport("../../domain/ingest/prepare-rollout.ts", import.meta.url);

parentPort.postMessage({ isReady: true });
parentPort.on("message", ({ id, inputs, format }) => {
  try {
    parentPort.postMessage({ id, results: inputs.map((input) => prepareStorableRollout(input, format)) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
