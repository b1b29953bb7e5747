"""Delivers a pipeline's batches to the server, in order, from a background thread (or, for
`spikewatch sync`, from the calling thread).

A batch is settled when the server stored it, or when it refused some items as invalid (422): those
items are dropped and reported once, and the rest is sent again. Anything else (no answer, a 5xx, a
missing token) leaves the batch at the head of the queue: the pipeline spills memory to disk and the
thread retries with backoff. Re-sending is safe: the server skips rollouts and metric points it
already has, so every record is stored exactly once however often it travels.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter, deque
from typing import Deque, Dict, List, Optional

from .errors import SpikewatchError
from .pipeline import Batch, Pipeline
from .records import DATA_KINDS, METRICS, RUN, STATUS, batch_body, describe_item, rejected_indices
from .transport import Response, Transport, Unreachable

log = logging.getLogger("spikewatch")

FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 30.0
SPILL_EVERY_SECONDS = 1.0
SUFFIX = {METRICS: "/metrics", "rollouts": "/rollouts"}


class _NotYet(Exception):
    """The batch must wait: its run could not be registered again (the reason is already reported)."""


class Reporter:
    """Says what went wrong on the `spikewatch` logger, once per kind of trouble. With `strict`, the
    errors that lose data are also kept for the training thread to raise."""

    def __init__(self, strict: bool) -> None:
        self._strict = strict
        self._said: set = set()
        self._errors: Deque[str] = deque(maxlen=100)

    def warn(self, message: str, key: Optional[str] = None, loses_data: bool = False) -> None:
        if key is not None:
            if key in self._said:
                return
            self._said.add(key)
        log.warning("spikewatch: %s", message)
        if loses_data and self._strict:
            self._errors.append(message)

    def forget(self, key: str) -> None:
        self._said.discard(key)

    def raise_pending(self) -> None:
        if self._errors:
            message = self._errors.popleft()
            raise SpikewatchError(message)


class Sender:
    def __init__(self, pipeline: Pipeline, transport: Optional[Transport], reporter: Reporter, run_name: str) -> None:
        self.pipeline = pipeline
        self.transport = transport  # None: offline, records only go to disk
        self.reporter = reporter
        self.run_name = run_name
        self.run_id: Optional[str] = None
        self.stats: Counter = Counter()
        self._run_body: Optional[str] = None
        self._is_run_refused = False
        self._dropped: set = set()  # hashes of items refused once: never sent or reported again
        self._thread: Optional[threading.Thread] = None
        self._is_unreachable = False
        self._is_stopping = False
        self._retry_now = False
        self._is_finishing = False
        self._has_ended = False

    # -- one batch --------------------------------------------------------------------------------

    def send_next(self) -> Optional[bool]:
        """Sends the batch at the head. True: settled; False: not delivered, kept; None: nothing to send."""
        batch = self.pipeline.take()
        if batch is None:
            return None
        try:
            is_settled = self._deliver(batch)
        except Unreachable as error:
            self.reporter.warn(f"cannot reach {self.transport.url} ({error}); keeping records on disk and retrying",
                               key="unreachable")
            is_settled = False
        except _NotYet:
            is_settled = False
        except Exception:  # a bug here must not end the thread: keep the batch and say so
            log.exception("spikewatch: unexpected error while sending; the records stay queued")
            is_settled = False
        (self.pipeline.remove if is_settled else self.pipeline.keep)(batch)
        if is_settled and self._is_unreachable:
            self._is_unreachable = False
            self.reporter.forget("unreachable")
            log.warning("spikewatch: reached %s again; sending the records kept meanwhile", self.transport.url)
        return is_settled

    def _deliver(self, batch: Batch) -> bool:
        if batch.kind is None:  # only damaged spool lines
            return True
        if batch.kind == RUN:
            return self._register(batch.records[0].items[0])
        if self.run_id is None:
            reason = "it was refused" if self._is_run_refused else "the spool holds no run record before them"
            self.reporter.warn(f"dropped records of run {self.run_name!r}: {reason}", key="no-run", loses_data=True)
            return True
        if batch.kind == STATUS:
            answer = self._run_request("PATCH", "", batch.records[0].items[0].encode("ascii"))
            return answer.ok or self._not_delivered(answer)
        # Metric points, then rollouts; if the second part fails the batch is sent again whole and the
        # server skips the points it already has.
        return all(self._send_items(kind, batch.items(kind)) for kind in DATA_KINDS)

    def _register(self, body: str) -> bool:
        """POST /api/runs: creates the run, or finds it by name and marks it running again."""
        answer = self.transport.request("POST", "/api/runs", body.encode("ascii"))
        if answer.status == 422:
            self._is_run_refused, self.run_id = True, None
            self.reporter.warn(f"the server refused run {self.run_name!r}: {answer.error_message}", loses_data=True)
            return True
        if not answer.ok:
            return self._not_delivered(answer)
        self.run_id, self._run_body, self._is_run_refused = str(answer.body["id"]), body, False
        self.run_name = str(json.loads(body).get("name", self.run_name))
        if answer.status == 200:
            resumed = self.transport.request("PATCH", f"/api/runs/{self.run_id}", b'{"status":"running"}')
            return resumed.ok or self._not_delivered(resumed)
        return True

    def _run_request(self, method: str, suffix: str, body: bytes) -> Response:
        answer = self.transport.request(method, f"/api/runs/{self.run_id}{suffix}", body)
        if answer.status == 404 and self._run_body is not None:  # the server lost the run (a new database)
            if not self._register(self._run_body):
                raise _NotYet()
            answer = self.transport.request(method, f"/api/runs/{self.run_id}{suffix}", body)
        return answer

    def _send_items(self, kind: str, items: List[str]) -> bool:
        items = [item for item in items if hash(item) not in self._dropped]
        while items:
            answer = self._run_request("POST", SUFFIX[kind], batch_body(kind, items))
            if answer.ok:
                counts = answer.body if isinstance(answer.body, dict) else {}
                self.stats[f"{kind}_inserted"] += int(counts.get("inserted", 0))
                self.stats[f"{kind}_duplicates"] += int(counts.get("duplicates", 0))
                return True
            if answer.status == 413 and len(items) > 1:
                half = len(items) // 2
                return self._send_items(kind, items[:half]) and self._send_items(kind, items[half:])
            if answer.status not in (413, 422):
                return self._not_delivered(answer)
            refused = rejected_indices(kind, answer.issues) if answer.status == 422 else {}
            refused = refused or {index: answer.error_message for index in range(len(items))}
            self._drop(kind, items, refused)
            items = [item for index, item in enumerate(items) if index not in refused]
        return True

    def _drop(self, kind: str, items: List[str], refused: Dict[int, str]) -> None:
        for index in refused:
            self._dropped.add(hash(items[index]))
        self.stats["dropped"] += len(refused)
        shown = "; ".join(f"{describe_item(kind, items[i])}: {message}" for i, message in list(refused.items())[:5])
        more = f" (and {len(refused) - 5} more)" if len(refused) > 5 else ""
        noun = "metric points" if kind == METRICS else "rollouts"
        self.reporter.warn(f"the server refused {len(refused)} {noun} of run {self.run_name!r}, dropped them and sent "
                           f"the rest: {shown}{more}", loses_data=True)

    def _not_delivered(self, answer: Response) -> bool:
        """Reports an answer that is neither success nor a refusal of items. False keeps the batch
        for a retry (server errors, a missing or wrong token); True drops it (a request the server
        cannot read, which sending again would not change)."""
        if answer.status in (401, 403):
            self.reporter.warn(f"{self.transport.url} refused the token ({answer.error_message}); set SPIKEWATCH_TOKEN "
                               "to a write token. Keeping records on disk", key="auth", loses_data=True)
            return False
        if answer.is_transient:
            self.reporter.warn(f"{self.transport.url} answered {answer.error_message}; retrying", key="server-error")
            return False
        self.reporter.warn(f"dropped a batch of run {self.run_name!r}: {answer.error_message}", loses_data=True)
        return True

    # -- the background thread --------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="spikewatch-sender", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        delay, retry_at = FIRST_RETRY_SECONDS, 0.0
        cond = self.pipeline.cond
        try:
            while True:
                with cond:
                    while not self._is_ready(retry_at):
                        if self._is_stopping:
                            return
                        cond.wait(self._idle_seconds(retry_at))
                    self._retry_now = False
                is_settled = self.send_next()
                if is_settled is False:
                    self._is_unreachable = True
                    self.pipeline.spill()
                    if self._is_finishing:
                        return  # finish() keeps the rest on disk
                    retry_at, delay = time.monotonic() + delay, min(delay * 2, MAX_RETRY_SECONDS)
                elif is_settled:
                    delay = FIRST_RETRY_SECONDS
        except Exception:  # e.g. a full disk: say so; the training thread keeps working
            log.exception("spikewatch: the sender of run %r stopped; records stay in memory", self.run_name)
        finally:
            with cond:
                self._has_ended = True
                cond.notify_all()

    def _is_ready(self, retry_at: float) -> bool:
        """(Holding the lock.) Spills when memory should go to disk; True when a batch should be sent now."""
        if self._is_stopping:
            return False
        pipeline = self.pipeline
        if pipeline.wants_spill or (self.transport is None or self._is_unreachable) and pipeline.memory_bytes:
            pipeline.spill()
        if self.transport is None or pipeline.is_empty:
            return False
        return self._retry_now or self._is_finishing or time.monotonic() >= retry_at

    def _idle_seconds(self, retry_at: float) -> Optional[float]:
        """How long to wait for a notification. Offline or unreachable, appends do not wake the
        thread, so it wakes every second to move new records to disk."""
        if self.transport is None:
            return SPILL_EVERY_SECONDS
        if self.pipeline.is_empty:
            return None
        return min(SPILL_EVERY_SECONDS, max(0.0, retry_at - time.monotonic()))

    def flush(self, timeout: float) -> bool:
        """Waits until everything logged so far is delivered (retrying at once if the server was
        unreachable); False if that did not happen within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.pipeline.cond:
            self._retry_now = True
            self.pipeline.cond.notify_all()
            while not self.pipeline.is_empty and not self._has_ended and self.transport is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.pipeline.cond.wait(remaining)
            return self.pipeline.is_empty

    def finish(self, timeout: float) -> int:
        """Delivers what it can within `timeout` seconds (one attempt if the server is unreachable),
        stops the thread and keeps the rest on disk. Returns the number of records left there."""
        with self.pipeline.cond:
            self._is_finishing = True
        self.flush(timeout)
        with self.pipeline.cond:
            self._is_stopping = True
            self.pipeline.cond.notify_all()
        left = self.pipeline.close()
        if self._thread is not None:
            self._thread.join(0.5)  # a request still in flight ends with its own timeout
        return left
