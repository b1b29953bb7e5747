"""The on-disk part of a run's queue: one JSON line per record, in the order they were logged.

Records before `offset` are delivered; `advance` moves it on and empties the file once everything in
it is delivered. A file left behind by a stopped process is picked up by the next run of the same
name (or by `python3 -m spikewatch sync`) and sent first. Only one process uses a spool file at a
time (an exclusive `flock`, where the platform has it); a second process with the same run name
writes its own `spool-<pid>-<n>.jsonl` beside it.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, List, Optional, Tuple

from .records import RUN, Record

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one process per spool directory
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("spikewatch")
SPOOL_NAME = "spool.jsonl"
RUN_LINE = b'{"kind":"%s"' % RUN.encode()


def run_directory(base: Path, run_name: str) -> Path:
    """`<base>/<run name>`, with characters a file name cannot hold replaced."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", run_name).strip("._") or "run"
    return base / safe[:120]


class SpoolBusy(Exception):
    """Another process holds this spool file."""


class Spool:
    def __init__(self, directory: Path, name: str = SPOOL_NAME, own_file_if_busy: bool = False,
                 header: Optional[Record] = None) -> None:
        self.directory = directory
        self.path = directory / name
        self.own_file_if_busy = own_file_if_busy
        # The run record: a file, and what is left of it after delivery, always starts with one, so
        # `sync` knows which run the records belong to. Learnt from the file when not given.
        self.header = header
        self.offset = 0
        self.end = 0
        self._file: Optional[BinaryIO] = None

    @property
    def has_pending(self) -> bool:
        return self.offset < self.end

    def open(self) -> "Spool":
        """Opens (creating it if needed) and locks the file. If another run has it, a run's spool
        (`own_file_if_busy`) moves to a file of its own; otherwise SpoolBusy is raised."""
        if self._file is not None:
            return self
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._file = _open_locked(self.path)
        except SpoolBusy:
            if not self.own_file_if_busy:
                raise
            self._file = self._open_own_file()
        self.end = self._file.seek(0, os.SEEK_END)
        self._drop_torn_tail()
        return self

    def _open_own_file(self) -> BinaryIO:
        for n in range(1, 1000):
            path = self.directory / f"spool-{os.getpid()}-{n}.jsonl"
            try:
                handle = _open_locked(path)
            except SpoolBusy:
                continue
            log.warning("spikewatch: %s is in use by another run; this one spools to %s", self.path, path.name)
            self.path = path
            return handle
        raise SpoolBusy(str(self.path))

    def open_if_present(self) -> "Spool":
        return self.open() if self.path.exists() else self

    def append(self, records: Iterable[Record]) -> List[int]:
        """Writes records at the end; returns the file offset after each."""
        handle = self.open()._file
        assert handle is not None
        lines = [record.to_line() for record in records]
        if lines and self.end == 0 and self.header is not None and not lines[0].startswith(RUN_LINE):
            handle.write(self.header.to_line())
            self.end = handle.tell()
        ends = []
        for line in lines:
            self.end += len(line)
            ends.append(self.end)
        handle.write(b"".join(lines))
        handle.flush()
        return ends

    def read(self) -> Iterator[Tuple[Optional[Record], int]]:
        """The records from `offset` on, each with the offset after it, parsed only as far as the
        caller iterates (hold the pipeline lock meanwhile). A line that is not a record (a damaged
        file) comes back as None, to be skipped."""
        if self._file is None:
            return
        self._file.seek(self.offset)
        position = self.offset
        for line in iter(self._file.readline, b""):
            if not line.endswith(b"\n"):
                return
            position += len(line)
            try:
                record = Record.from_line(line)
            except (ValueError, KeyError, TypeError):
                log.warning("spikewatch: skipped a damaged line in %s at byte %d", self.path, position - len(line))
                record = None
            if record is not None and record.kind == RUN:
                self.header = record
            yield record, position

    def advance(self, offset: int) -> None:
        """Marks everything before `offset` delivered; an all-delivered file is emptied."""
        self.offset = offset
        if self._file is not None and offset >= self.end:
            self._file.truncate(0)
            self.offset = self.end = 0

    def pending_count(self) -> int:
        if not self.has_pending or self._file is None:
            return 0
        self._file.seek(self.offset)
        return sum(chunk.count(b"\n") for chunk in iter(lambda: self._file.read(1 << 20), b""))

    def close(self) -> int:
        """Keeps only the undelivered records (so a later sync starts at them) or removes the file
        and its empty directory; returns how many records are left."""
        if self._file is None:
            return 0
        left = self.pending_count()
        if left and self.offset > 0:
            self._file.seek(self.offset)
            tail = self._file.read()
            if not tail.startswith(RUN_LINE) and self.header is not None:
                tail = self.header.to_line() + tail
            self._file.truncate(0)
            self._file.write(tail)
            self._file.flush()
        if not left:
            self.path.unlink(missing_ok=True)
        self._file.close()  # releases the lock
        self._file = None
        self.offset = self.end = 0
        if not left:
            _remove_if_empty(self.directory)
        return left

    def _drop_torn_tail(self) -> None:
        """A process killed mid-write can leave a last line without its newline: cut it off."""
        assert self._file is not None
        size = position = self.end
        while position > 0:
            start = max(0, position - (1 << 16))
            self._file.seek(start)
            cut = self._file.read(position - start).rfind(b"\n")
            if cut >= 0:
                position = start + cut + 1
                break
            position = start
        if position < size:
            log.warning("spikewatch: dropped an unfinished last line in %s", self.path)
            self._file.truncate(position)
            self.end = position


def _open_locked(path: Path) -> BinaryIO:
    handle = open(path, "a+b")
    if fcntl is not None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise SpoolBusy(str(path)) from None
    return handle


def _remove_if_empty(directory: Path) -> None:
    try:
        directory.rmdir()
    except OSError:
        pass  # not empty, or gone
