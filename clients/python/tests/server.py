"""The real Spikewatch server for the client's tests, started from the checkout this package lives in.

The first start runs `npm start`'s script (`tsx scripts/start.ts`: migrations, a build when the
sources changed, then `next start` and the worker) on a fresh data directory; later starts after a
stop run `next start` alone on the same port and database, as a dashboard process comes back. Each
runs in its own process group so a stop reaches every child. One server serves the whole test
process (`shared_server()`); it is stopped at exit.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "python-client-test-token-0123456789"
FIRST_START_SECONDS = 600  # may include `next build`
RESTART_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self) -> None:
        if not (ROOT / "node_modules" / ".bin" / "tsx").exists():
            raise RuntimeError(f"the client tests start the Spikewatch server from {ROOT}: run `npm install` there")
        self.data_dir = Path(tempfile.mkdtemp(prefix="spikewatch-python-client-"))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = TOKEN
        self._process: Optional[subprocess.Popen] = None
        self._log = self.data_dir / "server.log"
        self._has_started = False

    def start(self) -> None:
        env = {**os.environ, "PORT": str(self.port), "SPIKEWATCH_DATA_DIR": str(self.data_dir),
               "DATABASE_URL": f"file:{self.data_dir / 'spikewatch.db'}", "SPIKEWATCH_DEMO": "off",
               "SPIKEWATCH_SAMPLE_DATA": "off", "SPIKEWATCH_API_TOKEN": self.token, "NEXT_TELEMETRY_DISABLED": "1"}
        bin_dir = ROOT / "node_modules" / ".bin"
        command = [str(bin_dir / "next"), "start", "-p", str(self.port), "-H", "127.0.0.1"] if self._has_started \
            else [str(bin_dir / "tsx"), "scripts/start.ts"]
        with open(self._log, "ab") as log:
            self._process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + (RESTART_SECONDS if self._has_started else FIRST_START_SECONDS)
        while not self.is_up():
            if self._process.poll() is not None:
                raise RuntimeError(f"the server exited with {self._process.returncode}:\n{self.output()}")
            if time.monotonic() > deadline:
                self.stop(signal.SIGKILL)
                raise RuntimeError(f"the server did not answer in time:\n{self.output()}")
            time.sleep(0.2)
        self._has_started = True

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Sends `sig` to the server's process group and waits until it is gone."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(20)
        _wait_until_port_free(self.port)

    def pause(self) -> None:
        """SIGSTOP: the server accepts connections but answers nothing, like a hung dashboard."""
        os.killpg(self._process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.killpg(self._process.pid, signal.SIGCONT)

    def is_up(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/healthz", timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def output(self) -> str:
        return self._log.read_text(errors="replace")[-5000:]

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=30) as answer:
            return json.loads(answer.read())

    def post(self, path: str, body: Any) -> Any:
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST", headers={
            "content-type": "application/json", "authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def run_named(self, name: str) -> Any:
        """The run of that name with its row counts (`GET /api/runs/:id`), or None."""
        match = [run for run in self.get("/api/runs")["runs"] if run["name"] == name]
        return self.get(f"/api/runs/{match[0]['id']}") if match else None

    def metric_points(self, run_id: str, key: str) -> list:
        series = self.get(f"/api/runs/{run_id}/metrics?keys={urllib.request.quote(key)}&maxPoints=100000")["series"]
        return series[0]["points"] if series else []


def _wait_until_port_free(port: int) -> None:
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.1)


_shared: Optional[Server] = None


def shared_server() -> Server:
    """The server of this test process, started on first use and made sure to be up."""
    global _shared
    if _shared is None:
        _shared = Server()
        atexit.register(_shared.stop)
    if _shared._process is None or _shared._process.poll() is not None:
        _shared.start()
    return _shared
