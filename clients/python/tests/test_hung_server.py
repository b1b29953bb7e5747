"""A dashboard that accepts connections but never answers (the real server, SIGSTOPped) must not slow
the training loop: calls return at once, memory stays bounded, finish() gives up on time, and the
records kept on disk are delivered in order and exactly once when it answers again."""

import statistics
import tempfile
import time
import unittest
from pathlib import Path

import spikewatch
from spikewatch.sync import sync
from tests.server import shared_server
from tests.support import rollout, unique_name

REQUEST_TIMEOUT = 2.0
# A call that waited on the dashboard would take the request timeout; one that only encodes and
# queues takes a fraction of a millisecond, plus what a loaded machine's scheduler adds (tens of ms
# seen with 10+ runnable processes on 2 cores). The bounds sit well between the two.
SLOWEST_CALL_BOUND = 0.2
MEDIAN_CALL_BOUND = 0.002
MEMORY_LIMIT = 64 * 1024


class HungServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = shared_server()

    def test_calls_return_at_once_memory_stays_bounded_and_nothing_is_lost(self):
        name = unique_name("hung")
        run = spikewatch.init(name, url=self.server.url, token=self.server.token,
                              offline_dir=tempfile.mkdtemp(prefix="spikewatch-offline-"),
                              request_timeout=REQUEST_TIMEOUT, max_memory_bytes=MEMORY_LIMIT)
        self.assertTrue(run.flush(30))  # the run exists before the dashboard hangs
        self.server.pause()
        try:
            durations, peak_memory = [], 0
            with self.assertLogs("spikewatch", "WARNING"):
                for step in range(300):
                    started = time.perf_counter()
                    run.log({"loss": 1 / (step + 1), "first-wins": 1.0}, step=step)
                    run.log_rollouts([rollout() for _ in range(4)], step=step)
                    durations.append(time.perf_counter() - started)
                    peak_memory = max(peak_memory, run._pipeline.memory_bytes)
                run.log({"first-wins": 2.0}, step=0)  # logged later: the server keeps the first value
                started = time.monotonic()
                run.finish(timeout=3)
                finish_seconds = time.monotonic() - started
        finally:
            self.server.resume()

        median, slowest = statistics.median(durations), max(durations)
        print(f"\n[hung server] log + log_rollouts per step: median {median * 1000:.2f} ms, slowest "
              f"{slowest * 1000:.1f} ms over 300 steps; peak queue memory {peak_memory} B (limit {MEMORY_LIMIT}); "
              f"finish() took {finish_seconds:.1f} s", flush=True)
        self.assertLess(median, MEDIAN_CALL_BOUND)
        self.assertLess(slowest, SLOWEST_CALL_BOUND)
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
