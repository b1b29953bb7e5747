"""A run being logged: the calls a training script makes, each returning at once."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
from contextlib import contextmanager
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Set, Tuple

from .errors import SpikewatchError
from .pipeline import Pipeline
from .records import (
    RUN,
    STATUS,
    STATUSES,
    Record,
    check_step,
    dumps,
    json_value,
    metric_records,
    rollout_item,
    rollout_records,
)
from .sender import Reporter, Sender
from .settings import Settings
from .spool import Spool
from .transport import Transport

log = logging.getLogger("spikewatch")
MAX_SAMPLE_COUNTERS = 4096


class Run:
    """Logs one training run to Spikewatch. Create it with `spikewatch.init`.

    `log`, `log_rollouts` and `finish` never wait on the network: records are encoded, queued and
    sent by a background thread. When the dashboard cannot be reached they are kept on disk, in
    order, and sent once it answers again. Problems are reported on the `spikewatch` logger and
    never raised, unless the run was started with `strict=True`.
    """

    def __init__(self, name: str, run_fields: Mapping[str, Any], settings: Settings, strict: bool = False) -> None:
        self.name = name
        self.settings = settings
        self._strict = strict
        self._pid = os.getpid()
        self._reporter = Reporter(strict)
        registration = Record(RUN, [dumps(json_value({"name": name, **run_fields, "status": "running"}, str))])
        # A spool left by an earlier process of this run is the head of the queue: it goes first.
        spool = Spool(settings.spool_dir, own_file_if_busy=True, header=registration).open_if_present()
        self._pipeline = Pipeline(spool, settings.max_memory_bytes)
        transport = None if settings.is_offline else Transport(settings.url, settings.token, settings.request_timeout)
        self._sender = Sender(self._pipeline, transport, self._reporter, name)
        self._lock = threading.Lock()
        self._last_step: Optional[int] = None
        self._sample_counts: Dict[Tuple[str, int], int] = {}
        self._is_finished = False
        self._pipeline.append(registration)
        self._sender.start()
        _track(self)

    @property
    def id(self) -> Optional[str]:
        """The server's id of this run, once it has been created or found there."""
        return self._sender.run_id

    @property
    def is_finished(self) -> bool:
        return self._is_finished

    @property
    def spool_dir(self) -> str:
        return str(self.settings.spool_dir)

    def log(self, metrics: Mapping[str, Any], step: Optional[int] = None) -> None:
        """Logs metric values at `step` (default: one more than the last step logged, 0 at first).
        Numbers and numpy/torch scalars are kept, NaN and infinities included; None is skipped."""
        with self._calling("log"):
            step = check_step(step) if step is not None else (0 if self._last_step is None else self._last_step + 1)
            self._last_step = step
            records, problems = metric_records(metrics, step)
            self._report(problems)
            self._append(records)

    def log_rollouts(self, rollouts: Iterable[Mapping[str, Any]], step: Optional[int] = None) -> None:
        """Logs rollouts, each a dict as `POST /api/runs/:id/rollouts` takes it (`messages` or `text`,
        `reward`, `split`, ...). A rollout without `step` gets `step` (default: the last step logged);
        one without `sampleId` gets `<step>-<n>`, n counting from 0 per step in call order
        (`<split>-<step>-<n>` outside the train split), so a replay of the same calls is deduplicated."""
        with self._calling("log_rollouts"):
            default_step = check_step(step) if step is not None else (self._last_step or 0)
            self._last_step = default_step
            items, problems = [], []
            for rollout in rollouts:
                try:
                    items.append(rollout_item(self._identified(rollout, default_step)))
                except (TypeError, ValueError) as error:
                    problems.append(f"rollout not logged: {error}")
            self._report(problems)
            self._append(rollout_records(items))

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until everything logged so far is delivered; False if not within `timeout` seconds
        (default: the run's flush timeout) or when offline."""
        with self._calling("flush"):
            return self._sender.flush(self.settings.flush_timeout if timeout is None else timeout)
        return False

    def finish(self, status: str = "finished", timeout: Optional[float] = None) -> None:
        """Marks the run `finished` (or `failed`, `crashed`), delivers what is queued within `timeout`
        seconds and stops the sender. What could not be delivered stays on disk for `spikewatch sync`."""
        with self._calling("finish", errors_first=False):
            if self._is_finished:
                return
            if status not in STATUSES:
                raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
            self._is_finished = True
            _untrack(self)
            self._pipeline.append(Record(STATUS, [dumps({"status": status})]))
            left = self._sender.finish(self.settings.flush_timeout if timeout is None else timeout)
            if left:
                log.warning("spikewatch: %d records of run %r are kept in %s; send them with: python3 -m spikewatch "
                            "sync %s", left, self.name, self.spool_dir, self.spool_dir)
            if self._strict:
                self._reporter.raise_pending()

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, error_type: Any, error: Any, traceback: Any) -> None:
        self.finish("failed" if error_type is not None else "finished")

    # -- internals ---------------------------------------------------------------------------------

    @contextmanager
    def _calling(self, what: str, errors_first: bool = True) -> Iterator[None]:
        """Runs a public method: nothing in a forked child (it does not own the run), errors raised
        only with `strict` (those of earlier calls first), else reported once per kind."""
        if os.getpid() != self._pid:
            yield
            return
        try:
            with self._lock:
                if self._strict and errors_first:
                    self._reporter.raise_pending()
                yield
        except Exception as error:
            if self._strict:
                raise
            self._reporter.warn(f"{what}() failed: {error}", key=f"{what}:{type(error).__name__}:{error}")

    def _identified(self, rollout: Mapping[str, Any], default_step: int) -> Dict[str, Any]:
        if not isinstance(rollout, Mapping):
            raise TypeError(f"a rollout is a dict, got {type(rollout).__name__}")
        body = dict(rollout)
        body["step"] = check_step(body.get("step", default_step))
        if body.get("sampleId") is None:
            split = str(body.get("split", "train"))
            counter = (split, body["step"])
            n = self._sample_counts.get(counter, 0)
            self._sample_counts[counter] = n + 1
            if len(self._sample_counts) > MAX_SAMPLE_COUNTERS:  # forget the oldest steps' counters
                for old in list(self._sample_counts)[: MAX_SAMPLE_COUNTERS // 2]:
                    del self._sample_counts[old]
            body["sampleId"] = f"{'' if split == 'train' else split + '-'}{body['step']}-{n}"
        return body

    def _report(self, problems: List[str]) -> None:
        for problem in problems:
            if self._strict:
                raise SpikewatchError(problem)
            self._reporter.warn(problem, key=problem)

    def _append(self, records: List[Record]) -> None:
        for record in records:
            if not self._pipeline.append(record):
                self._reporter.warn(f"run {self.name!r} is finished; nothing more is logged", key="finished")
                return


# -- runs left open at exit ------------------------------------------------------------------------

_open_runs: Set[Run] = set()
_saw_uncaught_exception = False


def _track(run: Run) -> None:
    if not _open_runs and not getattr(sys.excepthook, "_spikewatch", False):
        _install_excepthook()
    _open_runs.add(run)


def _untrack(run: Run) -> None:
    _open_runs.discard(run)


def _install_excepthook() -> None:
    previous = sys.excepthook

    def hook(error_type: Any, error: Any, traceback: Any) -> None:
        global _saw_uncaught_exception
        _saw_uncaught_exception = True
        previous(error_type, error, traceback)

    hook._spikewatch = True  # type: ignore[attr-defined]
    sys.excepthook = hook


@atexit.register
def _finish_open_runs() -> None:
    """At interpreter exit: finish runs the script left open, `failed` after an uncaught exception."""
    for run in list(_open_runs):
        try:
            run.finish("failed" if _saw_uncaught_exception else "finished")
        except Exception as error:  # a strict run's last error: nothing is left to raise it into
            log.warning("spikewatch: %s", error)
