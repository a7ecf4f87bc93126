"""Faults the mock can be told to produce for the next matching requests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

__all__ = ["Fault", "FaultQueue"]


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
        """Answer ``status`` with a JSON ``{"detail": ...}`` body; optional ``Retry-After`` headers."""
        headers: list[tuple[str, str]] = []
        if retry_after is not None:
            headers.append(("retry-after", retry_after))
        if retry_after_ms is not None:
            headers.append(("retry-after-ms", retry_after_ms))
        body = b'{"detail":"injected fault: status %d"}' % status
        return cls("status", code=status, headers=tuple(headers), payload=body)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds``, then handle the request normally."""
        return cls("delay", seconds=seconds)

    @classmethod
    def hang(cls, seconds: float = 30.0) -> Fault:
        """Hold the request without answering for up to ``seconds``, then drop the connection."""
        return cls("hang", seconds=seconds)

    @classmethod
    def reset(cls) -> Fault:
        """Close the TCP connection abruptly (RST, ``SO_LINGER`` 0) without any response."""
        return cls("reset")

    @classmethod
    def html(cls, status: int = 502) -> Fault:
        """Answer ``status`` with a ``text/html`` error page, as a proxy in front of the API would."""
        page = b"<html><head><title>%d</title></head><body><h1>Error %d</h1></body></html>" % (
            status,
            status,
        )
        return cls("html", code=status, payload=page, content_type="text/html; charset=utf-8")

    @classmethod
    def malformed_json(cls, status: int = 200) -> Fault:
        """Answer ``status`` with ``application/json`` whose body is not JSON."""
        return cls("malformed_json", code=status, payload=b'{"message": "Model version 1 del')

    @classmethod
    def empty(cls, status: int = 200) -> Fault:
        """Answer ``status`` with an empty body."""
        return cls("empty", code=status, payload=b"")

    @classmethod
    def echo_authorization(cls, status: int = 401) -> Fault:
        """Answer ``status`` with an error whose ``detail`` contains the Authorization header received."""
        return cls("echo_authorization", code=status)

    @classmethod
    def body(cls, status: int, body: bytes, content_type: str = "application/json") -> Fault:
        """Answer ``status`` with exactly ``body`` and ``content_type``."""
        return cls("body", code=status, payload=body, content_type=content_type)


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
        if times < 1:
            raise ValueError("times must be at least 1")
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
