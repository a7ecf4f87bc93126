"""The waiters' pure parts (`cerebras_management._waiting`): classification, intervals, deadline, errors.

No server and no sleeping: a fake clock stands in for time, a list for the sleeps.
"""

from __future__ import annotations

import pickle
from typing import Any

import httpx
import pytest
from cerebras_management import ManagementError, OperationFailedError, WaitTimeoutError
from cerebras_management._exceptions import InternalServerError, NotFoundError, RateLimitError
from cerebras_management._waiting import Reading, Waiter, read_deployment, read_version, wait_sync
from cerebras_management_api.models.endpoint_status import EndpointStatus
from cerebras_management_api.models.model_version import ModelVersion

NAME = "orgs/my-org/models/gpt-oss-120b/versions/3"


def version(done: bool, sync_status: str | None, **extra: Any) -> ModelVersion:
    body: dict[str, Any] = {"name": NAME, "done": done, **extra}
    if sync_status is not None:
        body["response"] = {"customer_s3_uri": "s3://bucket/w", "sync_status": sync_status}
    return ModelVersion.from_dict(body)


def endpoint(*deployed: dict[str, Any]) -> EndpointStatus:
    return EndpointStatus.from_dict(
        {
            "name": "my-org-gpt-oss-120b",
            "model_arch_id": "gpt-oss-120b",
            "deployed_models": list(deployed),
            "created": 1,
            "updated": 2,
        }
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


# --- classification -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "state", "outcome"),
    [
        (False, "queued", "running"),
        (False, "in_progress", "running"),
        (False, None, "running"),
        (False, "some-new-state", "running"),  # unknown: still running, never success
        (False, "failed", "failed"),
        (False, "ERROR", "failed"),
        (True, "failed", "failed"),
        (True, "done", "succeeded"),
        (True, None, "succeeded"),
    ],
)
def test_read_version(done: bool, state: str | None, outcome: str) -> None:
    reading = read_version(version(done, state))
    assert (reading.state, reading.outcome) == (state, outcome)


def test_read_version_done_with_an_error_object_is_a_failure() -> None:
    reading = read_version(version(True, "done", error={"code": 13, "message": "access denied to s3://b"}))
    assert reading.outcome == "failed"
    assert reading.reason == "access denied to s3://b"


def test_read_version_error_inside_the_status_counts_too() -> None:
    model = ModelVersion.from_dict(
        {"name": NAME, "done": True, "response": {"sync_status": "done", "error": "checksum mismatch"}}
    )
    assert read_version(model).reason == "checksum mismatch"


def test_read_deployment_finds_its_deployed_model() -> None:
    status = endpoint(
        {"id": "other", "state": "complete"},
        {"id": "dep-1", "model": NAME, "state": "in_progress"},
    )
    reading = read_deployment(status, "dep-1")
    assert reading.outcome == "running"
    assert reading.status.model == NAME
    assert read_deployment(endpoint({"id": "dep-1", "state": "complete"}), "dep-1").outcome == "succeeded"
    assert read_deployment(endpoint({"id": "dep-1", "state": "failed"}), "dep-1").outcome == "failed"
    assert read_deployment(endpoint({"id": "dep-1", "state": "rolling"}), "dep-1").outcome == "running"


def test_read_deployment_not_listed_yet_is_running_with_only_the_id() -> None:
    reading = read_deployment(endpoint({"id": "other", "state": "complete"}), "dep-1")
    assert reading.outcome == "running"
    assert reading.state is None
    assert reading.status.id == "dep-1"


# --- intervals and deadline ---------------------------------------------------------------------


def test_intervals_grow_by_half_up_to_30_seconds_and_stop_at_the_deadline() -> None:
    clock = FakeClock()
    waiter: Waiter[str] = Waiter("thing", timeout=120, poll_interval=5, clock=clock)
    delays: list[float] = []

    def step() -> None:
        delays.append(waiter.next_delay())
        clock.sleep(delays[-1])

    for _ in range(20):
        if clock.now - 100.0 >= 120:
            break
        step()
    with pytest.raises(WaitTimeoutError):
        waiter.next_delay()
    assert delays[:6] == [5, 7.5, 11.25, 16.875, 25.3125, 30]
    assert sum(delays) == pytest.approx(120)  # the last sleep is cut to end exactly at the deadline
    assert all(delay > 0 for delay in delays)


def test_a_long_poll_interval_is_kept_not_capped() -> None:
    waiter: Waiter[str] = Waiter("thing", timeout=600, poll_interval=60, clock=FakeClock())
    assert [waiter.next_delay() for _ in range(3)] == [60, 60, 60]


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("timeout", 0, ValueError),
        ("timeout", float("inf"), ValueError),
        ("poll_interval", -1, ValueError),
        ("poll_interval", float("nan"), ValueError),
        ("poll_interval", True, TypeError),
        ("timeout", "30", TypeError),
    ],
)
def test_bad_timeouts_and_intervals_are_refused(name: str, value: Any, error: type[Exception]) -> None:
    arguments: dict[str, Any] = {"timeout": 10, "poll_interval": 1, name: value}
    with pytest.raises(error, match=name):
        Waiter("thing", **arguments)


def test_small_poll_intervals_are_allowed() -> None:
    assert Waiter("thing", timeout=1, poll_interval=0.01).next_delay() == 0.01


# --- the loop -----------------------------------------------------------------------------------


def run(answers: list[Any], *, timeout: float = 60, on_progress: Any = None) -> tuple[Any, FakeClock]:
    """Drive `wait_sync` over canned answers (an exception in the list is raised by that poll)."""
    clock = FakeClock()
    feed = iter(answers)

    def poll(remaining: float) -> Any:
        assert remaining >= 0, "a poll is never made after the deadline"
        answer = next(feed)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    waiter: Waiter[ModelVersion] = Waiter(
        "model version 3", timeout=timeout, poll_interval=1, on_progress=on_progress, clock=clock
    )
    return wait_sync(waiter, poll, read_version, sleep=clock.sleep), clock


def test_success_reports_each_change_of_state_once() -> None:
    seen: list[str | None] = []
    answers = [
        version(False, "queued"),
        version(False, "queued"),
        version(False, "in_progress"),
        version(False, "in_progress"),
        version(True, "done"),
    ]
    result, clock = run(answers, on_progress=lambda v: seen.append(v.response.sync_status))
    assert result.done is True
    assert seen == ["queued", "in_progress", "done"]
    assert clock.sleeps == [1, 1.5, 2.25, 3.375]


def test_failure_raises_with_the_last_status() -> None:
    with pytest.raises(OperationFailedError) as caught:
        run([version(False, "queued"), version(False, "failed")])
    error = caught.value
    assert isinstance(error, ManagementError)
    assert error.state == "failed"
    assert error.status.name == NAME
    assert "model version 3 failed" in str(error)


def test_timeout_carries_the_last_status_and_elapsed_time() -> None:
    with pytest.raises(WaitTimeoutError) as caught:
        run([version(False, "in_progress")] * 100, timeout=10)
    error = caught.value
    assert error.state == "in_progress"
    assert error.status.response.sync_status == "in_progress"
    assert error.elapsed == pytest.approx(10)
    assert error.timeout == 10
    assert "did not finish within 10 s" in str(error)


def status_error(cls: type[Any], status: int, headers: dict[str, str] | None = None, **extra: Any) -> Any:
    request = httpx.Request("GET", "http://127.0.0.1/x")
    response = httpx.Response(status, headers=headers, request=request)
    return cls(f"{status}", response=response, body=None, detail=None, request_id=None, **extra)


def test_a_503_with_retry_after_that_outlasted_the_retries_is_waited_out() -> None:
    unavailable = status_error(InternalServerError, 503, {"retry-after": "4"})
    result, clock = run([version(False, "queued"), unavailable, version(True, "done")])
    assert result.done is True
    assert clock.sleeps == [1, 4]


def test_a_429_beyond_the_client_cap_is_honoured_within_the_deadline() -> None:
    limited = status_error(RateLimitError, 429, retry_after=90.0)
    result, clock = run([limited, version(True, "done")], timeout=300)
    assert result.done is True
    assert clock.sleeps == [90]


def test_a_retry_after_beyond_the_deadline_ends_the_wait_at_the_deadline_naming_the_error() -> None:
    """Issue 14 item 2: the wait ends at its deadline (WaitTimeoutError), not at once with the 429."""
    limited = status_error(RateLimitError, 429, retry_after=90.0)
    clock = FakeClock()
    waiter: Waiter[ModelVersion] = Waiter("model version 3", timeout=30, poll_interval=1, clock=clock)
    feed = iter([limited])

    def poll(_remaining: float) -> Any:
        raise next(feed)

    with pytest.raises(WaitTimeoutError) as caught:
        wait_sync(waiter, poll, read_version, sleep=clock.sleep)
    assert clock.sleeps == [30]  # slept out the time left, then gave up without polling again
    assert caught.value.last_error is limited
    assert caught.value.__cause__ is limited
    assert "the last poll failed: RateLimitError: 429" in str(caught.value)


def test_a_404_while_waiting_is_an_error_not_done() -> None:
    with pytest.raises(NotFoundError):
        run([version(False, "queued"), status_error(NotFoundError, 404)])


def test_ctrl_c_stops_the_wait_with_a_plain_keyboard_interrupt() -> None:
    with pytest.raises(KeyboardInterrupt) as caught:
        run([version(False, "queued"), KeyboardInterrupt()])
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True


def test_wait_errors_pickle_with_their_status() -> None:
    error = OperationFailedError("failed", status=version(False, "failed"), state="failed", elapsed=2.0)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.status.response.sync_status == "failed"
    assert (copy.state, copy.elapsed) == ("failed", 2.0)
    timeout = pickle.loads(pickle.dumps(WaitTimeoutError("t", status=None, elapsed=1.0, timeout=1.0)))
    assert timeout.timeout == 1.0


def test_reading_is_frozen() -> None:
    reading = Reading("s", "queued", "running")
    with pytest.raises(AttributeError):
        reading.state = "x"  # type: ignore[misc]
