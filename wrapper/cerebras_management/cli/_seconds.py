"""Options that take seconds, refused while the options are parsed when the library would refuse them.

A value the client or a waiter would refuse (``inf``, ``nan``, 0, a negative number, an attempt
timeout over a day) is a usage error (exit 2) before anything is sent, never an error after a write.
The rule is the library's own (`_waiting.check_seconds`, `_config.resolve_timeout`), called by
`Seconds`, so the options cannot drift from what the library accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


class Seconds(click.ParamType):  # type: ignore[type-arg]
    """A number of seconds that the library accepts, checked when the options are parsed (exit 2,
    nothing sent), never after a write.

    Args:
        check: The library's own check, ``check(value)``; raises ValueError (or TypeError) with a
            message that starts with ``name``.
        name: The library's name for the value in those messages (replaced by the option's).
    """

    name = "seconds"

    def __init__(self, check: Callable[[float], object], name: str) -> None:
        self._check = check
        self._name = name

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """``value`` as float seconds; a usage error naming the option when the library refuses it."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(str(value))
            except ValueError:
                self.fail(f"{value!r} is not a number of seconds.", param, ctx)
        try:
            self._check(number)
        except (TypeError, ValueError) as error:
            self.fail(str(error).removeprefix(f"{self._name} "), param, ctx)
        return number


def _attempt_timeout(value: float) -> None:
    from .._config import resolve_timeout  # not loaded for --help or --version

    resolve_timeout(value)


def _wait_seconds(name: str) -> Callable[[float], object]:
    def check(value: float) -> None:
        from .._waiting import check_seconds  # not loaded for --help or --version

        check_seconds(name, value)

    return check


#: ``--timeout``: what `ManagementClient(timeout=...)` accepts (positive, finite, at most a day).
ATTEMPT_SECONDS = Seconds(_attempt_timeout, "timeout")
#: ``--wait-timeout`` and ``--poll-interval``: what the waiters accept (positive and finite).
WAIT_TIMEOUT_SECONDS = Seconds(_wait_seconds("timeout"), "timeout")
POLL_INTERVAL_SECONDS = Seconds(_wait_seconds("poll_interval"), "poll_interval")
