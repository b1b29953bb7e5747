"""A dashboard that accepts connections but never answers (the real server, SIGSTOPped) must not slow
the training loop: calls return at once, memory stays bounded, finish() gives up on time, and the
records kept on disk are delivered in order and exactly once when it answers again."""

import tempfile
import time
import unittest
from pathlib import Path

import spikewatch
from spikewatch.sync import sync
from tests.server import shared_server
from tests.support import rollout, unique_name

CALL_BOUND_SECONDS = 0.05  # generous: a call encodes and queues; it does no I/O but a rare spill
MEMORY_LIMIT = 64 * 1024


class HungServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = shared_server()

    def test_calls_return_at_once_memory_stays_bounded_and_nothing_is_lost(self):
        name = unique_name("hung")
        run = spikewatch.init(name, url=self.server.url, token=self.server.token,
                              offline_dir=tempfile.mkdtemp(prefix="spikewatch-offline-"),
                              request_timeout=2, max_memory_bytes=MEMORY_LIMIT)
        self.assertTrue(run.flush(30))  # the run exists before the dashboard hangs
        self.server.pause()
        try:
            slowest, peak_memory = 0.0, 0
            with self.assertLogs("spikewatch", "WARNING"):
                for step in range(300):
                    started = time.perf_counter()
                    run.log({"loss": 1 / (step + 1), "first-wins": 1.0}, step=step)
                    run.log_rollouts([rollout() for _ in range(4)], step=step)
                    slowest = max(slowest, time.perf_counter() - started)
                    peak_memory = max(peak_memory, run._pipeline.memory_bytes)
                run.log({"first-wins": 2.0}, step=0)  # logged later: the server keeps the first value
                started = time.monotonic()
                run.finish(timeout=3)
                finish_seconds = time.monotonic() - started
        finally:
            self.server.resume()

        print(f"\n[hung server] slowest call {slowest * 1000:.1f} ms over 300 steps; peak queue memory "
              f"{peak_memory} B (limit {MEMORY_LIMIT}); finish() took {finish_seconds:.1f} s", flush=True)
        self.assertLess(slowest, CALL_BOUND_SECONDS)
        self.assertLessEqual(peak_memory, MEMORY_LIMIT)
        self.assertLess(finish_seconds, 3 + 1)
        self.assertTrue(any(Path(run.spool_dir).glob("*.jsonl")))

        self.assertEqual(sync(Path(run.spool_dir), self.server.url, self.server.token, 30, say=lambda _: None), 0)
        detail = self.server.run_named(name)
        self.assertEqual(detail["status"], "finished")
        self.assertEqual((detail["counts"]["rollouts"], detail["counts"]["metricPoints"]), (300 * 4, 300 * 2))
        self.assertEqual(self.server.metric_points(detail["id"], "first-wins")[0], {"step": 0, "value": 1.0})
        self.assertFalse(Path(run.spool_dir).exists())


if __name__ == "__main__":
    unittest.main()
