"""Faults the mock can be told to produce for the next matching requests.

Each builder checks its arguments where they are given (a `TypeError` or `ValueError` naming the
argument), so a mistake in a test fails at the line that made it, not later inside the server.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Fault", "FaultQueue"]


def _status(value: Any, name: str = "status") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"{name} must be an int HTTP status code (e.g. 503), not {type(value).__name__} {value!r}"
        )
    if not 200 <= value <= 599:  # a 1xx is not a final answer: the client would wait for another
        raise ValueError(f"{name} must be a final HTTP status code, from 200 to 599, got {value}")
    return value


def _header_value(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a str, the header's value as sent (e.g. {name}={str(value)!r}), "
            f"not {type(value).__name__} {value!r}"
        )
    if not value.isprintable() or not value.isascii():
        raise ValueError(f"{name} must be printable ASCII (a header value), got {value!r}")
    return value


def _seconds(value: Any, name: str = "seconds") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__} {value!r}")
    if not 0 <= value < math.inf:
        raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Fault:
    """One misbehaviour of the server. Build it with the class methods, then ``server.inject(fault)``."""

    kind: str
    code: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    payload: bytes = b""
    content_type: str = "application/json"
    seconds: float = 0.0

    @classmethod
    def status(
        cls, status: int, *, retry_after: str | None = None, retry_after_ms: str | None = None
    ) -> Fault:
        """Answer ``status`` with a JSON ``{"detail": ...}`` body; optional ``Retry-After`` headers
        (their values as sent: strings, e.g. ``retry_after="0.01"``)."""
        status = _status(status)
        headers: list[tuple[str, str]] = []
        if retry_after is not None:
            headers.append(("retry-after", _header_value(retry_after, "retry_after")))
        if retry_after_ms is not None:
            headers.append(("retry-after-ms", _header_value(retry_after_ms, "retry_after_ms")))
        body = b'{"detail":"injected fault: status %d"}' % status
        return cls("status", code=status, headers=tuple(headers), payload=body)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds``, then handle the request normally."""
        return cls("delay", seconds=_seconds(seconds))

    @classmethod
    def hang(cls, seconds: float = 30.0) -> Fault:
        """Hold the request without answering for up to ``seconds``, then drop the connection."""
        return cls("hang", seconds=_seconds(seconds))

    @classmethod
    def reset(cls) -> Fault:
        """Close the TCP connection abruptly (RST, ``SO_LINGER`` 0) without any response."""
        return cls("reset")

    @classmethod
    def html(cls, status: int = 502) -> Fault:
        """Answer ``status`` with a ``text/html`` error page, as a proxy in front of the API would."""
        status = _status(status)
        page = b"<html><head><title>%d</title></head><body><h1>Error %d</h1></body></html>" % (
            status,
            status,
        )
        return cls("html", code=status, payload=page, content_type="text/html; charset=utf-8")

    @classmethod
    def malformed_json(cls, status: int = 200) -> Fault:
        """Answer ``status`` with ``application/json`` whose body is not JSON."""
        status = _status(status)
        return cls("malformed_json", code=status, payload=b'{"message": "Model version 1 del')

    @classmethod
    def empty(cls, status: int = 200) -> Fault:
        """Answer ``status`` with an empty body."""
        return cls("empty", code=_status(status), payload=b"")

    @classmethod
    def echo_authorization(cls, status: int = 401) -> Fault:
        """Answer ``status`` with an error whose ``detail`` contains the Authorization header received."""
        return cls("echo_authorization", code=_status(status))

    @classmethod
    def body(cls, status: int, body: bytes, content_type: str = "application/json") -> Fault:
        """Answer ``status`` with exactly ``body`` (bytes) and ``content_type``."""
        if not isinstance(body, (bytes, bytearray)):
            hint = " (encode it: body.encode())" if isinstance(body, str) else ""
            raise TypeError(f"body must be bytes{hint}, not {type(body).__name__}")
        content_type = _header_value(content_type, "content_type")
        return cls("body", code=_status(status), payload=bytes(body), content_type=content_type)


@dataclass
class _Entry:
    fault: Fault
    remaining: int
    method: str | None
    path_contains: str | None


@dataclass
class FaultQueue:
    """FIFO of injected faults, each good for its next ``times`` matching requests."""

    _entries: list[_Entry] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, fault: Fault, times: int, method: str | None, path_contains: str | None) -> None:
        """Queue ``fault`` for the next ``times`` requests matching ``method`` and ``path_contains``."""
        if not isinstance(fault, Fault):
            raise TypeError(f"fault must be a Fault (e.g. Fault.status(503)), not {type(fault).__name__}")
        if isinstance(times, bool) or not isinstance(times, int):
            raise TypeError(f"times must be an int, not {type(times).__name__} {times!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        for name, value in (("method", method), ("path_contains", path_contains)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a str or None, not {type(value).__name__} {value!r}")
        with self._lock:
            self._entries.append(_Entry(fault, times, method.upper() if method else None, path_contains))

    def take(self, method: str, raw_path: str) -> Fault | None:
        """Consume one use of the first fault matching this request, if any."""
        with self._lock:
            for entry in self._entries:
                if entry.method is not None and entry.method != method:
                    continue
                if entry.path_contains is not None and entry.path_contains not in raw_path:
                    continue
                entry.remaining -= 1
                if entry.remaining == 0:
                    self._entries.remove(entry)
                return entry.fault
            return None

    def clear(self) -> None:
        """Drop every pending fault."""
        with self._lock:
            self._entries.clear()

    def pending(self) -> int:
        """How many faulted requests are still to come."""
        with self._lock:
            return sum(entry.remaining for entry in self._entries)
