"""Command line: `python3 -m spikewatch sync <dir> [--url URL] [--token TOKEN]`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .settings import DEFAULT_URL
from .sync import sync


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m spikewatch")
    commands = parser.add_subparsers(dest="command", required=True)
    send = commands.add_parser("sync", help="send the records a run kept on disk")
    send.add_argument("dir", type=Path, help="a run's spool folder, or the offline directory holding run folders")
    send.add_argument("--url", default=os.environ.get("SPIKEWATCH_URL", DEFAULT_URL),
                      help="dashboard URL (default: SPIKEWATCH_URL, else %(default)s)")
    send.add_argument("--token", default=os.environ.get("SPIKEWATCH_TOKEN"),
                      help="write token (default: SPIKEWATCH_TOKEN)")
    send.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default: %(default)s)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    return sync(args.dir, args.url, args.token, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
