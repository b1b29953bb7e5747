"""`python3 -m spikewatch sync <dir>`: sends spool files a run left behind (offline mode, or a
dashboard that stayed down until the script ended), in order, then removes what was delivered."""

from __future__ import annotations

import time
from pathlib import Path
from typing import List, Optional

from .pipeline import Pipeline
from .sender import FIRST_RETRY_SECONDS, Reporter, Sender
from .spool import Spool, SpoolBusy
from .transport import Transport

ATTEMPTS = 5


def spool_files(path: Path) -> List[Path]:
    """The spool files in a run's folder, or in every run folder of an offline directory."""
    own = sorted(path.glob("*.jsonl"))
    return own if own else sorted(path.glob("*/*.jsonl"))


def sync_file(file: Path, transport: Transport, say=print) -> bool:
    """Sends one spool file; True when nothing is left in it."""
    try:
        spool = Spool(file.parent, file.name).open()
    except SpoolBusy:
        say(f"{file}: in use by a running process (it sends the file itself); skipped")
        return False
    pipeline = Pipeline(spool, max_memory_bytes=0)
    sender = Sender(pipeline, transport, Reporter(strict=False), run_name=file.parent.name)
    failures, delay = 0, FIRST_RETRY_SECONDS
    while failures < ATTEMPTS:
        outcome = sender.send_next()
        if outcome is None:
            break
        if outcome:
            failures, delay = 0, FIRST_RETRY_SECONDS
        else:
            failures += 1
            time.sleep(delay)
            delay *= 2
    left = pipeline.close()
    stats = sender.stats
    say(f"{file}: run {sender.run_name!r}: {stats['metrics_inserted']} metric points and "
        f"{stats['rollouts_inserted']} rollouts stored, "
        f"{stats['metrics_duplicates'] + stats['rollouts_duplicates']} already there, {stats['dropped']} refused"
        + (f"; {left} records left after {ATTEMPTS} failed attempts" if left else ""))
    return left == 0


def sync(path: Path, url: str, token: Optional[str], timeout: float, say=print) -> int:
    files = spool_files(path)
    if not files:
        say(f"no spool files in {path}")
        return 0
    transport = Transport(url, token, timeout)
    results = [sync_file(file, transport, say) for file in files]
    return 0 if all(results) else 1
