"""Retry decisions as small functions: which failures to retry, and how long to wait.

The client's retry policy (the user documentation's "Retries"): retry connection failures and
408/429/500/502/503/504, never other 4xx. Idempotent methods (GET, PUT, PATCH, DELETE, ...) retry
whenever the failure allows; POST retries only when the request provably never reached the server
(the connection was not made) or the server answered 429. Waits back off exponentially with jitter,
unless the server said how long to wait (``retry-after-ms`` or ``Retry-After`` in seconds or as an
HTTP date, always GMT), which is honoured when it is more than 0 and at most 60 s (as the Stainless
SDKs do): 0, a negative value or a date in the past means the normal backoff; more than the cap
means giving up with `RateLimitError`. A caller's overall deadline (a waiter's, see `_deadline`)
also ends the retries: `_transport` starts no retry whose wait would end past it.
"""

from __future__ import annotations

import datetime
import email.utils
import math
import random
import time

import httpx

from ._constants import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY

RETRYABLE_STATUS_CODES = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})

#: Failures that happen before the request reaches the server: retrying them never repeats a write.
NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
#: Failures after the request may have reached the server: only idempotent requests may repeat.
MAYBE_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


def may_retry_exception(method: str, error: httpx.TransportError) -> bool:
    """Whether a request that failed with `error` may be sent again."""
    if isinstance(error, NOT_SENT_ERRORS):
        return True
    return method in IDEMPOTENT_METHODS and isinstance(error, MAYBE_SENT_ERRORS)


def may_retry_status(method: str, status_code: int) -> bool:
    """Whether a request answered with `status_code` may be sent again."""
    if status_code not in RETRYABLE_STATUS_CODES:
        return False
    return method in IDEMPOTENT_METHODS or status_code == 429


def _seconds(text: str, scale: float = 1.0) -> float | None:
    """A number of seconds from a header value; None if it is not a number (NaN included)."""
    try:
        seconds = float(text) / scale
    except ValueError:
        return None
    if math.isnan(seconds):
        return None
    return max(seconds, 0.0)  # +inf stays: it is beyond any cap


def retry_after(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds the server asked to wait (``retry-after-ms``, then ``Retry-After``), or None."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        seconds = _seconds(millis, 1000.0)
        if seconds is not None:
            return seconds
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        # The asctime form ("Sun Nov  6 08:49:37 1994") has no zone; every HTTP date is GMT
        # (RFC 9110 section 5.6.7), never the local time.
        when = when.replace(tzinfo=datetime.UTC)
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def backoff_delay(retries_done: int) -> float:
    """Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, ... capped near 8 s."""
    delay = min(INITIAL_RETRY_DELAY * (2.0 ** min(retries_done, 32)), MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())


def wait_before_retry(asked: float | None, retries_done: int) -> float | None:
    """How long to wait before a retry, given the server's `retry_after` (None: not said).

    None when the server asks for longer than the cap. A wait of 0 (or a date in the past) is not a
    request to hammer the server: it gets the normal backoff.
    """
    if asked is None or asked <= 0:
        return backoff_delay(retries_done)
    if asked > MAX_RETRY_AFTER:
        return None
    return asked
