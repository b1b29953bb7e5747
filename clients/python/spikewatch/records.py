"""What a run sends, as JSON text: run fields, metric points, rollouts and status changes.

Values are encoded when they are logged, so later changes to the caller's objects do not leak in and
the queue's memory is known in bytes. JSON has no NaN or infinities, and Python's json module would
write them as bare tokens that are not JSON: they travel as the strings "NaN", "Infinity" and
"-Infinity", which the server reads back as the numbers they stand for.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

# The server's limits (README "Limits"); batches stay well inside them.
MAX_STEP = 2_147_483_647
MAX_KEY_CHARS = 200
MAX_NESTING = 64
METRIC_POINTS_PER_RECORD = 20_000
ROLLOUTS_PER_RECORD = 500

RUN, METRICS, ROLLOUTS, STATUS = "run", "metrics", "rollouts", "status"
DATA_KINDS = (METRICS, ROLLOUTS)
# The body key that holds a data batch's items, which is also the first part of a 422 issue path.
BODY_KEY = {METRICS: "points", ROLLOUTS: "rollouts"}

SCHEMES = ("none", "sequential", "synchronous", "interleaved")
STATUSES = ("running", "finished", "failed", "crashed")
SPLITS = ("train", "val", "eval")
_REGIME = re.compile(r"^[A-Za-z0-9_.+\-]{1,64}$")


@dataclass
class Record:
    """One logged call: its kind and its items, each already JSON text."""

    kind: str
    items: List[str]

    @property
    def nbytes(self) -> int:
        return sum(len(item) for item in self.items) + 32

    def to_line(self) -> bytes:
        """The record as one spool line; items are ASCII JSON, so no re-encoding is needed."""
        return ('{"kind":"%s","items":[%s]}\n' % (self.kind, ",".join(self.items))).encode("ascii")

    @staticmethod
    def from_line(line: bytes) -> "Record":
        data = json.loads(line)
        return Record(str(data["kind"]), [dumps(item) for item in data["items"]])


def dumps(value: Any) -> str:
    """Compact ASCII JSON; NaN and infinities are refused here, so convert them first (`json_value`)."""
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


NON_FINITE_MARKERS = ("NaN", "Infinity", "-Infinity")


def non_finite_marker(number: float) -> Any:
    """A float as JSON allows it: itself when finite, else the marker string the server accepts."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def json_value(value: Any, other: Optional[Callable[[Any], Any]] = None, depth: int = 0) -> Any:
    """A copy of `value` made of JSON types: mappings, sequences, numbers (numpy and torch scalars
    included, through `.item()`), strings, booleans and None; non-finite floats become markers.
    Anything else raises TypeError, or becomes `other(value)` when given (run configs use `str`)."""
    if depth > MAX_NESTING:
        raise ValueError(f"nested deeper than {MAX_NESTING} levels")
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return non_finite_marker(value)
    if isinstance(value, Mapping):
        return {str(key): json_value(item, other, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(item, other, depth + 1) for item in value]
    item = getattr(value, "item", None)  # numpy and torch scalars
    if callable(item):
        try:
            return json_value(item(), other, depth + 1)
        except (TypeError, ValueError):
            pass  # an array of several values: not a scalar
    if isinstance(value, numbers.Real):
        return non_finite_marker(float(value))
    if other is not None:
        return other(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def metric_value(value: Any) -> Optional[Any]:
    """A metric value as sent (a finite number or a non-finite marker), or None to skip it.

    None is skipped silently: trainers log None when a quantity has no value at a step (TRL does
    for a mean over only NaNs). Anything that is not one number raises TypeError."""
    if value is None:
        return None
    try:
        converted = json_value(value)
    except (TypeError, ValueError):
        converted = None
    if isinstance(converted, bool):
        return float(converted)
    if isinstance(converted, (int, float)) or converted in NON_FINITE_MARKERS:
        return converted
    raise TypeError(f"expected a number, got {type(value).__name__}")


def check_step(step: Any) -> int:
    if isinstance(step, bool):
        raise ValueError("step must be an integer, got a bool")
    try:
        number = step.__index__()
    except (AttributeError, TypeError):
        raise ValueError(f"step must be an integer, got {step!r}") from None
    if not 0 <= number <= MAX_STEP:
        raise ValueError(f"step must be between 0 and {MAX_STEP}, got {number}")
    return number


def metric_records(metrics: Mapping[Any, Any], step: int) -> Tuple[List[Record], List[str]]:
    """Records of `metrics` at `step`, and one problem text per value that could not be sent."""
    items, problems = [], []
    for key, value in metrics.items():
        key = str(key)
        if not key or len(key) > MAX_KEY_CHARS or "\x00" in key:
            problems.append(f"metric key {key[:60]!r}: must be 1 to {MAX_KEY_CHARS} characters without NUL")
            continue
        try:
            converted = metric_value(value)
        except TypeError as error:
            problems.append(f"metric {key!r}: {error}")
            continue
        if converted is not None:
            items.append(dumps({"step": step, "key": key, "value": converted}))
    return _chunked(METRICS, items, METRIC_POINTS_PER_RECORD), problems


def rollout_item(rollout: Mapping[str, Any]) -> str:
    """One rollout as JSON text. A NaN or infinite `reward` (TRL's "no reward for this sample")
    is sent as null; other non-finite numbers inside it become markers."""
    body = json_value(rollout)
    if isinstance(body.get("reward"), str):
        body["reward"] = None
    return dumps(body)


def rollout_records(items: List[str]) -> List[Record]:
    return _chunked(ROLLOUTS, items, ROLLOUTS_PER_RECORD)


def _chunked(kind: str, items: List[str], size: int) -> List[Record]:
    return [Record(kind, items[start:start + size]) for start in range(0, len(items), size)]


def batch_body(kind: str, items: List[str]) -> bytes:
    """The request body for a batch: `{"points": [...]}`, `{"rollouts": [...]}`, or the one item
    of a run or status record."""
    if kind in DATA_KINDS:
        return ('{"%s":[%s]}' % (BODY_KEY[kind], ",".join(items))).encode("ascii")
    return items[0].encode("ascii")


def rejected_indices(kind: str, issues: Iterable[Mapping[str, Any]]) -> Dict[int, str]:
    """Which items of a data batch a 422 names, from issue paths such as `rollouts.3.messages.0.role`,
    mapped to the first message about each."""
    found: Dict[int, str] = {}
    index_at = re.compile(re.escape(BODY_KEY[kind]) + r"\.(\d+)(?![\w])")
    for issue in issues:
        path = str(issue.get("path", ""))
        match = index_at.match(path)
        if match:
            found.setdefault(int(match.group(1)), f"{path}: {issue.get('message', 'invalid')}")
    return found


def describe_item(kind: str, item: str) -> str:
    """A short name of a dropped item for messages: the metric key and step, or the rollout's identity."""
    data = json.loads(item)
    if kind == METRICS:
        return f"metric {data.get('key')!r} at step {data.get('step')}"
    return f"rollout {data.get('sampleId')!r} at step {data.get('step')} ({data.get('split', 'train')})"


def check_run_fields(regime: Optional[str], scheme: Optional[str]) -> Dict[str, str]:
    """Run fields the server would refuse, each with the problem, to report before anything is sent."""
    problems = {}
    if regime is not None and not _REGIME.match(str(regime)):
        problems["regime"] = f"regime {regime!r}: use 1 to 64 letters, digits and _ . + -"
    if scheme is not None and scheme not in SCHEMES:
        problems["scheme"] = f"scheme {scheme!r}: one of {', '.join(SCHEMES)}"
    return problems
