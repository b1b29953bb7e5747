"""Training scripts as separate processes: offline mode and `spikewatch sync`, a later run that sends
what an earlier one left on disk, and the flush at interpreter exit."""

import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from tests.server import shared_server
from tests.support import CLIENT_DIR, run_script, unique_name

LOG_STEPS = """
import spikewatch, sys
run = spikewatch.init(sys.argv[1] if len(sys.argv) > 1 else {name!r}, regime="vanilla_rl")
for step in range({first}, {last}):
    spikewatch.log({{"loss": 1 / (step + 1)}}, step=step)
    spikewatch.log_rollouts([{{"text": "<|im_start|>user\\nhi<|im_end|>\\n<|im_start|>assistant\\n<tool_call>"}}] * 2,
                            step=step)
"""


class OfflineAndExit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = shared_server()

    def setUp(self):
        self.offline_dir = Path(tempfile.mkdtemp(prefix="spikewatch-offline-"))
        self.env = {"SPIKEWATCH_URL": self.server.url, "SPIKEWATCH_TOKEN": self.server.token,
                    "SPIKEWATCH_OFFLINE_DIR": str(self.offline_dir)}

    def script(self, name, first, last, extra="", **env):
        done = run_script(LOG_STEPS.format(name=name, first=first, last=last) + extra, {**self.env, **env})
        self.assertEqual(done.returncode, 1 if "raise" in extra else 0, done.stderr)
        return done

    def sync(self, *args):
        return subprocess.run([sys.executable, "-m", "spikewatch", "sync", *args], cwd=CLIENT_DIR, capture_output=True,
                              text=True, timeout=120, env={"PATH": "", **self.env})

    def test_an_offline_run_only_spools_and_sync_sends_it_once(self):
        name = unique_name("offline")
        self.script(name, 0, 20, SPIKEWATCH_MODE="offline")
        self.assertIsNone(self.server.run_named(name))
        self.assertTrue((self.offline_dir / name / "spool.jsonl").exists())

        first = self.sync(str(self.offline_dir / name))
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn("20 metric points and 40 rollouts stored, 0 already there, 0 refused", first.stdout)
        detail = self.server.run_named(name)
        self.assertEqual((detail["status"], detail["regime"]), ("finished", "vanilla_rl"))
        self.assertEqual((detail["counts"]["rollouts"], detail["counts"]["metricPoints"]), (40, 20))
        self.assertFalse((self.offline_dir / name).exists())
        self.assertIn("no spool files", self.sync(str(self.offline_dir)).stdout)

    def test_a_run_started_again_sends_what_the_previous_process_left_first(self):
        name = unique_name("leftover")
        self.script(name, 0, 5, SPIKEWATCH_MODE="offline")
        self.script(name, 5, 10)  # online: delivers the leftover spool, then its own steps
        detail = self.server.run_named(name)
        self.assertEqual((detail["counts"]["rollouts"], detail["counts"]["metricPoints"]), (20, 10))
        self.assertEqual([p["step"] for p in self.server.metric_points(detail["id"], "loss")], list(range(10)))
        self.assertFalse((self.offline_dir / name).exists())

    def test_a_script_that_ends_without_finish_is_flushed_and_marked_by_how_it_ended(self):
        finished, failed = unique_name("exit-ok"), unique_name("exit-error")
        self.script(finished, 0, 30)
        done = self.script(failed, 0, 3, extra="raise RuntimeError('diverged')\n")
        self.assertIn("RuntimeError: diverged", done.stderr)
        ok, error = self.server.run_named(finished), self.server.run_named(failed)
        self.assertEqual((ok["status"], ok["counts"]["rollouts"], ok["counts"]["metricPoints"]), ("finished", 60, 30))
        self.assertEqual((error["status"], error["counts"]["rollouts"]), ("failed", 6))


if __name__ == "__main__":
    unittest.main()
