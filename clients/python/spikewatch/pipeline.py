"""A run's ordered queue: the spool file on disk (older records) followed by memory (newer ones).

The training thread only appends to memory. The sender takes a batch from the head (the disk while
it holds undelivered records, else memory), and removes it once the server has it. Spilling moves
all of memory to the end of the disk part, which keeps the order, so memory stays bounded: the
sender spills when the server is unreachable and when memory passes half its limit; the training
thread spills itself only at the limit, when the sender is stuck in a request.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Deque, Dict, List, Optional

from .records import DATA_KINDS, METRIC_POINTS_PER_RECORD, METRICS, ROLLOUTS, ROLLOUTS_PER_RECORD, Record
from .spool import Spool

MAX_BATCH_BYTES = 8 * 1024 * 1024
MAX_BATCH_ITEMS = {METRICS: METRIC_POINTS_PER_RECORD, ROLLOUTS: 2 * ROLLOUTS_PER_RECORD}


@dataclass
class Batch:
    """Records taken together from the head: from memory (the first `count`) or from disk (up to file
    offset `end`). A run or status record travels alone; metric and rollout records travel together,
    since the two are stored independently and a training loop logs them in turns."""

    records: List[Record] = field(default_factory=list)
    from_disk: bool = False
    end: int = 0
    _counts: Dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def kind(self) -> Optional[str]:
        """RUN, STATUS, or a data kind (the batch may hold both); None for only damaged spool lines."""
        return self.records[0].kind if self.records else None

    def items(self, kind: str) -> List[str]:
        return [item for record in self.records if record.kind == kind for item in record.items]

    def add(self, record: Record) -> None:
        self.records.append(record)
        self._counts[record.kind] = self._counts.get(record.kind, 0) + len(record.items)

    def fits(self, record: Record, size: int) -> bool:
        """Whether `record` can join: data joins data within the batch limits."""
        if not self.records:
            return True
        if self.kind not in DATA_KINDS or record.kind not in DATA_KINDS:
            return False
        return self._counts.get(record.kind, 0) + len(record.items) <= MAX_BATCH_ITEMS[record.kind] and \
            size + record.nbytes <= MAX_BATCH_BYTES


class Pipeline:
    def __init__(self, spool: Spool, max_memory_bytes: int) -> None:
        self.cond = threading.Condition()
        self._spool = spool
        self._max_memory_bytes = max_memory_bytes
        self._memory: Deque[Record] = deque()
        self.memory_bytes = 0
        self._taken: Optional[Batch] = None
        self.wants_spill = False
        self.closed = False

    @property
    def is_empty(self) -> bool:
        return not self._memory and not self._spool.has_pending

    def append(self, record: Record) -> bool:
        """Queues a record (training thread). Returns False once the pipeline is closed.

        The sender is woken only when it has something new to do (the queue was empty, or memory
        should go to disk): waking it on every call would make the training thread wait for the GIL
        each time the sender runs."""
        with self.cond:
            if self.closed:
                return False
            was_empty = self.is_empty
            self._memory.append(record)
            self.memory_bytes += record.nbytes
            if self.memory_bytes > self._max_memory_bytes:
                self._spill()
            elif self.memory_bytes > self._max_memory_bytes // 2 and not self.wants_spill:
                self.wants_spill = True
                self.cond.notify_all()
            if was_empty:
                self.cond.notify_all()
            return True

    def take(self) -> Optional[Batch]:
        """The next batch from the head, or None when there is nothing to send."""
        with self.cond:
            if self.closed:
                return None
            self._taken = self._take_from_disk() if self._spool.has_pending else self._take_from_memory()
            return self._taken

    def remove(self, batch: Batch) -> None:
        """The batch is settled (delivered, or dropped as invalid): take it off the head."""
        with self.cond:
            self._taken = None
            if self.closed:
                return
            if batch.from_disk:
                self._spool.advance(batch.end)
            else:
                for _ in range(batch.count):
                    self.memory_bytes -= self._memory.popleft().nbytes
            self.cond.notify_all()

    def keep(self, batch: Batch) -> None:
        """The batch was not delivered: it stays at the head."""
        with self.cond:
            self._taken = None

    def spill(self) -> None:
        with self.cond:
            if not self.closed:
                self._spill()

    def close(self) -> int:
        """Writes what is in memory to disk and closes the spool; returns the records left undelivered."""
        with self.cond:
            if self.closed:
                return 0
            self._spill()
            self.closed = True
            self.cond.notify_all()
            return self._spool.close()

    def _spill(self) -> None:
        self.wants_spill = False
        if not self._memory:
            return
        ends = self._spool.append(self._memory)
        taken = self._taken
        if taken is not None and not taken.from_disk:
            # The batch in flight was the head of memory; it is now the head of the disk part.
            taken.from_disk, taken.end = True, ends[taken.count - 1]
        self._memory.clear()
        self.memory_bytes = 0

    def _take_from_memory(self) -> Optional[Batch]:
        if not self._memory:
            return None
        batch, size = Batch(), 0
        for record in self._memory:
            if not batch.fits(record, size):
                break
            batch.add(record)
            size += record.nbytes
        return batch

    def _take_from_disk(self) -> Optional[Batch]:
        batch, size = Batch(from_disk=True), 0
        for record, end in self._spool.read():
            if record is not None:  # None: a damaged line, settled with this batch
                if not batch.fits(record, size):
                    break
                batch.add(record)
                size += record.nbytes
            batch.end = end
        return batch if batch.end else None
