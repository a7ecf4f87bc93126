"""The package logger. ``CEREBRAS_MANAGEMENT_LOG=debug|info`` adds a stderr handler at that level.

Records carry methods, URLs, status codes, durations and request ids: never headers or bodies, so
the API key cannot reach a log.
"""

from __future__ import annotations

import logging
import os

from ._constants import LOG_ENV

logger = logging.getLogger("cerebras_management")


def configure_from_env() -> None:
    """Attach a stderr handler when the environment asks for client logging (idempotent)."""
    level_name = os.environ.get(LOG_ENV, "").strip().lower()
    if level_name not in ("debug", "info"):
        return
    if any(getattr(handler, "_cerebras_management", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler._cerebras_management = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level_name == "debug" else logging.INFO)
