"""The queue between the training thread and the sender keeps logging order across memory and disk."""

import tempfile
import unittest
from pathlib import Path

from spikewatch.pipeline import Pipeline
from spikewatch.records import METRICS, ROLLOUTS, RUN, STATUS, Record
from spikewatch.spool import Spool


def record(kind, *values):
    return Record(kind, [str(v) for v in values])


def drain(pipeline):
    """Every batch the sender would send from here on, each as its records' (kind, items)."""
    out = []
    while True:
        batch = pipeline.take()
        if batch is None:
            return out
        out.append([(r.kind, r.items) for r in batch.records])
        pipeline.remove(batch)


class Order(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp()) / "run"

    def test_a_spill_while_a_batch_is_in_flight_keeps_that_batch_first(self):
        pipeline = Pipeline(Spool(self.dir), max_memory_bytes=1 << 20)
        for r in [record(RUN, 0), record(METRICS, 1, 2), record(METRICS, 3), record(ROLLOUTS, 4), record(METRICS, 5)]:
            pipeline.append(r)
        in_flight = pipeline.take()
        self.assertEqual([(r.kind, r.items) for r in in_flight.records], [(RUN, ["0"])])
        pipeline.spill()  # the server did not answer: memory, in-flight batch included, goes to disk
        pipeline.keep(in_flight)
        pipeline.append(record(METRICS, 6))
        pipeline.append(record(STATUS, 7))
        pipeline.append(record(ROLLOUTS, 8))
        self.assertEqual(drain(pipeline), [
            [(RUN, ["0"])],
            [(METRICS, ["1", "2"]), (METRICS, ["3"]), (ROLLOUTS, ["4"]), (METRICS, ["5"])],  # the disk part
            [(METRICS, ["6"])],  # then memory
            [(STATUS, ["7"])],
            [(ROLLOUTS, ["8"])],
        ])
        self.assertEqual(pipeline.close(), 0)
        self.assertFalse(self.dir.exists())

    def test_memory_never_exceeds_its_limit_and_the_overflow_keeps_its_place(self):
        pipeline = Pipeline(Spool(self.dir), max_memory_bytes=4096)
        for n in range(2000):
            pipeline.append(record(METRICS, n))
            self.assertLessEqual(pipeline.memory_bytes, 4096)
        sent = [int(item) for batch in drain(pipeline) for _, items in batch for item in items]
        self.assertEqual(sent, list(range(2000)))
        pipeline.close()

    def test_a_spool_left_behind_is_sent_first_after_its_torn_last_line_is_cut(self):
        first = Pipeline(Spool(self.dir), max_memory_bytes=1 << 20)
        for n in range(3):
            first.append(record(METRICS, n))
        self.assertEqual(first.close(), 3)
        with open(self.dir / "spool.jsonl", "ab") as spool:
            spool.write(b'{"kind":"metrics","items":[99')  # the process died mid-write
        with self.assertLogs("spikewatch", "WARNING") as logs:
            second = Pipeline(Spool(self.dir).open_if_present(), max_memory_bytes=1 << 20)
        self.assertIn("dropped an unfinished last line", logs.output[0])
        second.append(record(METRICS, 3))
        self.assertEqual(drain(second), [[(METRICS, ["0"]), (METRICS, ["1"]), (METRICS, ["2"])], [(METRICS, ["3"])]])
        self.assertEqual(second.close(), 0)
        self.assertFalse(self.dir.exists())

    def test_closing_keeps_what_was_not_delivered_behind_the_run_record(self):
        run = record(RUN, '{"name":"r"}')
        pipeline = Pipeline(Spool(self.dir, header=run), max_memory_bytes=1 << 20)
        for r in [run, record(METRICS, 1), record(STATUS, 2), record(ROLLOUTS, 3)]:
            pipeline.append(r)
        pipeline.spill()
        pipeline.remove(pipeline.take())  # the run record was delivered
        pipeline.remove(pipeline.take())  # and the metrics
        self.assertEqual(pipeline.close(), 2)
        # `sync` reads this file alone: it must still say which run the records belong to.
        lines = (self.dir / "spool.jsonl").read_bytes().splitlines()
        self.assertEqual([(r.kind, r.items) for r in map(Record.from_line, lines)],
                         [(RUN, ['{"name":"r"}']), (STATUS, ["2"]), (ROLLOUTS, ["3"])])


if __name__ == "__main__":
    unittest.main()
