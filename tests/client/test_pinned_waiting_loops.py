"""Exact decisions of the waiters' loops (`_waiting.py`): the spacing and the time left per poll, a
failed poll (waited out, ending the wait, or past the deadline), Ctrl-C, and what the loops and a failed
poll log, with the edges of "out of time".

The loops are driven with a scripted poll on a fake clock (waiting_support.py) and a recorded sleep
(sync) or a recorded `asyncio.sleep` (async). The Waiter's own decisions are pinned in
test_pinned_waiting_readings.py; the waiters against a real server in test_waiters.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest
from cerebras_management import (
    APIConnectionError,
    InternalServerError,
    OperationFailedError,
    WaitTimeoutError,
)
from cerebras_management._waiting import Waiter, wait_async, wait_sync
from waiting_support import Clock, Script, make_waiter, read_answer, run_sync, status_error

# --- the loops -----------------------------------------------------------------------------------


def _connection_error() -> APIConnectionError:
    return APIConnectionError("connection refused")


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
    script = Script(clock, ["a", status_error(503, {"retry-after": "7"}), "done"])
    result, sleeps = run_sync(clock, script)
    assert result == "done"
    assert sleeps == [2.0, 7.0]


@pytest.mark.parametrize(
    "error_factory",
    [lambda: status_error(500), lambda: status_error(503), _connection_error],
)
def test_sync_loop_a_failed_poll_ends_the_wait_with_its_error(error_factory: Callable[[], Exception]) -> None:
    clock = Clock()
    error = error_factory()
    with pytest.raises(type(error)) as info:
        run_sync(clock, Script(clock, ["a", error]))
    assert info.value is error


def test_sync_loop_a_poll_failing_past_the_deadline_is_a_wait_timeout() -> None:
    clock = Clock()
    error = status_error(500)
    with pytest.raises(WaitTimeoutError) as info:
        run_sync(clock, Script(clock, ["a", error], step=6.0), timeout=10.0)
    assert info.value.__cause__ is error
    assert info.value.state == "a"


def test_sync_loop_a_poll_failing_past_the_deadline_sleeps_nothing_more() -> None:
    clock = Clock()
    error = status_error(500)
    with pytest.raises(WaitTimeoutError) as info:
        run_sync(clock, Script(clock, ["a", error], step=6.0), timeout=10.0)
    assert info.value.last_error is error
    assert clock.now == 114.0  # from 100: 6 s poll, 2 s sleep, 6 s poll: no sleep after it


def test_sync_loop_retry_after_past_the_deadline_sleeps_to_it_then_times_out() -> None:
    clock = Clock()
    error = status_error(503, {"retry-after": "60"})
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
    error = status_error(500)

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
        wait_sync(waiter, poll, read_answer, sleep=sleep)
    assert sleeps == [9.0]
    assert (info.value.last_error, info.value.__cause__) == (error, error)


def test_sync_loop_a_successful_poll_clears_the_last_error() -> None:
    clock = Clock()
    script = Script(clock, ["a", status_error(503, {"retry-after": "3"}), "a"], step=1.0)
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
    return asyncio.run(wait_async(waiter, poll, read_answer))


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
    assert run_async(Script(clock, ["a", status_error(503, {"retry-after": "7"}), "done"])) == "done"
    assert async_sleeps == [2.0, 7.0]


@pytest.mark.parametrize(
    "error_factory",
    [lambda: status_error(500), lambda: status_error(429), _connection_error],
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
    error = status_error(502)
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
    error = status_error(429, {"retry-after": "60"})
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
    start = asyncio.run(_timed(wait_async(waiter, hang, read_answer)))
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
        assert waiter.delay_after_error(status_error(429, {"retry-after": "3"})) == 3.0
        assert waiter.delay_after_error(status_error(503, {"retry-after": "12.5"})) == 10.0
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
    error = status_error(500)
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
    error = status_error(500)
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
        asyncio.run(wait_async(waiter, poll, read_answer))
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
