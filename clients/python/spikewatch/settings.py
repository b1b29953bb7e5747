"""Where a run sends its records and how, from `init` arguments first, then the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from .spool import run_directory

DEFAULT_URL = "http://localhost:3000"
DEFAULT_OFFLINE_DIR = "spikewatch-offline"
MODES = ("online", "offline")


@dataclass(frozen=True)
class Settings:
    url: str
    token: Optional[str]
    is_offline: bool
    spool_dir: Path  # this run's folder under the offline directory
    flush_timeout: float  # seconds finish() and interpreter exit wait for delivery
    request_timeout: float  # seconds one HTTP request may take
    max_memory_bytes: int  # queued records held in memory before they go to disk


def resolve_settings(
    run_name: str,
    url: Optional[str] = None,
    token: Optional[str] = None,
    mode: Optional[str] = None,
    offline_dir: Optional[str] = None,
    flush_timeout: float = 30.0,
    request_timeout: float = 30.0,
    max_memory_bytes: int = 64 * 1024 * 1024,
    env: Mapping[str, str] = os.environ,
) -> Settings:
    mode = (mode or env.get("SPIKEWATCH_MODE") or "online").strip().lower()
    if mode not in MODES:
        raise ValueError(f"SPIKEWATCH_MODE / mode must be one of {', '.join(MODES)}, got {mode!r}")
    base = Path(offline_dir or env.get("SPIKEWATCH_OFFLINE_DIR") or DEFAULT_OFFLINE_DIR)
    return Settings(
        url=(url or env.get("SPIKEWATCH_URL") or DEFAULT_URL).rstrip("/"),
        token=token or env.get("SPIKEWATCH_TOKEN") or None,
        is_offline=mode == "offline",
        spool_dir=run_directory(base, run_name).absolute(),
        flush_timeout=float(flush_timeout),
        request_timeout=float(request_timeout),
        max_memory_bytes=int(max_memory_bytes),
    )
