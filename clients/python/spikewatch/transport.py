"""HTTP to the Spikewatch API with the standard library."""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Optional

from . import __version__


class Unreachable(Exception):
    """No answer: connection refused or reset, DNS failure, or a timeout."""


@dataclass
class Response:
    status: int
    body: Any  # the parsed JSON answer, or None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_transient(self) -> bool:
        """Worth sending again later: a server error, overload, or a proxy in between failing."""
        return self.status >= 500 or self.status in (408, 425, 429)

    @property
    def error_message(self) -> str:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        return f"HTTP {self.status}" + (f": {message}" if message else "")

    @property
    def issues(self) -> list:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        issues = error.get("issues") if isinstance(error, dict) else None
        return issues if isinstance(issues, list) else []


class Transport:
    def __init__(self, url: str, token: Optional[str], timeout: float) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self._timeout = timeout

    def request(self, method: str, path: str, body: Optional[bytes] = None) -> Response:
        headers = {"content-type": "application/json", "user-agent": f"spikewatch-python/{__version__}"}
        if self._token:
            headers["authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                return Response(answer.status, _json(answer.read()))
        except urllib.error.HTTPError as error:
            with error:
                try:
                    return Response(error.code, _json(error.read()))
                except (http.client.HTTPException, OSError):
                    return Response(error.code, None)
        except (urllib.error.URLError, http.client.HTTPException, socket.timeout, OSError) as error:
            raise Unreachable(_reason(error)) from None


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None)
    return str(reason if reason is not None else error) or type(error).__name__
