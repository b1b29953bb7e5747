"""Rollouts and names shared by the client's tests."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

CLIENT_DIR = Path(__file__).resolve().parents[1]

# An assistant turn in Qwen's tool-call format (docs/domain.md section 2), and the two collapsed
# shapes the paper describes: a bare tag and an empty turn.
HEALTHY_CALL = '<tool_call>\n{"name": "send_message", "arguments": {"to": "Frank", "text": "hi"}}\n</tool_call>'
ASSISTANT_TEXT = {"healthy": HEALTHY_CALL, "bare_tag": "<tool_call>", "empty": ""}


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def rollout(kind: str = "healthy", **fields):
    """One rollout as the REST API takes it: a user request and the assistant's turn."""
    return {
        "messages": [
            {"role": "user", "content": "Send Frank a message saying hi"},
            {"role": "assistant", "content": ASSISTANT_TEXT[kind]},
        ],
        "reward": 1.0 if kind == "healthy" else 0.0,
        **fields,
    }


def run_script(source: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """Runs Python source in a fresh interpreter that imports this client, as a training script would."""
    full_env = {**os.environ, **env, "PYTHONPATH": str(CLIENT_DIR)}
    return subprocess.run([sys.executable, "-c", source], env=full_env, capture_output=True, text=True,
                          timeout=timeout)
