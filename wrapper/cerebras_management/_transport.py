"""Sending one request with retries: the attempt loop, shared by the sync and async clients.

`RetryLoop` holds the decisions (retry or raise, how long to wait, what to log); `send` and
`send_async` only add the blocking or awaiting parts around it, so both clients behave the same.

Each attempt has an overall deadline (the longest of the timeout's phases, 60 s by default) on top of
httpx's per-phase timeouts: the async client enforces it around the whole attempt with
``asyncio.timeout``; the sync client bounds each blocking network call of the attempt by it (see
`_network`: connecting, sending, the status line and headers, the body), so a server trickling
bytes cannot hold an attempt open past it.

Redirects are never followed (``follow_redirects=False`` on every request, whatever the httpx client
says): a 3xx would turn a DELETE into a GET elsewhere. It raises `APIStatusError` naming the Location.

Errors from httpx are raised as typed errors outside the ``except`` block that caught them, chained
to a copy whose message has the key redacted: the original (whose message may quote a server's
echo of the key, e.g. h11's "illegal header line") is neither the ``__cause__`` nor the ``__context__``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import httpx

from ._exceptions import APIConnectionError, APITimeoutError, ManagementError, RateLimitError
from ._logging import logger
from ._network import enter_deadline, leave_deadline
from ._responses import MAYBE_APPLIED, request_id_of, status_error
from ._retry import (
    IDEMPOTENT_METHODS,
    NOT_SENT_ERRORS,
    backoff_delay,
    may_retry_exception,
    may_retry_status,
    retry_after,
    wait_before_retry,
)
from ._secrets import Secret


def attempt_deadline(request: httpx.Request) -> float:
    """Seconds one attempt may take in all: the longest phase of the request's timeout."""
    phases = request.extensions.get("timeout") or {}
    limits = [value for value in phases.values() if value is not None]
    return max(limits) if limits else 60.0


class RetryLoop:
    """The state of one logical request across its attempts."""

    __slots__ = (
        "_debug",
        "attempts",
        "deadline",
        "earlier_failure",
        "max_retries",
        "method",
        "request",
        "secret",
        "url",
    )

    def __init__(self, request: httpx.Request, *, max_retries: int, secret: Secret) -> None:
        self.request = request
        self.method = request.method
        self.url = str(request.url)
        self.max_retries = max_retries
        self.secret = secret
        self.attempts = 0
        self.deadline = attempt_deadline(request)
        #: The last failure after which the request may have reached the server and been applied.
        self.earlier_failure: str | None = None
        self._debug = logger.isEnabledFor(logging.DEBUG)

    def begin(self) -> float:
        """Count a new attempt; return its start time."""
        self.attempts += 1
        return time.perf_counter()

    def deadline_error(self) -> httpx.ReadTimeout:
        """The error for an attempt that ran past its overall deadline."""
        return httpx.ReadTimeout(
            f"the attempt took longer than its overall timeout of {self.deadline:g} s", request=self.request
        )

    def after_response(self, response: httpx.Response, started: float) -> float | None:
        """None if `response` (scrubbed of the key) is a success; else seconds to wait, or raise."""
        status = response.status_code
        if self._debug:
            logger.debug(
                "%s %s attempt %d/%d -> %d %s in %.1f ms (request id %s)",
                self.method, self.url, self.attempts, self.max_retries + 1, status, response.reason_phrase,
                (time.perf_counter() - started) * 1000.0, request_id_of(response),
            )  # fmt: skip
        if 200 <= status < 300:
            return None
        retries_done = self.attempts - 1
        asked = retry_after(response.headers)
        wait: float | None = None
        if may_retry_status(self.method, status):
            wait = wait_before_retry(asked, retries_done)
            if wait is not None and retries_done < self.max_retries:
                self._log_wait(wait, f"{status} {response.reason_phrase}".strip())
                if status != 429:
                    self.earlier_failure = f"{status} {response.reason_phrase}".strip()
                return wait
        error = status_error(
            response,
            secret=self.secret,
            attempts=self.attempts,
            retry_after=asked if status in (429, 503) else None,
            earlier_failure=self.earlier_failure if status == 404 else None,
            maybe_applied=self.method not in IDEMPOTENT_METHODS and (status >= 500 or status == 408),
        )
        if isinstance(error, RateLimitError) and wait is None and asked is not None:
            logger.debug(
                "%s %s: server asked to wait %.1f s, beyond the cap; giving up", self.method, self.url, asked
            )
        raise error

    def after_error(self, error: httpx.RequestError, started: float) -> float:
        """The seconds to wait before retrying after a failed attempt, or raise the typed error."""
        kind = type(error).__name__
        if self._debug:
            logger.debug(
                "%s %s attempt %d/%d -> %s after %.1f ms",
                self.method, self.url, self.attempts, self.max_retries + 1, kind,
                (time.perf_counter() - started) * 1000.0,
            )  # fmt: skip
        retries_done = self.attempts - 1
        if (
            isinstance(error, httpx.TransportError)
            and retries_done < self.max_retries
            and may_retry_exception(self.method, error)
        ):
            if not isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
                self.earlier_failure = kind
            wait = backoff_delay(retries_done)
            self._log_wait(wait, kind)
            return wait
        raise self._connection_error(error) from self._redacted(error)

    def _redacted(self, error: httpx.RequestError) -> httpx.RequestError | None:
        """A fresh copy of `error` (same type, no chain, no traceback) with the key redacted."""
        try:
            return type(error)(self.secret.redact(str(error)))
        except Exception:  # an exception type with another constructor: chain nothing
            return None

    def _connection_error(self, error: httpx.RequestError) -> ManagementError:
        detail = self.secret.redact(str(error)) or type(error).__name__
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        if self.method not in IDEMPOTENT_METHODS and not isinstance(error, NOT_SENT_ERRORS):
            tries += f" - {MAYBE_APPLIED}"
        if isinstance(error, httpx.TimeoutException):
            message = (
                f"{self.method} {self.url} timed out ({type(error).__name__}: {detail}){tries}. "
                "Raise the client's timeout (timeout=...) if the server is known to be slow."
            )
            return APITimeoutError(message, method=self.method, url=self.url, attempts=self.attempts)
        message = f"{self.method} {self.url} failed: {type(error).__name__}: {detail}{tries}"
        return APIConnectionError(message, method=self.method, url=self.url, attempts=self.attempts)

    def _log_wait(self, wait: float, reason: str) -> None:
        if self._debug:
            logger.debug(
                "%s %s: retrying in %.2f s after %s (retry %d of %d)",
                self.method, self.url, wait, reason, self.attempts, self.max_retries,
            )  # fmt: skip


class _DeadlineStream(httpx.SyncByteStream):
    """A response body stream that fails once the attempt's overall deadline has passed."""

    def __init__(self, stream: httpx.SyncByteStream, deadline: float, loop: RetryLoop) -> None:
        self._stream = stream
        self._deadline = deadline
        self._loop = loop

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.perf_counter() > self._deadline:
                raise self._loop.deadline_error()
            yield chunk

    def close(self) -> None:
        self._stream.close()


def _attempt(http: httpx.Client, loop: RetryLoop, started: float) -> httpx.Response:
    """One sync attempt: send and read the body, each network call bounded by the attempt's deadline.

    `_DeadlineStream` checks the body too, for transports `_network.bound_attempts` cannot reach.
    """
    deadline = started + loop.deadline
    token = enter_deadline(deadline, loop.deadline)
    try:
        response = http.send(loop.request, stream=True, follow_redirects=False)
        try:
            if isinstance(response.stream, httpx.SyncByteStream):
                response.stream = _DeadlineStream(response.stream, deadline, loop)
            response.read()
        except BaseException:
            response.close()
            raise
    finally:
        leave_deadline(token)
    return response


def send(
    http: httpx.Client, request: httpx.Request, *, max_retries: int, secret: Secret
) -> tuple[httpx.Response, int]:
    """Send `request` with retries; return the 2xx response and the number of attempts."""
    loop = RetryLoop(request, max_retries=max_retries, secret=secret)
    while True:
        started = loop.begin()
        failure: httpx.RequestError | None = None
        try:
            response = secret.scrub(_attempt(http, loop, started))
        except httpx.RequestError as error:
            failure = error
        if failure is not None:  # handled here, outside the except block: see the module docstring
            wait = loop.after_error(failure, started)
        else:
            retry_wait = loop.after_response(response, started)
            if retry_wait is None:
                return response, loop.attempts
            wait = retry_wait
        time.sleep(wait)


async def send_async(
    http: httpx.AsyncClient, request: httpx.Request, *, max_retries: int, secret: Secret
) -> tuple[httpx.Response, int]:
    """Send `request` with retries on an async client; return the 2xx response and the attempts."""
    import asyncio  # here, not at the top: `import cerebras_management` stays free of asyncio

    loop = RetryLoop(request, max_retries=max_retries, secret=secret)
    while True:
        started = loop.begin()
        failure: httpx.RequestError | None = None
        try:
            try:
                async with asyncio.timeout(loop.deadline):
                    response = secret.scrub(await http.send(request, follow_redirects=False))
            except TimeoutError:
                raise loop.deadline_error() from None
        except httpx.RequestError as error:
            failure = error
        if failure is not None:  # handled here, outside the except block: see the module docstring
            wait = loop.after_error(failure, started)
        else:
            retry_wait = loop.after_response(response, started)
            if retry_wait is None:
                return response, loop.attempts
            wait = retry_wait
        await asyncio.sleep(wait)
