"""What the mock records of each request it receives."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

__all__ = ["RecordedRequest", "Recorder"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the mock received it.

    ``raw_path`` is the path as sent (percent-encoded, without the query string); ``path_params`` holds
    the decoded path parameters when a spec route matched (else ``{}``); ``api_key`` is the Bearer token
    sent, or None when there was no ``Authorization: Bearer ...`` header.
    """

    method: str
    raw_path: str
    query_string: str
    path_params: dict[str, str]
    operation_id: str | None
    api_key: str | None
    headers: dict[str, str]
    body: bytes


@dataclass
class Recorder:
    """Thread-safe, append-only list of recorded requests."""

    _items: list[RecordedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def append(self, request: RecordedRequest) -> None:
        """Record one request."""
        with self._lock:
            self._items.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        """A copy of everything recorded so far, oldest first."""
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        """Forget everything recorded."""
        with self._lock:
            self._items.clear()
