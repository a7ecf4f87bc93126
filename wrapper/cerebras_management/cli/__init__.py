"""The ``cerebras-management`` command line (``pip install 'cerebras-management[cli]'``).

It manages model versions and endpoints from a shell or a CI job with the same client the library
gives (retries, timeouts, typed errors, the key kept out of every output). Run
``cerebras-management --help``, or ``python -m cerebras_management``.

The library never imports this package, and this package imports click when the command runs,
rich only to draw a table or a live status, and the generated API package only when a command
calls the API: ``--help`` and ``--version`` start about as fast as ``import httpx``.
"""

from __future__ import annotations

import sys
from typing import Any

from ._exit_codes import (
    EXIT_API_ERROR,
    EXIT_APPLIED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WAIT_FAILED,
)

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_APPLIED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_WAIT_FAILED",
    "app",
    "main",
]


def __getattr__(name: str) -> Any:
    """``app``, the root click command (for click's ``CliRunner`` in tests), loaded on first use."""
    if name == "app":
        from ._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    0 success, 1 API or network error (no write of the run is known to be applied), 2 usage error
    (nothing was sent), 3 a wait ended in failure or timed out, 4 a write was applied and then
    something failed (waiting on it, reading its answer, another delete, writing its result),
    130 interrupted.
    """
    try:
        from ._app import app
    except ModuleNotFoundError as error:
        if error.name not in ("click", "rich"):
            raise
        print(
            f"cerebras-management: the command line needs {error.name!r}, which is not installed. "
            "Install the extra: pip install 'cerebras-management[cli]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    code: int = app.main(args=argv, prog_name="cerebras-management", standalone_mode=False)
    return code
