"""Exact retry decisions (`_retry.py`): which failures repeat for which method, and how long to wait.

The functions are pure, so they are driven by tables; the random source of the jitter is fixed by
monkeypatching `random.random` (the backoff's only input besides the retry count). The end-to-end
behaviour over the network is pinned in test_retries.py against loopback servers.
"""

from __future__ import annotations

import email.utils
import math

import httpx
import pytest
from cerebras_management import _retry
from cerebras_management._retry import (
    backoff_delay,
    may_retry_exception,
    may_retry_status,
    retry_after,
    wait_before_retry,
)

REQUEST = httpx.Request("GET", "https://api.example.com/x")

#: Every httpx transport failure, and whether it may repeat: (for GET/PATCH/DELETE..., for POST).
TRANSPORT_ERRORS: list[tuple[type[httpx.TransportError], bool, bool]] = [
    (httpx.ConnectError, True, True),  # never reached the server: even a POST may repeat
    (httpx.ConnectTimeout, True, True),
    (httpx.PoolTimeout, True, True),  # waiting for a pooled connection: nothing was sent
    (httpx.ReadTimeout, True, False),  # the server may have the request: only idempotent methods
    (httpx.WriteTimeout, True, False),
    (httpx.ReadError, True, False),
    (httpx.WriteError, True, False),
    (httpx.RemoteProtocolError, True, False),
    (httpx.LocalProtocolError, False, False),  # our request is malformed: repeating cannot help
    (httpx.UnsupportedProtocol, False, False),
    (httpx.ProxyError, False, False),
    (httpx.CloseError, False, False),
]

IDEMPOTENT = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]


@pytest.mark.parametrize(("error", "idempotent", "post"), TRANSPORT_ERRORS)
@pytest.mark.parametrize("method", [*IDEMPOTENT, "POST"])
def test_which_transport_errors_repeat(
    error: type[httpx.TransportError], idempotent: bool, post: bool, method: str
) -> None:
    expected = post if method == "POST" else idempotent
    assert may_retry_exception(method, error("boom", request=REQUEST)) is expected


@pytest.mark.parametrize("method", ["get", "Post", "TRACE", "CONNECT", ""])
def test_unknown_or_lower_case_methods_repeat_only_unsent_requests(method: str) -> None:
    assert may_retry_exception(method, httpx.ConnectError("x", request=REQUEST)) is True
    assert may_retry_exception(method, httpx.ReadTimeout("x", request=REQUEST)) is False
    assert may_retry_status(method, 503) is False
    assert may_retry_status(method, 429) is True


STATUS_TABLE = [
    # status, idempotent methods retry, POST retries
    (408, True, False),
    (429, True, True),  # the server refused before doing anything: a POST may repeat
    (500, True, False),
    (502, True, False),
    (503, True, False),
    (504, True, False),
    (400, False, False),
    (401, False, False),
    (403, False, False),
    (404, False, False),
    (409, False, False),  # a real conflict, never retried
    (422, False, False),
    (425, False, False),
    (501, False, False),
    (505, False, False),
    (200, False, False),
]


@pytest.mark.parametrize(("status", "idempotent", "post"), STATUS_TABLE)
@pytest.mark.parametrize("method", [*IDEMPOTENT, "POST"])
def test_which_statuses_repeat(status: int, idempotent: bool, post: bool, method: str) -> None:
    expected = post if method == "POST" else idempotent
    assert may_retry_status(method, status) is expected


@pytest.mark.parametrize(
    ("retries_done", "full_delay"),
    [
        (0, 0.5),
        (1, 1.0),
        (2, 2.0),
        (3, 4.0),
        (4, 8.0),
        (5, 8.0),
        (10, 8.0),
        (32, 8.0),
        (33, 8.0),
        (10_000, 8.0),
    ],
)
@pytest.mark.parametrize(("random_value", "factor"), [(0.0, 1.0), (0.5, 0.875), (0.999999, 0.75000025)])
def test_backoff_sequence_with_fixed_jitter(
    retries_done: int, full_delay: float, random_value: float, factor: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_retry.random, "random", lambda: random_value)
    assert backoff_delay(retries_done) == pytest.approx(full_delay * factor, rel=1e-9)


def test_backoff_grows_then_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry.random, "random", lambda: 0.0)
    assert [backoff_delay(n) for n in range(7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_backoff_jitter_only_shortens_by_at_most_a_quarter() -> None:
    for n in range(6):
        delay = backoff_delay(n)
        full = min(0.5 * 2**n, 8.0)
        assert 0.75 * full <= delay <= full


def _headers(**values: str) -> httpx.Headers:
    return httpx.Headers({k.replace("_", "-"): v for k, v in values.items()})


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({}, None),
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": " 7 "}, 7.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": "0"}, 0.0),
        ({"retry-after": "-3"}, 0.0),  # negative: "now", which then gets the normal backoff
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, math.inf),
        ({"retry-after": "soon"}, None),
        ({"retry-after": ""}, None),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),  # the finer header wins
        ({"retry-after-ms": "x", "retry-after": "9"}, 9.0),  # unless it is not a number
        ({"retry-after-ms": "nan", "retry-after": "9"}, 9.0),
        ({"retry-after-ms": "-5"}, 0.0),
        ({"Retry-After": "4"}, 4.0),
    ],
)
def test_retry_after_headers(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after(httpx.Headers(headers), now=1_000_000.0) == seconds


@pytest.mark.parametrize(
    ("offset", "seconds"),
    [(30, 30.0), (0, 0.0), (-30, 0.0), (61, 61.0)],  # a date in the past means "now"
)
def test_retry_after_http_date_is_relative_to_now(offset: int, seconds: float) -> None:
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + offset, usegmt=True)
    assert retry_after(_headers(retry_after=date), now=now) == pytest.approx(seconds, abs=1e-6)


def test_retry_after_asctime_date_is_gmt_not_local_time() -> None:
    now = 784_111_777.0 - 20  # "Sun Nov  6 08:49:37 1994" GMT, 20 s from now
    assert retry_after(_headers(retry_after="Sun Nov  6 08:49:37 1994"), now=now) == pytest.approx(20.0)


def test_retry_after_date_defaults_to_the_clock() -> None:
    date = email.utils.formatdate(2_000_000_000, usegmt=True)
    assert retry_after(_headers(retry_after=date)) is not None
    assert 0 < retry_after(_headers(retry_after=date)) <= 2_000_000_000  # type: ignore[operator]


@pytest.mark.parametrize(
    "value", ["Mon, 99 Foo 2020 00:00:00 GMT", "Tue, 31 Feb 99999 00:00:00 GMT", "1 2 3"]
)
def test_unreadable_retry_after_dates_mean_not_said(value: str) -> None:
    assert retry_after(_headers(retry_after=value), now=0.0) is None


@pytest.mark.parametrize(
    ("asked", "retries_done", "wait"),
    [
        (None, 0, 0.5),  # not said: the backoff (random fixed at 0)
        (None, 3, 4.0),
        (0.0, 2, 2.0),  # 0 is not a request to hammer the server
        (-1.0, 1, 1.0),
        (0.001, 0, 0.001),  # honoured as said, however short
        (3.0, 0, 3.0),
        (3.0, 4, 3.0),  # the server's word wins over a longer backoff
        (59.999, 0, 59.999),
        (60.0, 0, 60.0),  # exactly the cap is honoured
        (60.001, 0, None),  # past the cap: give up
        (math.inf, 0, None),
    ],
)
def test_wait_before_retry(
    asked: float | None, retries_done: int, wait: float | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_retry.random, "random", lambda: 0.0)
    assert wait_before_retry(asked, retries_done) == wait
