"""Exact decisions of the waiters' logic (`_waiting.py`): how each answer is classified, the spacing
between polls, the time left given to each poll, and what the raised errors carry.

The classification and the Waiter are pure (a fake clock); the loops are driven with a fake poll and a
recorded sleep (sync) or a recorded `asyncio.sleep` (async). The waiters against a real server are
covered in test_waiters.py.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from cerebras_management import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    OperationFailedError,
    RateLimitError,
    WaitTimeoutError,
)
from cerebras_management._readings import error_message
from cerebras_management._waiting import (
    Reading,
    Waiter,
    check_seconds,
    deployment_reader,
    poll_timeout,
    read_deployment,
    read_version,
    server_retry_after,
    wait_async,
    wait_sync,
)
from cerebras_management.types import EndpointStatus, ModelVersion


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def version(done: bool, state: str | None = None, **extra: Any) -> ModelVersion:
    body: dict[str, Any] = {"name": "orgs/o/models/m/versions/7", "done": done, **extra}
    if state is not None:
        body["response"] = {"sync_status": state}
    return ModelVersion.from_dict(body)


def endpoint(*deployed: dict[str, Any]) -> EndpointStatus:
    return EndpointStatus.from_dict(
        {"name": "e", "model_arch_id": "m", "deployed_models": list(deployed), "created": 1, "updated": 2}
    )


# --- error objects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ({}, None),
        ({"error": None}, None),
        ({"error": {"code": 13, "message": "disk full"}}, "disk full"),
        ({"error": {"detail": "no weights"}}, "no weights"),
        ({"error": {"reason": "quota"}}, "quota"),
        ({"error": {"message": "", "detail": "d"}}, "d"),  # an empty message is passed over
        ({"error": {"message": 5, "reason": "r"}}, "r"),  # a non-string message too
        ({"error": {"message": "m", "detail": "d", "reason": "r"}}, "m"),  # message first, then detail
        ({"error": {"detail": "d", "reason": "r"}}, "d"),
        ({"error": {"code": 13}}, "{'code': 13}"),  # no text: the object itself
        ({"error": {}}, "the server reported an error"),
        ({"error": "boom"}, "boom"),
        ({"error": ""}, "the server reported an error"),
        ({"error": 0}, "0"),
        ({"error": False}, "False"),
        ({"error": []}, "[]"),
    ],
)
def test_error_message_for_every_shape(properties: dict[str, Any], message: str | None) -> None:
    assert error_message(properties) == message


# --- versions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "state", "extra", "outcome", "reason"),
    [
        (False, None, {}, "running", None),
        (False, "syncing", {}, "running", None),
        (False, "SOMETHING_NEW", {}, "running", None),  # unknown states mean "still running"
        (True, None, {}, "succeeded", None),
        (True, "synced", {}, "succeeded", None),
        (False, "failed", {}, "failed", "sync_status 'failed'"),
        (False, " FAILED ", {}, "failed", "sync_status ' FAILED '"),
        (False, "Error", {}, "failed", "sync_status 'Error'"),
        (True, "failed", {}, "failed", "sync_status 'failed'"),  # a failed state wins over done
        (True, None, {"error": {"code": 13}}, "failed", "{'code': 13}"),
        (True, None, {"error": {"code": 13, "message": "bad weights"}}, "failed", "bad weights"),
        (True, None, {"error": {"detail": "d"}}, "failed", "d"),
        (True, None, {"error": {"reason": "r"}}, "failed", "r"),
        (True, None, {"error": "text"}, "failed", "text"),
        (True, None, {"error": None}, "succeeded", None),
        (False, "failed", {"error": {"message": "why"}}, "failed", "why"),  # the server's words first
    ],
)
def test_version_classification(
    done: bool, state: str | None, extra: dict[str, Any], outcome: str, reason: str | None
) -> None:
    v = version(done, state, **extra)
    reading = read_version(v)
    assert reading == Reading(v, state, outcome, reason)  # type: ignore[arg-type]


def test_version_error_inside_the_status_counts() -> None:
    v = ModelVersion.from_dict(
        {"name": "n", "done": True, "response": {"sync_status": "synced", "error": {"message": "inner"}}}
    )
    assert read_version(v) == Reading(v, "synced", "failed", "inner")


def test_version_top_level_error_wins_over_the_status_error() -> None:
    v = ModelVersion.from_dict(
        {"name": "n", "done": True, "error": "outer", "response": {"error": {"message": "inner"}}}
    )
    assert read_version(v).reason == "outer"


# --- deployments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deployed", "state", "outcome", "reason"),
    [
        ({"id": "d1", "state": "complete"}, "complete", "succeeded", None),
        ({"id": "d1", "state": " COMPLETE "}, " COMPLETE ", "succeeded", None),
        ({"id": "d1", "state": "not_started"}, "not_started", "running", None),
        ({"id": "d1", "state": "weird"}, "weird", "running", None),
        ({"id": "d1"}, None, "running", None),
        ({"id": "d1", "state": "failed"}, "failed", "failed", "state 'failed'"),
        ({"id": "d1", "state": "error"}, "error", "failed", "state 'error'"),
        ({"id": "d1", "state": "in_progress", "error": {"code": 9}}, "in_progress", "failed", "{'code': 9}"),
        ({"id": "d1", "state": "complete", "error": {"detail": "d"}}, "complete", "failed", "d"),
        ({"id": "d1", "state": "complete", "error": {"reason": "r"}}, "complete", "failed", "r"),
        ({"id": "d1", "state": "failed", "error": {"message": "m"}}, "failed", "failed", "m"),
    ],
)
def test_deployment_classification(
    deployed: dict[str, Any], state: str | None, outcome: str, reason: str | None
) -> None:
    status = endpoint({"id": "other", "state": "failed"}, deployed)
    reading = read_deployment(status, "d1")
    assert reading.status is status.deployed_models[1]
    assert (reading.state, reading.outcome, reading.reason) == (state, outcome, reason)


def test_a_deployment_not_listed_yet_is_running_with_its_id() -> None:
    reading = read_deployment(endpoint({"id": "other", "state": "complete"}), "d1")
    assert (reading.state, reading.outcome, reading.reason) == (None, "running", None)
    assert reading.status.id == "d1"
    assert reading.status.state is None


def test_deployment_reader_checks_the_id() -> None:
    assert deployment_reader("d1")(endpoint({"id": "d1", "state": "complete"})).outcome == "succeeded"
    with pytest.raises(TypeError, match=r"^deployment_id must be a str .*, not int$"):
        deployment_reader(5)  # type: ignore[arg-type]
    for blank in ("", "  "):
        with pytest.raises(ValueError, match=r"^deployment_id must not be empty"):
            deployment_reader(blank)


# --- seconds, Retry-After ------------------------------------------------------------------------


@pytest.mark.parametrize("good", [0.001, 1, 2.5, 1e9])
def test_check_seconds_accepts(good: float) -> None:
    assert check_seconds("timeout", good) == float(good)
    assert isinstance(check_seconds("timeout", good), float)


@pytest.mark.parametrize(("bad", "error"), [(0, ValueError), (-1, ValueError), (math.inf, ValueError),
                                            (math.nan, ValueError), (True, TypeError), ("5", TypeError),
                                            (None, TypeError)])  # fmt: skip
def test_check_seconds_refuses(bad: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^poll_interval must be a"):
        check_seconds("poll_interval", bad)


def _status_error(status: int, headers: dict[str, str] | None = None) -> APIStatusError:
    from cerebras_management._exceptions import status_error_class

    request = httpx.Request("GET", "https://api.example.com/x")
    response = httpx.Response(status, headers=headers or {}, request=request, content=b"{}")
    return status_error_class(status)(
        f"HTTP {status}", response=response, body={}, detail=None, request_id=None
    )


@pytest.mark.parametrize(
    ("status", "headers", "asked"),
    [
        (429, {"retry-after": "3"}, 3.0),
        (503, {"retry-after": "4"}, 4.0),
        (503, {"retry-after-ms": "1500"}, 1.5),
        (503, {}, None),
        (500, {"retry-after": "3"}, None),  # only 429 and 503 say when to come back
        (502, {"retry-after": "3"}, None),
        (404, {"retry-after": "3"}, None),
    ],
)
def test_server_retry_after(status: int, headers: dict[str, str], asked: float | None) -> None:
    assert server_retry_after(_status_error(status, headers)) == asked


def test_server_retry_after_prefers_the_rate_limit_error_value() -> None:
    error = _status_error(429, {"retry-after": "3"})
    assert isinstance(error, RateLimitError)
    error.retry_after = 9.0
    assert server_retry_after(error) == 9.0


# --- the Waiter: spacing, deadline, errors -------------------------------------------------------


def make_waiter(clock: Clock, timeout: float = 1000.0, poll_interval: float = 5.0) -> Waiter[Any]:
    return Waiter("model version 7 of 'm'", timeout=timeout, poll_interval=poll_interval, clock=clock)


def test_poll_spacing_grows_by_half_up_to_thirty_seconds() -> None:
    waiter = make_waiter(Clock(), poll_interval=5.0)
    delays = [waiter.next_delay() for _ in range(9)]
    assert delays == pytest.approx([5.0, 7.5, 11.25, 16.875, 25.3125, 30.0, 30.0, 30.0, 30.0])


def test_a_long_poll_interval_is_kept_not_capped() -> None:
    waiter = make_waiter(Clock(), poll_interval=45.0)
    assert [waiter.next_delay() for _ in range(3)] == [45.0, 45.0, 45.0]


def test_spacing_never_passes_the_deadline() -> None:
    clock = Clock()
    waiter = make_waiter(clock, timeout=12.0, poll_interval=5.0)
    assert waiter.next_delay() == 5.0
    clock.now += 5.0
    assert waiter.next_delay() == 7.0  # 7.5 asked, 7 left
    clock.now += 7.0
    with pytest.raises(WaitTimeoutError):
        waiter.next_delay()


def test_the_server_may_ask_for_longer_never_shorter() -> None:
    waiter = make_waiter(Clock(), poll_interval=5.0)
    assert waiter.next_delay(asked=2.0) == 5.0
    assert waiter.next_delay(asked=20.0) == 20.0
    assert waiter.interval == pytest.approx(11.25)  # the schedule still grows under Retry-After


def test_remaining_and_elapsed_follow_the_clock() -> None:
    clock = Clock()
    waiter = make_waiter(clock, timeout=10.0)
    assert (waiter.elapsed(), waiter.remaining()) == (0.0, 10.0)
    clock.now += 4.0
    assert (waiter.elapsed(), waiter.remaining()) == (4.0, 6.0)
    clock.now += 7.0
    assert waiter.remaining() == -1.0


@pytest.mark.parametrize(
    ("status", "headers", "elapsed", "delay"),
    [
        (503, {"retry-after": "3"}, 0.0, 5.0),  # at least the poll interval
        (429, {"retry-after": "8"}, 0.0, 8.0),
        (503, {"retry-after": "8"}, 1.0, 8.0),  # 9 s left: waited out
        # At or past the deadline: sleep the time left (the wait then times out at its deadline).
        (503, {"retry-after": "9"}, 1.0, 9.0),  # exactly the time left
        (429, {"retry-after": "20"}, 0.0, 10.0),  # longer than the time left
        (503, {"retry-after": "20"}, 12.0, 0.0),  # the deadline has passed: never a negative sleep
        (503, {}, 0.0, None),  # not said: the error ends the wait
        (500, {"retry-after": "1"}, 0.0, None),
    ],
)
def test_delay_after_a_failed_poll(
    status: int, headers: dict[str, str], elapsed: float, delay: float | None
) -> None:
    clock = Clock()
    waiter = make_waiter(clock, timeout=10.0, poll_interval=5.0)
    clock.now += elapsed
    assert waiter.delay_after_error(_status_error(status, headers)) == delay
    # A Retry-After waited out is a poll interval spent (the schedule grows); the last sleep is not.
    assert waiter.interval == (7.5 if delay is not None and elapsed + delay < 10.0 else 5.0)


def test_record_reports_state_changes_only() -> None:
    waiter = make_waiter(Clock())
    a = Reading("s", "syncing", "running")
    assert waiter.record(a) is True
    assert waiter.record(Reading("s2", "syncing", "running")) is False
    assert waiter.record(Reading("s3", "syncing", "failed", "x")) is True
    assert waiter.record(Reading("s3", "synced", "failed", "x")) is True
    assert waiter.polls == 4
    assert waiter.last is not None
    assert waiter.last.state == "synced"


def test_result_while_running_and_on_success() -> None:
    waiter = make_waiter(Clock())
    assert waiter.result() is None
    waiter.record(Reading("s", "syncing", "running"))
    assert waiter.result() is None
    waiter.record(Reading("final", "synced", "succeeded"))
    assert waiter.result() == "final"


def test_operation_failed_error_carries_everything() -> None:
    clock = Clock()
    waiter = make_waiter(clock)
    waiter.record(Reading("the status", "failed", "failed", "disk full"))
    clock.now += 12.25
    with pytest.raises(OperationFailedError) as info:
        waiter.result()
    error = info.value
    assert str(error) == "model version 7 of 'm' failed after 12.2 s: disk full"
    assert (error.status, error.state, error.reason, error.elapsed) == (
        "the status",
        "failed",
        "disk full",
        12.25,
    )


def test_wait_timeout_error_carries_everything() -> None:
    clock = Clock()
    waiter = make_waiter(clock, timeout=30.0)
    waiter.record(Reading("s1", "syncing", "running"))
    waiter.record(Reading("s2", "syncing", "running"))
    clock.now += 31.0
    error = waiter.timeout_error()
    assert isinstance(error, WaitTimeoutError)
    assert str(error) == (
        "model version 7 of 'm' did not finish within 30 s (last state: syncing, 2 polls over 31.0 s). "
        "The operation goes on: wait again with a longer timeout, or check its status later."
    )
    assert (error.status, error.state, error.elapsed, error.timeout) == ("s2", "syncing", 31.0, 30.0)


def test_wait_timeout_error_before_any_answer() -> None:
    clock = Clock()
    waiter = make_waiter(clock, timeout=0.5)
    clock.now += 0.5
    error = waiter.timeout_error()
    assert "(last state: unknown, 0 polls over 0.5 s)" in str(error)
    assert (error.status, error.state) == (None, None)


def test_waiter_refuses_a_bad_callback() -> None:
    with pytest.raises(TypeError, match=r"^on_progress must be callable, not int$"):
        Waiter("x", timeout=1, poll_interval=1, on_progress=5)  # type: ignore[arg-type]


# --- a poll's timeout ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remaining", "expected"),
    [
        (100.0, httpx.Timeout(60.0, connect=5.0)),  # plenty left: the client's own
        (10.0, httpx.Timeout(10.0, connect=5.0)),  # the smaller of the client's and the time left
        (2.0, httpx.Timeout(2.0, connect=2.0)),
        (0.0, httpx.Timeout(0.001, connect=0.001)),  # never zero (httpx reads 0 as "fail at once")
        (-5.0, httpx.Timeout(0.001, connect=0.001)),
    ],
)
def test_poll_timeout(remaining: float, expected: httpx.Timeout) -> None:
    assert poll_timeout(httpx.Timeout(60.0, connect=5.0), remaining) == expected


def test_poll_timeout_bounds_an_unbounded_phase() -> None:
    assert poll_timeout(httpx.Timeout(None), 3.0) == httpx.Timeout(3.0)


# --- the loops -----------------------------------------------------------------------------------


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


def _connection_error() -> APIConnectionError:
    return APIConnectionError("connection refused")


def _read(answer: str) -> Reading[str]:
    outcome = {"done": "succeeded", "bad": "failed"}.get(answer, "running")
    return Reading(answer, answer, outcome, "it broke" if outcome == "failed" else None)  # type: ignore[arg-type]


def run_sync(clock: Clock, script: Script, timeout: float = 100.0, **options: Any) -> tuple[Any, list[float]]:
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds

    waiter = Waiter("x", timeout=timeout, poll_interval=2.0, clock=clock, **options)
    return wait_sync(waiter, script.poll, _read, sleep=sleep), sleeps


def test_sync_loop_spacing_and_time_left_per_poll() -> None:
    clock = Clock()
    script = Script(clock, ["a", "a", "b", "done"], step=1.0)
    seen: list[str] = []
    result, sleeps = run_sync(clock, script, on_progress=seen.append)
    assert result == "done"
    assert sleeps == [2.0, 3.0, 4.5]
    assert script.given == [100.0, 97.0, 93.0, 87.5]
    assert seen == ["a", "b", "done"]  # on the first poll and on each change


def test_sync_loop_waits_out_a_503_with_retry_after() -> None:
    clock = Clock()
    script = Script(clock, ["a", _status_error(503, {"retry-after": "7"}), "done"])
    result, sleeps = run_sync(clock, script)
    assert result == "done"
    assert sleeps == [2.0, 7.0]


@pytest.mark.parametrize(
    "error_factory",
    [lambda: _status_error(500), lambda: _status_error(503), _connection_error],
)
def test_sync_loop_a_failed_poll_ends_the_wait_with_its_error(error_factory: Callable[[], Exception]) -> None:
    clock = Clock()
    error = error_factory()
    with pytest.raises(type(error)) as info:
        run_sync(clock, Script(clock, ["a", error]))
    assert info.value is error


def test_sync_loop_a_poll_failing_past_the_deadline_is_a_wait_timeout() -> None:
    clock = Clock()
    error = _status_error(500)
    with pytest.raises(WaitTimeoutError) as info:
        run_sync(clock, Script(clock, ["a", error], step=6.0), timeout=10.0)
    assert info.value.__cause__ is error
    assert info.value.state == "a"


def test_sync_loop_a_poll_failing_past_the_deadline_sleeps_nothing_more() -> None:
    clock = Clock()
    error = _status_error(500)
    with pytest.raises(WaitTimeoutError) as info:
        run_sync(clock, Script(clock, ["a", error], step=6.0), timeout=10.0)
    assert info.value.last_error is error
    assert clock.now == 114.0  # from 100: 6 s poll, 2 s sleep, 6 s poll: no sleep after it


def test_sync_loop_retry_after_past_the_deadline_sleeps_to_it_then_times_out() -> None:
    clock = Clock()
    error = _status_error(503, {"retry-after": "60"})
    with pytest.raises(WaitTimeoutError) as info:
        run_sync(clock, Script(clock, ["a", error], step=1.0), timeout=10.0)
    assert clock.now == 110.0  # from 100: 1 s poll, 2 s sleep, 1 s poll, then the 6 s left
    timeout = info.value
    assert (timeout.last_error, timeout.__cause__, timeout.state, timeout.elapsed) == (
        error,
        error,
        "a",
        10.0,
    )
    assert str(timeout) == (
        "x did not finish within 10 s (last state: a, 1 poll over 10.0 s; the last poll failed: "
        "InternalServerError: HTTP 503). The operation goes on: wait again with a longer timeout, "
        "or check its status later."
    )


def test_sync_loop_a_poll_the_deadline_cut_short_is_a_wait_timeout() -> None:
    # The client did not retry the 500 because its backoff would have ended past the wait's deadline
    # (`Deadline.reached`): the wait sleeps the time left and times out, naming the 500.
    from cerebras_management._deadline import OVERALL_DEADLINE

    clock = Clock()
    error = _status_error(500)

    def poll(_remaining: float) -> Any:
        bound = OVERALL_DEADLINE.get()
        assert bound is not None
        bound.reached = True
        clock.now += 1.0
        raise error

    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds

    waiter = Waiter("x", timeout=10.0, poll_interval=2.0, clock=clock)
    with pytest.raises(WaitTimeoutError) as info:
        wait_sync(waiter, poll, _read, sleep=sleep)
    assert sleeps == [9.0]
    assert (info.value.last_error, info.value.__cause__) == (error, error)


def test_sync_loop_a_successful_poll_clears_the_last_error() -> None:
    clock = Clock()
    script = Script(clock, ["a", _status_error(503, {"retry-after": "3"}), "a"], step=1.0)
    with pytest.raises(WaitTimeoutError) as info:
        run_sync(clock, script, timeout=9.0)
    assert clock.now == 109.0
    assert info.value.last_error is None
    assert info.value.__cause__ is None
    assert "last poll failed" not in str(info.value)


def test_sync_loop_failure_is_operation_failed() -> None:
    clock = Clock()
    with pytest.raises(OperationFailedError) as info:
        run_sync(clock, Script(clock, ["a", "bad"], step=0.5))
    assert (info.value.state, info.value.reason, info.value.status) == ("bad", "it broke", "bad")


def test_sync_loop_ctrl_c_is_a_plain_keyboard_interrupt() -> None:
    clock = Clock()
    with pytest.raises(KeyboardInterrupt) as info:
        run_sync(clock, Script(clock, ["a", KeyboardInterrupt()]))
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__ is True


@pytest.fixture
def async_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waiter's `asyncio.sleep` calls and return at once (the loop's own timers still run)."""
    recorded: list[float] = []
    real_sleep = asyncio.sleep

    async def fake_sleep(seconds: float, result: Any = None) -> Any:
        recorded.append(seconds)
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    return recorded


def run_async(script: Script, timeout: float = 100.0, **options: Any) -> Any:
    async def poll(remaining: float) -> Any:
        return script.poll(remaining)

    waiter = Waiter("x", timeout=timeout, poll_interval=2.0, clock=script.clock, **options)
    return asyncio.run(wait_async(waiter, poll, _read))


def test_async_loop_spacing_matches_the_sync_one(async_sleeps: list[float]) -> None:
    clock = Clock()
    script = Script(clock, ["a", "a", "b", "done"], step=1.0)
    seen: list[str] = []

    async def progress(status: str) -> None:
        seen.append(status)

    assert run_async(script, on_progress=progress) == "done"
    assert async_sleeps == [2.0, 3.0, 4.5]
    assert script.given == [100.0, 99.0, 98.0, 97.0]  # the fake sleep does not move the fake clock
    assert seen == ["a", "b", "done"]


def test_async_loop_sync_callback(async_sleeps: list[float]) -> None:
    clock = Clock()
    seen: list[str] = []
    assert run_async(Script(clock, ["a", "done"]), on_progress=seen.append) == "done"
    assert seen == ["a", "done"]
    assert async_sleeps == [2.0]


def test_async_loop_waits_out_a_503_with_retry_after(async_sleeps: list[float]) -> None:
    clock = Clock()
    assert run_async(Script(clock, ["a", _status_error(503, {"retry-after": "7"}), "done"])) == "done"
    assert async_sleeps == [2.0, 7.0]


@pytest.mark.parametrize(
    "error_factory",
    [lambda: _status_error(500), lambda: _status_error(429), _connection_error],
)
def test_async_loop_a_failed_poll_ends_the_wait_with_its_error(
    error_factory: Callable[[], Exception], async_sleeps: list[float]
) -> None:
    clock = Clock()
    error = error_factory()
    with pytest.raises(type(error)) as info:
        run_async(Script(clock, ["a", error]))
    assert info.value is error
    assert async_sleeps == [2.0]


@pytest.mark.usefixtures("async_sleeps")
def test_async_loop_a_poll_failing_past_the_deadline_is_a_wait_timeout() -> None:
    clock = Clock()
    error = _status_error(502)
    with pytest.raises(WaitTimeoutError) as info:
        run_async(Script(clock, ["a", error], step=6.0), timeout=10.0)
    assert info.value.__cause__ is error
    assert info.value.state == "a"


def test_async_loop_retry_after_past_the_deadline_sleeps_to_it_then_times_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    sleeps: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float, result: Any = None) -> Any:  # moves the fake clock
        sleeps.append(seconds)
        clock.now += seconds
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    error = _status_error(429, {"retry-after": "60"})
    with pytest.raises(WaitTimeoutError) as info:
        run_async(Script(clock, ["a", error], step=1.0), timeout=10.0)
    assert sleeps == [2.0, 6.0]  # 1 s poll, 2 s sleep, 1 s poll, then the 6 s left
    assert (info.value.last_error, info.value.__cause__, info.value.elapsed) == (error, error, 10.0)


def test_async_loop_failure_is_operation_failed(async_sleeps: list[float]) -> None:
    clock = Clock()
    with pytest.raises(OperationFailedError) as info:
        run_async(Script(clock, ["a", "bad"]))
    assert (info.value.state, info.value.reason) == ("bad", "it broke")
    assert async_sleeps == [2.0]


def test_async_loop_a_hung_poll_ends_at_the_deadline() -> None:
    async def hang(_remaining: float) -> Any:
        await asyncio.sleep(3600)

    waiter = Waiter("x", timeout=0.2, poll_interval=0.1)
    start = asyncio.run(_timed(wait_async(waiter, hang, _read)))
    assert 0.15 <= start <= 1.5


async def _timed(coroutine: Any) -> float:
    loop = asyncio.get_running_loop()
    began = loop.time()
    with pytest.raises(WaitTimeoutError) as info:
        await coroutine
    assert info.value.timeout == 0.2
    return loop.time() - began


# --- what a failed poll logs, and the edges of "out of time" -------------------------------------


def test_a_failed_poll_logs_its_decision(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    waiter = make_waiter(clock, timeout=10.0, poll_interval=2.0)
    with caplog.at_level(logging.DEBUG, logger="cerebras_management"):
        assert waiter.delay_after_error(_status_error(429, {"retry-after": "3"})) == 3.0
        assert waiter.delay_after_error(_status_error(503, {"retry-after": "12.5"})) == 10.0
    assert [r.getMessage() for r in caplog.records if r.name == "cerebras_management"] == [
        "model version 7 of 'm': poll answered 429, polling again in 3.0 s",
        "model version 7 of 'm': poll answered 503, Retry-After 12.5 s is past the deadline (10.0 s left)",
    ]


def test_a_timeout_after_a_failed_poll_with_no_message_names_its_type() -> None:
    clock = Clock()
    waiter = make_waiter(clock, timeout=1.0)
    waiter.last_error = APIConnectionError("")
    clock.now += 1.0
    assert "; the last poll failed: APIConnectionError: )." in str(waiter.timeout_error())


@pytest.mark.parametrize(
    ("timeout", "outcome"),
    [
        (4.0, WaitTimeoutError),  # the 500 came exactly at the deadline: the wait timed out
        (4.5, InternalServerError),  # 0.5 s left: the 500 itself ends the wait
    ],
)
def test_a_failed_poll_at_or_just_before_the_deadline(timeout: float, outcome: type[Exception]) -> None:
    clock = Clock()
    error = _status_error(500)
    with pytest.raises(outcome) as info:  # 1 s poll, 2 s sleep, 1 s poll: the 500 at 4 s
        run_sync(clock, Script(clock, ["a", error], step=1.0), timeout=timeout)
    assert clock.now == 104.0  # no sleep after the 500 either way
    if outcome is InternalServerError:
        assert info.value is error
    else:
        assert info.value.__cause__ is error


def test_async_loop_bounds_each_poll_and_a_poll_the_deadline_cut_short_is_a_wait_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cerebras_management._deadline import OVERALL_DEADLINE

    clock = Clock()
    error = _status_error(500)
    limits: list[float] = []
    real_timeout = asyncio.timeout

    def timeout(delay: float | None) -> Any:
        limits.append(delay)  # type: ignore[arg-type]
        return real_timeout(delay)

    monkeypatch.setattr(asyncio, "timeout", timeout)
    sleeps: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float, result: Any = None) -> Any:
        sleeps.append(seconds)
        clock.now += seconds
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", sleep)

    async def poll(_remaining: float) -> Any:
        bound = OVERALL_DEADLINE.get()
        assert bound is not None  # the client's retries inside the poll are bounded by the wait
        bound.reached = True  # as the transport marks it when it gave up for lack of time
        clock.now += 0.25
        raise error

    waiter = Waiter("x", timeout=0.5, poll_interval=2.0, clock=clock)
    with pytest.raises(WaitTimeoutError) as info:
        asyncio.run(wait_async(waiter, poll, _read))
    assert limits == [pytest.approx(0.6)]  # the time left and a 0.1 s grace, even under a second
    assert sleeps == [0.25]
    assert (info.value.last_error, info.value.__cause__) == (error, error)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": 0}, "timeout must be a positive, finite number of seconds, got 0"),
        ({"poll_interval": -1}, "poll_interval must be a positive, finite number of seconds, got -1"),
        ({"timeout": "5"}, "timeout must be a number of seconds, not str"),
    ],
)
def test_the_waiter_names_the_bad_argument(options: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"timeout": 10.0, "poll_interval": 1.0, **options}
    with pytest.raises((TypeError, ValueError)) as info:
        Waiter("x", **arguments)
    assert str(info.value) == message


def test_state_changes_and_an_interrupted_wait_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    script = Script(clock, ["a", "a", "b", KeyboardInterrupt()], step=1.0)
    with caplog.at_level(logging.DEBUG, logger="cerebras_management"), pytest.raises(KeyboardInterrupt):
        run_sync(clock, script)
    assert [r.getMessage() for r in caplog.records if r.name == "cerebras_management"] == [
        "x: a (running) after 1.0 s, poll 1",
        "x: b (running) after 8.0 s, poll 3",
        "x: wait interrupted after 13.5 s",
    ]
