"""SpikewatchCallback on a GRPO run, against the real server. transformers and TRL cannot be installed
here: the trainer is the stand-in in trl_standin.py, which copies exactly the interface the callback
uses (see its docstring for the upstream files followed)."""

import math
import tempfile
import unittest
from pathlib import Path

import spikewatch
from spikewatch.integrations.trl import SpikewatchCallback
from tests.server import shared_server
from tests.support import unique_name
from tests.trl_standin import EMPTY_COMPLETION, HEALTHY_COMPLETION, GRPOConfig, GRPOTrainer

REWARD_FUNCTIONS = ["format_reward", "accuracy_reward"]


def generation(step):
    """8 completions (2 prompts x 4 generations): healthy tool calls before step 4, then empty turns
    (the generations at steps 4 and 6 are equal, down to CPython's one "" object). The accuracy
    reward gives none (NaN) for the last sample, as a reward function returning None."""
    completion = HEALTHY_COMPLETION if step < 4 else EMPTY_COMPLETION
    score = 1.0 if step < 4 else 0.0
    rewards = [[score, 0.5 * score]] * 7 + [[score, math.nan]]
    return [completion] * 8, rewards


class TrlCallback(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = shared_server()

    def setUp(self):
        self.output_dir = Path(tempfile.mkdtemp()) / "qwen-grpo"
        self.options = dict(url=self.server.url, token=self.server.token,
                            offline_dir=tempfile.mkdtemp(prefix="spikewatch-offline-"))

    def rollouts(self, run_id, **query):
        params = "&".join(f"{key}={value}" for key, value in {**query, "limit": 200}.items())
        return self.server.get(f"/api/runs/{run_id}/rollouts?{params}")["rollouts"]

    def test_a_grpo_run_logs_its_metrics_config_and_each_generation_once(self):
        name = unique_name("grpo")
        callback = SpikewatchCallback(regime="vanilla_rl", **self.options)
        args = GRPOConfig(output_dir=str(self.output_dir), run_name=name, steps_per_generation=2,
                          reward_weights=[1.0, 2.0])
        trainer = GRPOTrainer(args, REWARD_FUNCTIONS, callbacks=[callback])
        trainer.train(8, generation)
        trainer.evaluate(*generation(0))
        callback.run.finish()

        detail = self.server.run_named(name)
        self.assertEqual((detail["regime"], detail["model"]), ("vanilla_rl", "Qwen/Qwen2.5-1.5B-Instruct"))
        self.assertEqual(detail["config"], args.to_dict())
        self.assertEqual(set(detail["metricKeys"]), {"loss", "grad_norm", "learning_rate", "epoch", "reward",
                                                     "eval_loss", "eval_runtime", "eval_reward"})
        loss = self.server.metric_points(detail["id"], "loss")
        self.assertEqual([p["step"] for p in loss], list(range(1, 9)))  # keyed by global_step
        self.assertEqual(self.server.metric_points(detail["id"], "eval_loss"), [{"step": 8, "value": 0.5}])

        # Generations at optimizer steps 0, 2, 4, 6 are first logged at global steps 1, 3, 5, 7; the
        # logs at 2, 4, 6, 8 see the same generation batch and send nothing.
        train = self.rollouts(detail["id"], split="train")
        self.assertEqual(sorted({r["step"] for r in train}), [1, 3, 5, 7])
        self.assertEqual(len(train), 4 * 8)
        first = train[0]
        self.assertEqual(first["sampleId"], "1-0")
        self.assertEqual(first["reward"], 1.0 + 2.0 * 0.5)  # GRPO's weighted sum of the reward functions
        self.assertEqual(first["meta"], {"rewards": {"format_reward": 1.0, "accuracy_reward": 0.5},
                                         "advantage": 0.0})
        nan_sample = [r for r in train if r["sampleId"] == "1-7"][0]
        self.assertEqual(nan_sample["reward"], 1.0)  # the function that gave none is skipped
        self.assertEqual(nan_sample["meta"]["rewards"]["accuracy_reward"], "NaN")
        self.assertEqual([m["role"] for m in first["messages"]], ["system", "user", "assistant"])

        steps = self.server.get(f"/api/runs/{detail['id']}/health?split=train")["steps"]
        health = {h["step"]: h["states"] for h in steps}
        self.assertEqual(health[3]["healthy_tool_call"], 8)
        self.assertEqual((health[5]["full_collapse"], health[7]["full_collapse"]), (8, 8))
        val = self.rollouts(detail["id"], split="val")
        self.assertEqual(([r["step"] for r in val], {r["sampleId"] for r in val}),
                         ([8] * 8, {f"val-8-{n}" for n in range(8)}))

    def test_earlier_trl_releases_keep_completions_in_textual_logs(self):
        name = unique_name("grpo-textual")
        callback = SpikewatchCallback(**self.options)
        trainer = GRPOTrainer(GRPOConfig(output_dir=str(self.output_dir / name)), REWARD_FUNCTIONS,
                              callbacks=[callback], buffer_name="_textual_logs")
        trainer.train(2, generation)
        callback.run.finish()

        detail = self.server.run_named(name)  # no run_name: the output directory's name
        self.assertEqual(detail["counts"]["rollouts"], 2 * 8)
        self.assertEqual(self.rollouts(detail["id"], step=1)[0]["meta"],
                         {"rewards": {"format_reward": 1.0, "accuracy_reward": 0.5}})

    def test_a_run_the_script_started_is_the_one_the_callback_logs_to(self):
        name = unique_name("grpo-own-run")
        run = spikewatch.init(name, regime="ets", scheme="interleaved", **self.options)
        run.log({"phase/sft": 1.0}, step=0)
        callback = SpikewatchCallback()
        trainer = GRPOTrainer(GRPOConfig(output_dir=str(self.output_dir)), REWARD_FUNCTIONS, callbacks=[callback])
        trainer.train(2, generation)
        run.finish()

        self.assertIs(callback.run, run)
        detail = self.server.run_named(name)
        self.assertEqual((detail["regime"], detail["scheme"]), ("ets", "interleaved"))
        self.assertEqual(set(detail["metricKeys"]), {"phase/sft", "loss", "grad_norm", "learning_rate", "epoch",
                                                     "reward"})

    def test_processes_other_than_the_main_one_log_nothing(self):
        name = unique_name("grpo-rank1")
        callback = SpikewatchCallback(**self.options)
        trainer = GRPOTrainer(GRPOConfig(output_dir=str(self.output_dir), run_name=name), REWARD_FUNCTIONS,
                              callbacks=[callback])
        trainer.state.is_world_process_zero = False
        trainer.train(2, generation)
        self.assertIsNone(callback.run)
        self.assertIsNone(self.server.run_named(name))


if __name__ == "__main__":
    unittest.main()
