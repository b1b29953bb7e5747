"""Against the real server: what a run logs arrives once, whether the dashboard is up, down, killed
mid-request or refusing a bad item."""

import math
import signal
import tempfile
import unittest
from pathlib import Path

import spikewatch
from spikewatch.sync import sync
from tests.server import shared_server
from tests.support import rollout, unique_name


class Delivery(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = shared_server()

    def setUp(self):
        self.offline_dir = tempfile.mkdtemp(prefix="spikewatch-offline-")

    def start(self, name, **options):
        return spikewatch.init(name, url=self.server.url, token=self.server.token, offline_dir=self.offline_dir,
                               **options)

    def rollouts_at(self, run_id, step):
        return self.server.get(f"/api/runs/{run_id}/rollouts?step={step}&limit=200")["rollouts"]

    def test_a_run_its_metrics_and_rollouts_arrive(self):
        name = unique_name("basic")
        run = self.start(name, regime="vanilla_rl", scheme="none", config={"lr": 1e-6, "grpo": {"beta": 0.04}})
        for step in range(3):
            run.log({"loss": 1 / (step + 1), "critic/score/mean": 0.25 * step}, step=step)
            run.log_rollouts([rollout("healthy") for _ in range(4)], step=step)
        run.log_rollouts([rollout("bare_tag")])  # no step: the last step logged
        run.finish()

        detail = self.server.run_named(name)
        self.assertEqual((detail["status"], detail["regime"], detail["scheme"]), ("finished", "vanilla_rl", "none"))
        self.assertEqual(detail["config"], {"lr": 1e-6, "grpo": {"beta": 0.04}})
        self.assertEqual((detail["counts"]["rollouts"], detail["counts"]["metricPoints"]), (13, 6))
        self.assertEqual(self.server.metric_points(detail["id"], "loss"),
                         [{"step": 0, "value": 1.0}, {"step": 1, "value": 0.5}, {"step": 2, "value": 1 / 3}])
        self.assertEqual(sorted(r["sampleId"] for r in self.rollouts_at(detail["id"], 2)),
                         ["2-0", "2-1", "2-2", "2-3", "2-4"])
        health = self.server.get(f"/api/runs/{detail['id']}/health")["steps"]
        self.assertEqual(health[2]["states"]["full_collapse"], 1)
        self.assertEqual(health[2]["states"]["healthy_tool_call"], 4)
        self.assertFalse(Path(run.spool_dir).exists())

    def test_a_restarted_script_resumes_its_run_and_its_replayed_steps_are_not_doubled(self):
        name = unique_name("resume")
        first = self.start(name)
        for step in range(5):
            first.log({"loss": float(step)}, step=step)
            first.log_rollouts([rollout() for _ in range(4)], step=step)
        first.finish("crashed")
        self.assertEqual(self.server.run_named(name)["status"], "crashed")

        second = self.start(name)  # resumed from the checkpoint of step 3: steps 3 and 4 are logged again
        for step in range(3, 7):
            second.log({"loss": float(step)}, step=step)
            second.log_rollouts([rollout() for _ in range(4)], step=step)
        self.assertTrue(second.flush(30))
        self.assertEqual(self.server.run_named(name)["status"], "running")
        second.finish()

        detail = self.server.run_named(name)
        self.assertEqual(detail["status"], "finished")
        self.assertEqual((detail["counts"]["rollouts"], detail["counts"]["metricPoints"]), (7 * 4, 7))
        self.assertEqual(len([r for r in self.server.get("/api/runs")["runs"] if r["name"] == name]), 1)

    def test_a_dashboard_killed_mid_run_and_restarted_loses_and_doubles_nothing(self):
        name = unique_name("outage")
        run = self.start(name)

        def log_steps(steps):
            for step in steps:
                run.log({"loss": 1 / (step + 1), "reward": step % 3}, step=step)
                run.log_rollouts([rollout() for _ in range(8)], step=step)

        log_steps(range(0, 10))
        self.assertTrue(run.flush(30))
        log_steps(range(10, 15))
        self.server.stop(signal.SIGKILL)  # likely while a batch of steps 10-14 is in flight
        log_steps(range(15, 25))
        self.assertTrue(run.flush(2) is False)
        spooled = list(Path(run.spool_dir).glob("*.jsonl"))
        self.assertEqual(len(spooled), 1)
        self.assertGreater(spooled[0].stat().st_size, 0)
        self.server.start()
        log_steps(range(25, 30))
        run.finish()

        detail = self.server.run_named(name)
        self.assertEqual(detail["status"], "finished")
        self.assertEqual((detail["counts"]["rollouts"], detail["counts"]["metricPoints"]), (30 * 8, 30 * 2))
        health = self.server.get(f"/api/runs/{detail['id']}/health")["steps"]
        self.assertEqual([(h["step"], h["rollouts"]) for h in health], [(step, 8) for step in range(30)])
        self.assertFalse(Path(run.spool_dir).exists())

    def test_refused_rollouts_are_dropped_and_reported_once_and_the_rest_is_stored(self):
        name = unique_name("refused")
        unknown_role = {"messages": [{"role": "robot", "content": "beep"}]}
        eval_kind_on_train = rollout(evalKind="format_ood")
        with self.assertLogs("spikewatch", "WARNING") as logs:
            run = self.start(name)
            run.log_rollouts([rollout(), rollout(), rollout(), unknown_role, rollout(), rollout(), rollout(),
                              eval_kind_on_train], step=0)
            run.log_rollouts([rollout() for _ in range(4)], step=1)
            run.finish(timeout=30)

        detail = self.server.run_named(name)
        self.assertEqual(detail["counts"]["rollouts"], 10)
        self.assertEqual(sorted(r["sampleId"] for r in self.rollouts_at(detail["id"], 0)),
                         ["0-0", "0-1", "0-2", "0-4", "0-5", "0-6"])
        refusals = [line for line in logs.output if "refused" in line]
        self.assertEqual(sum("'0-3'" in line for line in refusals), 1, refusals)
        self.assertEqual(sum("'0-7'" in line for line in refusals), 1, refusals)
        self.assertTrue(any("rollouts.3.messages" in line and "robot" in line for line in refusals), refusals)
        self.assertFalse(Path(run.spool_dir).exists())

    def test_a_refused_token_keeps_the_records_on_disk_for_sync(self):
        name = unique_name("token")
        with self.assertLogs("spikewatch", "WARNING") as logs:
            run = spikewatch.init(name, url=self.server.url, token="not-a-valid-token-0000",
                                  offline_dir=self.offline_dir)
            run.log({"loss": 1.0}, step=0)
            run.log_rollouts([rollout()], step=0)
            run.finish(timeout=10)
        self.assertEqual(sum("refused the token" in line for line in logs.output), 1, logs.output)
        self.assertIsNone(self.server.run_named(name))

        self.assertEqual(sync(Path(run.spool_dir), self.server.url, self.server.token, 30, say=lambda _: None), 0)
        detail = self.server.run_named(name)
        self.assertEqual((detail["status"], detail["counts"]["rollouts"], detail["counts"]["metricPoints"]),
                         ("finished", 1, 1))

    def test_a_strict_run_raises_what_others_report(self):
        run = self.start(unique_name("strict"), strict=True)
        with self.assertRaisesRegex(spikewatch.SpikewatchError, "'lr': expected a number, got str"):
            run.log({"lr": "1e-6"}, step=0)
        run.log_rollouts([{"messages": [{"role": "robot", "content": "beep"}]}], step=0)
        self.assertTrue(run.flush(30))  # settled: the refused rollout was dropped; its error waits for the next call
        with self.assertRaisesRegex(spikewatch.SpikewatchError, "refused 1 rollouts .*'0-0'.*robot"):
            run.log({"loss": 1.0}, step=1)
        run.finish()

    def test_non_finite_metric_values_are_kept(self):
        # The NaN loss of a diverged run must reach the chart. Needs the server to accept the "NaN",
        # "Infinity" and "-Infinity" values the client sends (issue 13, metrics part).
        name = unique_name("diverged")
        run = self.start(name)
        run.log({"loss": 0.5, "grad_norm": 1.0}, step=0)
        run.log({"loss": math.nan, "grad_norm": math.inf}, step=1)
        run.log({"loss": 0.25, "grad_norm": -math.inf}, step=2)
        run.finish()

        detail = self.server.run_named(name)
        loss = self.server.metric_points(detail["id"], "loss")
        grad = self.server.metric_points(detail["id"], "grad_norm")
        self.assertEqual([p["step"] for p in loss], [0, 1, 2])
        self.assertEqual((loss[0]["value"], loss[2]["value"]), (0.5, 0.25))
        self.assertIn(loss[1]["value"], ("NaN", None))
        self.assertEqual([p["step"] for p in grad], [0, 1, 2])
        self.assertIn(grad[1]["value"], ("Infinity", None))
        self.assertIn(grad[2]["value"], ("-Infinity", None))


if __name__ == "__main__":
    unittest.main()
