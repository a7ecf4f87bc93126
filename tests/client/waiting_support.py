"""Fakes that drive the waiters' logic (`_waiting.py`) without a server or a real clock.

A fake clock, the status errors a poll may raise, a Waiter on that clock, and a scripted poll with the
sync loop run on a recorded sleep. Shared by test_pinned_waiting_readings.py (the Waiter itself) and
test_pinned_waiting_loops.py (the loops); importable because pytest puts this directory on sys.path.
"""

from __future__ import annotations

from typing import Any

import httpx
from cerebras_management import APIStatusError
from cerebras_management._waiting import Reading, Waiter, wait_sync


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def status_error(status: int, headers: dict[str, str] | None = None) -> APIStatusError:
    """The client's error for an HTTP `status` with `headers` (its class chosen as the client chooses it)."""
    from cerebras_management._exceptions import status_error_class

    request = httpx.Request("GET", "https://api.example.com/x")
    response = httpx.Response(status, headers=headers or {}, request=request, content=b"{}")
    return status_error_class(status)(
        f"HTTP {status}", response=response, body={}, detail=None, request_id=None
    )


def make_waiter(clock: Clock, timeout: float = 1000.0, poll_interval: float = 5.0) -> Waiter[Any]:
    return Waiter("model version 7 of 'm'", timeout=timeout, poll_interval=poll_interval, clock=clock)


class Script:
    """Answers (or raises) in order; records the time left each poll was given."""

    def __init__(self, clock: Clock, answers: list[Any], step: float = 0.0) -> None:
        self.clock = clock
        self.answers = list(answers)
        self.step = step
        self.given: list[float] = []

    def poll(self, remaining: float) -> Any:
        self.given.append(remaining)
        self.clock.now += self.step
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def read_answer(answer: str) -> Reading[str]:
    """A scripted answer's reading: "done" succeeded, "bad" failed ("it broke"), anything else runs."""
    outcome = {"done": "succeeded", "bad": "failed"}.get(answer, "running")
    return Reading(answer, answer, outcome, "it broke" if outcome == "failed" else None)  # type: ignore[arg-type]


def run_sync(clock: Clock, script: Script, timeout: float = 100.0, **options: Any) -> tuple[Any, list[float]]:
    """Run the sync loop over `script` (a 2 s poll interval); returns its result and the sleeps taken."""
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds

    waiter = Waiter("x", timeout=timeout, poll_interval=2.0, clock=clock, **options)
    return wait_sync(waiter, script.poll, read_answer, sleep=sleep), sleeps
