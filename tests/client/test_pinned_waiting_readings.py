"""Exact decisions of the waiters' logic (`_waiting.py`, `_readings.py`), its pure parts: how each
answer is classified, the seconds and Retry-After a wait accepts, the Waiter's spacing between polls, its
deadline and the errors it raises, and the time left given to each poll.

All pure, on a fake clock (waiting_support.py). The loops that drive them are pinned in
test_pinned_waiting_loops.py; the waiters against a real server in test_waiters.py.
"""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest
from cerebras_management import OperationFailedError, RateLimitError, WaitTimeoutError
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
)
from cerebras_management.types import EndpointStatus, ModelVersion
from waiting_support import Clock, make_waiter, status_error


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
    assert server_retry_after(status_error(status, headers)) == asked


def test_server_retry_after_prefers_the_rate_limit_error_value() -> None:
    error = status_error(429, {"retry-after": "3"})
    assert isinstance(error, RateLimitError)
    error.retry_after = 9.0
    assert server_retry_after(error) == 9.0


# --- the Waiter: spacing, deadline, errors -------------------------------------------------------


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
    assert waiter.delay_after_error(status_error(status, headers)) == delay
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
