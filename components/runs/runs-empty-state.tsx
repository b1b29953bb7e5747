import { Card } from "@/components/ui/card";
import { CommandBlock } from "@/components/ui/command-block";

const PYTHON_CLIENT = `pip install ./clients/python
export SPIKEWATCH_URL=http://localhost:3000 SPIKEWATCH_TOKEN=$(cat data/api-token)`;

const PYTHON_LOGGING = `import spikewatch

spikewatch.init(name="grpo-seed1", regime="vanilla_rl", scheme="none")
spikewatch.log({"critic/score/mean": score}, step=step)
spikewatch.log_rollouts([{"messages": messages, "reward": reward}], step=step)`;

const CLI_IMPORT = `npx spikewatch import verl-generations out/rollouts --run grpo-seed1
npx spikewatch import metrics wandb_history.csv --run grpo-seed1`;

/** Shown when no run is stored at all: how to log a run, import files, or look around with demo data. */
export function RunsEmptyState() {
  return (
    <Card heading="No runs yet" data-testid="runs-empty">
      <div className="space-y-3 text-sm">
        <p>Log a run from your training script with the Python client (standard library only):</p>
        <CommandBlock label="Install the Python client">{PYTHON_CLIENT}</CommandBlock>
        <CommandBlock label="Log a run">{PYTHON_LOGGING}</CommandBlock>
        <p>Or import files your trainer already wrote:</p>
        <CommandBlock label="Import files">{CLI_IMPORT}</CommandBlock>
        <p>
          The README&apos;s &ldquo;Log from your trainer&rdquo;, &ldquo;Ingestion API&rdquo; and &ldquo;Command
          line&rdquo; sections list every field and command. Just looking around?{" "}
          <code className="font-mono">npx spikewatch demo load</code> loads simulated runs, always labelled demo.
        </p>
      </div>
    </Card>
  );
}
