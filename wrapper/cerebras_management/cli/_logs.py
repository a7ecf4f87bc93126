"""``--json`` and the client's own log (``CEREBRAS_MANAGEMENT_LOG=debug|info``): JSON lines on stderr.

The library adds a plain-text stderr handler when that variable is set. With ``--json``, stderr
carries only JSON objects, one a line, so the command line gives that handler a formatter that
writes each record as ``{"log": {"time", "level", "logger", "message"}}`` (the key redacted,
control characters escaped) for the length of the run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from .._logging import logger
from ._output import dumps, redact


class JsonRecords(logging.Formatter):
    """Formats a log record as one JSON object: ``{"log": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as ``{"log": {"time", "level", "logger", "message"[, "exception"]}}``."""
        facts = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            facts["exception"] = self.formatException(record.exc_info)
        return redact(dumps({"log": facts}))


def json_log_lines() -> Callable[[], None]:
    """Make the environment's log handler write JSON lines; return the function that restores it.

    The handler is the one ``import cerebras_management`` added (`_logging.configure_from_env`);
    none is added here, so a run in a test's process leaves no handler behind.
    """
    handlers = [handler for handler in logger.handlers if getattr(handler, "_cerebras_management", False)]
    previous = [(handler, handler.formatter) for handler in handlers]
    for handler in handlers:
        handler.setFormatter(JsonRecords())

    def restore() -> None:
        for handler, formatter in previous:
            handler.setFormatter(formatter)

    return restore
