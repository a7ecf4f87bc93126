"""The command line's exit statuses (re-exported by `cerebras_management.cli`).

A leaf module: every part of the command line imports its statuses from here, never from the
package, so the package can load its parts without loading itself first.
"""

from __future__ import annotations

from typing import Final

#: Success.
EXIT_OK: Final = 0
#: An API or network error, a declined confirmation, or a result that could not be written; no write
#: of the run is known to be applied.
EXIT_API_ERROR: Final = 1
#: A usage error: nothing was sent.
EXIT_USAGE: Final = 2
#: A wait ended: the operation failed or did not finish in time.
EXIT_WAIT_FAILED: Final = 3
#: A write was applied, then something failed (waiting on it, reading its answer, writing its result,
#: another delete of the same run).
EXIT_APPLIED: Final = 4
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED: Final = 130
