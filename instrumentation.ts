// Next calls register() once as the server starts. The classify pool's threads load the classifier then
// (seconds: tsx compiles it), so the first rollout batches after a start are not classified on the request
// thread alone while the threads are still loading.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startClassifyPool } = await import("@/lib/server/rollouts/classify-pool");
  void startClassifyPool().catch((error: unknown) =>
    console.error(
      `[spikewatch] classify pool did not start, batches are classified on the request thread: ${String(error)}`,
    ),
  );
}
