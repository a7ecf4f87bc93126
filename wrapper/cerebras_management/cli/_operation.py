"""`Operation`: one write (or wait) of a command-line run, as the error handler reports it.

A leaf: the run's settings hold the operation (`_common.Settings.operation`) and `_writes` records
it, so both import it from here rather than from each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Operation:
    """One write (or wait) of this run.

    Attributes:
        verb: What it is, as a noun: ``"upload"``, ``"deployment"``, ``"alias change"``, ``"delete"``.
        sent: What was sent, in words (``"deployment of version 7 of gpt-oss-120b to endpoint e"``).
        check: The exact command that shows its outcome.
        write: It changes something on the server (False: a wait on an earlier write).
        applied: The server answered the write with a success: it happened.
        what: What was applied, once known, e.g. ``"version 7 of gpt-oss-120b (orgs/...)"``.
        waiting_for: What the run waits for after it, e.g. ``"its weight sync"`` (None: no wait).
        result: The write's answer (``to_dict()``; a list of outcomes for a delete), once read.
        finished: What the wait ended with, once it succeeded, e.g. ``"its weight sync is done"``.
        repeat: What must not be sent again, when not the whole ``verb`` (a delete of several
            versions, some applied: ``"delete of version 1"``).
        then: What the run did after the write, when it failed and is neither the wait nor
            writing the result (``"deleting version 2"``).
        in_flight: A further write of the same run is sent and not answered (a delete of several).
    """

    verb: str
    check: str
    sent: str = ""
    write: bool = True
    applied: bool = False
    what: str | None = None
    waiting_for: str | None = None
    result: Any = None
    finished: str | None = None
    repeat: str | None = None
    then: str | None = None
    in_flight: bool = False

    def to_dict(self) -> dict[str, Any]:
        """For the ``--json`` error object and the applied line."""
        return {
            "operation": self.verb,
            "sent": self.sent or self.verb,
            "applied": self.applied,
            "what": self.what,
            "check": self.check,
            "result": self.result,
        }
