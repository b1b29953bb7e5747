"""Spikewatch client: log a training run's metrics and rollouts to a Spikewatch dashboard.

    import spikewatch
    spikewatch.init(name="grpo-seed1", regime="vanilla_rl")
    spikewatch.log({"loss": loss, "critic/score/mean": score}, step=step)
    spikewatch.log_rollouts([{"messages": messages, "reward": reward}], step=step)

Standard library only. See README.md beside this package for the settings and guarantees.
"""

from __future__ import annotations

__version__ = "0.1.0"

import logging
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from .errors import SpikewatchError
from .records import check_run_fields
from .runs import Run
from .settings import resolve_settings

__all__ = ["Run", "SpikewatchError", "init", "log", "log_rollouts", "finish", "run"]

run: Optional[Run] = None
"""The run of the last `init` call, used by the module-level `log`, `log_rollouts` and `finish`."""


def init(
    name: Optional[str] = None,
    regime: Optional[str] = None,
    scheme: Optional[str] = None,
    config: Optional[Mapping[str, Any]] = None,
    url: Optional[str] = None,
    token: Optional[str] = None,
    *,
    model: Optional[str] = None,
    mode: Optional[str] = None,
    offline_dir: Optional[str] = None,
    strict: bool = False,
    flush_timeout: float = 30.0,
    request_timeout: float = 30.0,
    max_memory_bytes: int = 64 * 1024 * 1024,
    **run_fields: Any,
) -> Run:
    """Starts logging a run, created on the server or resumed by `name`, and returns it.

    `url` and `token` default to SPIKEWATCH_URL (else http://localhost:3000) and SPIKEWATCH_TOKEN;
    `mode` to SPIKEWATCH_MODE (`online`, or `offline` to only write the spool);
    `offline_dir` to SPIKEWATCH_OFFLINE_DIR (else ./spikewatch-offline), which holds one folder per
    run. `run_fields` are other fields of `POST /api/runs` (`rlLr`, `sftLr`, `seed`, `phases`).
    Invalid `regime` or `scheme` values are reported and left out (raised with `strict=True`).
    """
    global run
    name = str(name).strip() if name is not None else _default_name()
    fields = {"regime": regime, "scheme": scheme, "config": dict(config) if config else None, "model": model,
              **run_fields}
    problems = check_run_fields(regime, scheme)
    if problems and strict:
        raise SpikewatchError("; ".join(problems.values()))
    for field, problem in problems.items():
        logging.getLogger("spikewatch").warning("spikewatch: left out %s", problem)
        fields[field] = None
    settings = resolve_settings(name, url, token, mode, offline_dir, flush_timeout, request_timeout, max_memory_bytes)
    run = Run(name, {key: value for key, value in fields.items() if value is not None}, settings, strict)
    return run


def log(metrics: Mapping[str, Any], step: Optional[int] = None) -> None:
    """`Run.log` on the current run, like `wandb.log`."""
    _current("log").log(metrics, step)


def log_rollouts(rollouts: Iterable[Mapping[str, Any]], step: Optional[int] = None) -> None:
    """`Run.log_rollouts` on the current run."""
    _current("log_rollouts").log_rollouts(rollouts, step)


def finish(status: str = "finished", timeout: Optional[float] = None) -> None:
    """`Run.finish` on the current run."""
    _current("finish").finish(status, timeout)


def _current(what: str) -> Run:
    if run is None:
        raise SpikewatchError(f"call spikewatch.init() before spikewatch.{what}()")
    return run


def _default_name() -> str:
    script = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else "python"
    return f"{script or 'python'}-{time.strftime('%Y%m%d-%H%M%S')}"
