"""What the mock records of each request it receives."""

from __future__ import annotations

import json as _json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

__all__ = ["RecordedRequest", "Recorder", "query_params"]


def query_params(query_string: str) -> dict[str, str]:
    """The decoded parameters of ``query_string`` (the first value of a repeated one): what the mock
    validates, and what `RecordedRequest.query` shows."""
    query: dict[str, str] = {}
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        query.setdefault(key, value)
    return query


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the mock received it (``MockServer.requests``), recorded before any fault,
    authentication or validation, so refused and faulted requests are there too.

    Attributes:
        method: The HTTP method, upper case (``"POST"``).
        raw_path: The path as sent, percent-encoded, without the query string
            (``"/management/v1/orgs/my-org/models/a%2Fb/versions/1"``).
        query_string: The query string as sent, without ``?`` (``""`` when none).
        path_params: The decoded path parameters when a spec route matched
            (``{"org_name": "my-org", "model_arch_id": "a/b", "version_id": "1"}``), else ``{}``.
        operation_id: The spec's operationId of the matched operation (``"deleteModelVersion"``), or
            None when no route and method matched.
        api_key: The Bearer token sent, or None when there was no ``Authorization: Bearer ...`` header.
        headers: Request headers, names lower-cased; repeated headers joined with ``", "``.
        body: The raw request body (``b""`` when none).

    Derived, for assertions: [`path`][path] (percent-decoded), [`query`][query] and [`json`][json].
    """

    method: str
    raw_path: str
    query_string: str
    path_params: dict[str, str]
    operation_id: str | None
    api_key: str | None
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        """The path, percent-decoded, without the query string (``"/management/v1/orgs/my-org/models"``).

        Compare `raw_path` when the encoding matters (``%2F`` and ``/`` both decode to ``/``).
        """
        return unquote(self.raw_path)

    @property
    def query(self) -> dict[str, str]:
        """Query parameters, decoded (the first value of a repeated one); ``{}`` when none."""
        return query_params(self.query_string)

    @property
    def json(self) -> Any:
        """The body parsed as JSON (a new copy on each access), or None when the body is empty.

        Raises ``ValueError`` naming the request when the body is not JSON.
        """
        if not self.body:
            return None
        try:
            return _json.loads(self.body)
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"the body of {self.method} {self.raw_path} is not JSON: {exc}") from None


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
