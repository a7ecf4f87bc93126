"""``-v/--verbose``: one stderr line per HTTP attempt, from the client's own DEBUG log records.

The client logs every attempt at DEBUG with its facts as the record's ``http_attempt`` attribute
(method, URL, attempt number, status or error, time, request id; never a header or a body, so never
the key). `show_attempts` turns those records into lines a CI log keeps, the request id first so
that a terminal's wrap never cuts it (one line each):

```
HTTP [req_3f2a9c...] POST /management/v1/orgs/my-org/models:upload -> 200 OK in 4.1 ms (attempt 1/3)
```

With ``--json`` each line is a JSON object instead (``{"http": {...}}``), so stderr stays JSON Lines.
Retries show as further attempts; waits between them are not lines of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .._logging import logger
from ._output import dumps, err_line, redact, visible


def attempt_of(record: logging.LogRecord) -> dict[str, Any] | None:
    """The facts of one HTTP attempt from a client log record (its ``http_attempt`` attribute), or
    None for any other record."""
    facts = getattr(record, "http_attempt", None)
    if not isinstance(facts, dict):
        return None
    parts = urlsplit(facts["url"])
    return {
        "method": facts["method"],
        "path": parts.path + (f"?{parts.query}" if parts.query else ""),
        "status": facts["status"],
        "reason": facts["reason"] or None,
        "error": facts["error"],
        "elapsed_ms": round(facts["elapsed_ms"], 1),
        "attempt": facts["attempt"],
        "attempts_allowed": facts["attempts_allowed"],
        "request_id": facts["request_id"],
    }


def line_for(attempt: dict[str, Any]) -> str:
    """The human line for one attempt (server text made visible).

    The request id comes first: a path of any length cannot push it past a terminal's edge, where
    the terminal's own wrap would cut it.
    """
    if attempt["status"] is not None:
        outcome = f"{attempt['status']} {attempt['reason'] or ''}".rstrip()
    else:
        outcome = f"{attempt['error']} (no answer)"
    request_id = attempt["request_id"] or "no request id"
    return visible(
        f"HTTP [{request_id}] {attempt['method']} {attempt['path']} -> {outcome} "
        f"in {attempt['elapsed_ms']:.1f} ms (attempt {attempt['attempt']}/{attempt['attempts_allowed']})"
    )


class _AttemptLines(logging.Handler):
    """Writes one stderr line per attempt record; other records are ignored."""

    def __init__(self, *, json_mode: bool) -> None:
        super().__init__(logging.DEBUG)
        self.json_mode = json_mode

    def emit(self, record: logging.LogRecord) -> None:
        attempt = attempt_of(record)
        if attempt is None:
            return
        text = dumps({"http": attempt}) if self.json_mode else line_for(attempt)
        err_line(redact(text))


def show_attempts(*, json_mode: bool) -> Callable[[], None]:
    """Start writing attempt lines to stderr; return the function that stops it (and restores the
    logger's level)."""
    handler = _AttemptLines(json_mode=json_mode)
    previous = logger.level
    logger.addHandler(handler)
    if not logger.isEnabledFor(logging.DEBUG):
        logger.setLevel(logging.DEBUG)

    def stop() -> None:
        logger.removeHandler(handler)
        logger.setLevel(previous)

    return stop
