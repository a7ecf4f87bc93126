"""Deadlines: what bounds a call in time.

Two bounds, both carried in context variables (per thread, and per asyncio task):

- The attempt deadline (`enter_attempt`): how long the sync client's current attempt may take in
  all. `_bounded_io` shortens every blocking network call of that attempt (connect, TLS handshake,
  read, write) to end by it. The async client uses ``asyncio.timeout`` instead.
- The overall deadline (`Deadline`, `bounded_by`): a caller's bound on a whole call, every attempt,
  retry backoff and Retry-After sleep included. The transport (`_transport.send`/`send_async`)
  gives each attempt at most the time left, starts no retry whose sleep would end past it, and then
  raises the last failure and marks the `Deadline` as `reached`. The waiters bound each poll this way,
  so ``wait(timeout=...)`` ends on its deadline whatever the client's ``max_retries``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

#: (deadline on the `time.perf_counter` clock, its length in seconds) of this thread's attempt.
ATTEMPT_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar(
    "cerebras_management_attempt_deadline", default=None
)


def enter_attempt(deadline: float, seconds: float) -> Token[tuple[float, float] | None]:
    """Bound every network operation of this thread by `deadline` (`time.perf_counter`), a limit of
    `seconds` in all, until `leave_attempt` is called with the token returned."""
    return ATTEMPT_DEADLINE.set((deadline, seconds))


def leave_attempt(token: Token[tuple[float, float] | None]) -> None:
    """End what `enter_attempt` began."""
    ATTEMPT_DEADLINE.reset(token)


class Deadline:
    """A caller's overall bound on a call: the moment (on the `time.monotonic` clock) it must end by.

    Attributes:
        at: The deadline, a `time.monotonic` time.
        reached: Set by the transport when the deadline ended the call: an attempt ran out of the time
            left, or a retry was not started because its sleep would have ended past the deadline.
            It tells "out of time" from "out of retries" (the error raised is the same either way).
    """

    __slots__ = ("at", "reached")

    def __init__(self, at: float) -> None:
        self.at = at
        self.reached = False

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline `seconds` from now."""
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        """Seconds until the deadline (0 or less once it has passed)."""
        return self.at - time.monotonic()

    def __repr__(self) -> str:
        return f"Deadline(left={self.left():.3f}, reached={self.reached})"


#: The overall deadline of the calls made in this context (see `bounded_by`).
OVERALL_DEADLINE: ContextVar[Deadline | None] = ContextVar("cerebras_management_deadline", default=None)


def enter_bound(deadline: Deadline) -> Token[Deadline | None]:
    """Bound every call sent in this context by `deadline`, until `leave_bound` is called with the
    token returned. Nested bounds keep the earlier deadline (`deadline.at` is lowered to an enclosing
    one's; the enclosing one is left alone)."""
    outer = OVERALL_DEADLINE.get()
    if outer is not None and outer.at < deadline.at:
        deadline.at = outer.at
    return OVERALL_DEADLINE.set(deadline)


def leave_bound(token: Token[Deadline | None]) -> None:
    """End what `enter_bound` began: the enclosing bound (or none) applies again."""
    OVERALL_DEADLINE.reset(token)


@contextmanager
def bounded_by(deadline: Deadline) -> Iterator[Deadline]:
    """Bound every call the client sends inside the ``with`` block by `deadline`.

    Nested bounds keep the earlier deadline (`deadline.at` is lowered to an enclosing one's). The
    decisions are in `enter_bound` and `leave_bound`: mutation testing (mutmut) does not mutate a
    decorated function, so this one only calls them.
    """
    token = enter_bound(deadline)
    try:
        yield deadline
    finally:
        leave_bound(token)
