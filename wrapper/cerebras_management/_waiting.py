"""Waiting for long-running operations: a weight sync (upload) or a rollout (deploy).

The API has no "wait" call: an upload or a deploy answers at once (``done: false``) and the caller
polls. This module holds everything about that polling that does not block, so that the sync and the
async waiters (``model_versions.wait``, ``endpoints.wait_for_deployment``) behave the same:

- `Reading`: one poll's answer, classified as running, succeeded or failed (`read_version`,
  `read_deployment`; in `_readings`, which says what each state means).
- `Waiter`: the deadline, the polling interval (``poll_interval``, then x1.5 per poll, capped at
  30 s, never past the deadline), the server's Retry-After on a 429/503 that outlasted the client's
  own retries, change-of-state detection for ``on_progress``, and the errors
  (`OperationFailedError`, `WaitTimeoutError`).
- `wait_sync` / `wait_async`: the two loops around it, nothing else.

Each poll is an ordinary client call, so it goes through the client's retry policy first, bounded
by the wait's deadline (`_deadline.bounded_by`): an attempt gets at most the time left, and no retry
starts whose backoff or Retry-After sleep would end past the deadline. A wait therefore ends on its
deadline (`WaitTimeoutError`, naming the last failed poll) whatever ``max_retries`` is. A 404 while
waiting is an error (the resource is gone or was never there), never "done".
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import httpx

from ._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from ._deadline import Deadline, bounded_by
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    ManagementError,
    OperationFailedError,
    RateLimitError,
    WaitTimeoutError,
)
from ._logging import logger
from ._readings import (
    Reading,
    StatusT,
    deployment_reader,
    read_deployment,
    read_version,
)

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "Reading",
    "Waiter",
    "deployment_reader",
    "read_deployment",
    "read_version",
    "wait_async",
    "wait_sync",
]

MAX_POLL_INTERVAL = 30.0
"""The interval grows up to this (or up to ``poll_interval`` when that is longer)."""
BACKOFF_FACTOR = 1.5
"""Each wait between polls is this much longer than the one before, up to the cap."""

PollT = TypeVar("PollT")
ProgressCallback = Callable[[StatusT], object]


def check_seconds(name: str, value: object) -> float:
    """A positive, finite number of seconds (bools and non-numbers are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    if not 0 < value < math.inf:
        raise ValueError(f"{name} must be a positive, finite number of seconds, got {value!r}")
    return float(value)


def server_retry_after(error: APIStatusError) -> float | None:
    """Seconds a 429 or 503 answer asked the client to wait (None: not such an answer, or not said)."""
    if error.status_code not in (429, 503):
        return None
    if isinstance(error, RateLimitError) and error.retry_after is not None:
        return error.retry_after
    if error.response is None:
        return None
    from ._retry import retry_after

    return retry_after(error.response.headers)


class Waiter(Generic[StatusT]):
    """The non-blocking part of one wait: deadline, intervals, state changes, outcome.

    Args:
        subject: What is waited for, for messages and logs (e.g. ``model version 3 of 'gpt-oss-120b'``).
        timeout: Seconds until `WaitTimeoutError`.
        poll_interval: Seconds before the second poll; later waits grow x1.5 up to 30 s.
        on_progress: Called with the status on the first poll and whenever the state changes.
        clock: A monotonic clock (tests pass a fake one).
    """

    def __init__(
        self,
        subject: str,
        *,
        timeout: float,
        poll_interval: float,
        on_progress: ProgressCallback[StatusT] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.subject = subject
        self.timeout = check_seconds("timeout", timeout)
        self.interval = check_seconds("poll_interval", poll_interval)
        if on_progress is not None and not callable(on_progress):
            raise TypeError(f"on_progress must be callable, not {type(on_progress).__name__}")
        self.on_progress = on_progress
        self._max_interval = max(MAX_POLL_INTERVAL, self.interval)
        self._clock = clock
        self.started = clock()
        self.polls = 0
        self.last: Reading[StatusT] | None = None
        #: The error of the last poll, if it failed (None once a later poll succeeds).
        self.last_error: ManagementError | None = None

    def elapsed(self) -> float:
        """Seconds since the wait started."""
        return self._clock() - self.started

    def record(self, reading: Reading[StatusT]) -> bool:
        """Count a poll's reading; True when its state differs from the previous one (or is the first)."""
        self.polls += 1
        self.last_error = None
        previous, self.last = self.last, reading
        changed = previous is None or (previous.state, previous.outcome) != (reading.state, reading.outcome)
        if changed:
            logger.debug(
                "%s: %s (%s) after %.1f s, poll %d",
                self.subject, reading.state, reading.outcome, self.elapsed(), self.polls,
            )  # fmt: skip
        return changed

    def result(self) -> StatusT | None:
        """The final status if the last reading succeeded; None while running; raises on failure."""
        reading = self.last
        if reading is None or reading.outcome == "running":
            return None
        if reading.outcome == "succeeded":
            return reading.status
        elapsed = self.elapsed()
        raise OperationFailedError(
            f"{self.subject} failed after {elapsed:.1f} s: {reading.reason}",
            status=reading.status,
            state=reading.state,
            reason=reading.reason,
            elapsed=elapsed,
        )

    def remaining(self) -> float:
        """Seconds left before the deadline (0 or less once it has passed)."""
        return self.timeout - self.elapsed()

    def next_delay(self, asked: float | None = None) -> float:
        """Seconds to sleep before the next poll (at least ``asked``), never past the deadline.

        Raises `WaitTimeoutError` once the deadline has passed.
        """
        remaining = self.timeout - self.elapsed()
        if remaining <= 0:
            raise self.timeout_error()
        delay = self.interval if asked is None else max(self.interval, asked)
        self.interval = min(self.interval * BACKOFF_FACTOR, self._max_interval)
        return min(delay, remaining)

    def delay_after_error(self, error: APIStatusError) -> float | None:
        """After a poll failed even with the client's retries: seconds until the next poll, or None.

        Only a 429 or 503 whose server said when to come back (Retry-After) is waited out; when that
        is at or past the deadline, the delay is the time left (the wait then times out at its
        deadline). None means the error ends the wait.
        """
        asked = server_retry_after(error)
        if asked is None:
            return None
        remaining = self.remaining()
        if asked >= remaining:
            logger.debug(
                "%s: poll answered %d, Retry-After %.1f s is past the deadline (%.1f s left)",
                self.subject, error.status_code, asked, remaining,
            )  # fmt: skip
            return max(remaining, 0.0)
        logger.debug("%s: poll answered %d, polling again in %.1f s", self.subject, error.status_code, asked)
        return self.next_delay(asked)

    def timeout_error(self) -> WaitTimeoutError:
        """The error for a passed deadline, carrying the last status, the last failed poll (if the
        last poll failed) and the elapsed time."""
        reading = self.last
        state = reading.state if reading is not None else None
        elapsed = self.elapsed()
        failed = ""
        if self.last_error is not None:
            first_line = (str(self.last_error).splitlines() or [""])[0]
            failed = f"; the last poll failed: {type(self.last_error).__name__}: {first_line}"
        polls = f"{self.polls} poll" if self.polls == 1 else f"{self.polls} polls"
        return WaitTimeoutError(
            f"{self.subject} did not finish within {self.timeout:g} s (last state: {state or 'unknown'}, "
            f"{polls} over {elapsed:.1f} s{failed}). The operation goes on: wait again with "
            "a longer timeout, or check its status later.",
            status=reading.status if reading is not None else None,
            state=state,
            elapsed=elapsed,
            timeout=self.timeout,
            last_error=self.last_error,
        )

    def check_time_left(self) -> None:
        """Raise `WaitTimeoutError` (caused by the last failed poll, if any) once the deadline has passed."""
        if self.remaining() <= 0:
            raise self.timeout_error() from self.last_error


def _after_failed_poll(
    waiter: Waiter[Any], error: APIStatusError | APIConnectionError, bound: Deadline
) -> float:
    """After a poll failed (the client's retries spent): seconds until the next poll, or raise.

    A failure because the wait's deadline ran out (a poll that hung until the time left, or a retry
    the client did not start because its sleep would have ended past the deadline: ``bound.reached``)
    ends the wait at its deadline with `WaitTimeoutError`, naming the failure; so does a Retry-After
    that asks for more time than is left.
    """
    waiter.last_error = error
    if bound.reached or waiter.remaining() <= 0:
        return max(waiter.remaining(), 0.0)
    delay = waiter.delay_after_error(error) if isinstance(error, APIStatusError) else None
    if delay is None:
        raise error
    return delay


#: How long after the deadline the async waiter cancels a poll that the client has not ended itself.
_GRACE = 0.1


def poll_timeout(client_timeout: httpx.Timeout, remaining: float) -> httpx.Timeout:
    """The client's timeout with each phase capped at the time left before the wait's deadline, so
    a poll that hangs cannot hold the wait far past it."""
    limit = max(remaining, 0.001)

    def cap(phase: float | None) -> float:
        return limit if phase is None else min(phase, limit)

    return httpx.Timeout(
        connect=cap(client_timeout.connect),
        read=cap(client_timeout.read),
        write=cap(client_timeout.write),
        pool=cap(client_timeout.pool),
    )


def wait_sync(
    waiter: Waiter[StatusT],
    poll: Callable[[float], PollT],
    read: Callable[[PollT], Reading[StatusT]],
    *,
    sleep: Callable[[float], object] = time.sleep,
) -> StatusT:
    """Poll until the operation succeeds (return its status), fails or the deadline passes (raise).

    ``poll(remaining)`` gets the seconds left before the deadline, to cap its request's timeout.

    Ctrl-C stops the wait with a plain `KeyboardInterrupt` (no chained library traceback).
    """
    try:
        while True:
            waiter.check_time_left()
            bound = Deadline.after(waiter.remaining())
            try:
                with bounded_by(bound):
                    answer = poll(waiter.remaining())
            except (APIStatusError, APIConnectionError) as error:
                delay = _after_failed_poll(waiter, error, bound)
            else:
                reading = read(answer)
                if waiter.record(reading) and waiter.on_progress is not None:
                    waiter.on_progress(reading.status)
                final = waiter.result()
                if final is not None:
                    return final
                delay = waiter.next_delay()
            sleep(delay)
    except KeyboardInterrupt:
        logger.debug("%s: wait interrupted after %.1f s", waiter.subject, waiter.elapsed())
        raise KeyboardInterrupt from None


async def wait_async(
    waiter: Waiter[StatusT],
    poll: Callable[[float], Awaitable[PollT]],
    read: Callable[[PollT], Reading[StatusT]],
) -> StatusT:
    """`wait_sync` for asyncio. Cancelling the task stops the wait at once (`CancelledError`).

    ``on_progress`` may also be a coroutine function; it is awaited.
    """
    import asyncio  # here, not at the top: `import cerebras_management` stays free of asyncio
    import inspect

    while True:
        waiter.check_time_left()
        bound = Deadline.after(waiter.remaining())
        try:
            try:
                # The client ends the poll by `bound` (and says why); this timeout, a moment later,
                # is only a second line of defence.
                with bounded_by(bound):
                    async with asyncio.timeout(max(waiter.remaining(), 0.0) + _GRACE):
                        answer = await poll(waiter.remaining())
            except TimeoutError:
                raise waiter.timeout_error() from waiter.last_error
        except (APIStatusError, APIConnectionError) as error:
            delay = _after_failed_poll(waiter, error, bound)
        else:
            reading = read(answer)
            if waiter.record(reading) and waiter.on_progress is not None:
                outcome = waiter.on_progress(reading.status)
                if inspect.isawaitable(outcome):
                    await outcome
            final = waiter.result()
            if final is not None:
                return final
            delay = waiter.next_delay()
        await asyncio.sleep(delay)
