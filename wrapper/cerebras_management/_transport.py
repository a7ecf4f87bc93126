"""Sending one request with retries: the attempt loop, shared by the sync and async clients.

`RetryLoop` holds the decisions (retry or raise, how long to wait, what to log); `send` and
`send_async` only add the blocking or awaiting parts around it, so both clients behave the same.

Each attempt has an overall deadline (the longest of the timeout's phases, 60 s by default) on top of
httpx's per-phase timeouts: the async client enforces it around the whole attempt with
``asyncio.timeout``; the sync client bounds each blocking network call of the attempt by it (see
`_network`: connecting, sending, the status line and headers, the body), so a server trickling
bytes cannot hold an attempt open past it.

A caller may also bound the whole call (`_deadline.Deadline`, passed as ``deadline=`` or set around
the call with `_deadline.bounded_by`; the waiters do so for each poll). Each attempt then gets at
most the time left, and no retry starts whose sleep (backoff or Retry-After) would not end at least
`MIN_ATTEMPT_TIME` before the deadline: the last failure is raised at once, with a note saying so,
and the `Deadline` is marked `reached`.

Redirects are never followed (``follow_redirects=False`` on every request, whatever the httpx client
says): a 3xx would turn a DELETE into a GET elsewhere. It raises `APIStatusError` naming the Location.

Errors from httpx are raised as typed errors outside the ``except`` block that caught them, chained
to a copy whose message has the key redacted: the original (whose message may quote a server's
echo of the key, e.g. h11's "illegal header line") is neither the ``__cause__`` nor the ``__context__``,
nor a local of any frame of the traceback (`RetryLoop.after_error` returns the typed error instead
of raising it, and `send`/`send_async` drop the original before they raise): a traceback printed
with its frames' locals (``pytest -l``, rich's ``show_locals``, Sentry) cannot show it.

Nothing handed out holds the key: every response is scrubbed as it arrives (`Secret.scrub`, which also
drops the connection pool's stream, holding the request as sent), and when `send`/`send_async` end,
returning or raising, the key is removed from the request (`forget_credentials`), which the response
returned, or carried by the error raised, points at.
"""

from __future__ import annotations

import logging
import time

import httpx

from ._attempt import attempt
from ._deadline import OVERALL_DEADLINE, Deadline
from ._exceptions import APIConnectionError, APITimeoutError, ManagementError, RateLimitError
from ._logging import logger
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
from ._secrets import Secret, forget_credentials

#: Seconds an attempt needs at least: a retry is started only if its sleep ends this long before the
#: caller's deadline (an attempt given less could not get an answer).
MIN_ATTEMPT_TIME = 0.05


def attempt_deadline(request: httpx.Request) -> float:
    """Seconds one attempt may take in all: the longest phase of the request's timeout."""
    phases = request.extensions.get("timeout") or {}
    limits = [value for value in phases.values() if value is not None]
    return max(limits) if limits else 60.0


class RetryLoop:
    """The state of one logical request across its attempts."""

    __slots__ = (
        "_cut",
        "_debug",
        "_last",
        "_phases",
        "attempts",
        "bound",
        "deadline",
        "earlier_failure",
        "max_retries",
        "method",
        "request",
        "secret",
    )

    def __init__(
        self, request: httpx.Request, *, max_retries: int, secret: Secret, bound: Deadline | None = None
    ) -> None:
        self.request = request
        self.method = request.method
        self.max_retries = max_retries
        self.secret = secret
        self.attempts = 0
        self.deadline = attempt_deadline(request)
        #: The last failure after which the request may have reached the server and been applied.
        self.earlier_failure: str | None = None
        #: The caller's overall deadline for the whole call, if any.
        self.bound = bound
        self._phases: dict[str, float | None] = dict(request.extensions.get("timeout") or {})
        self._cut = False  # whether the current attempt was given less time to end by `bound`
        self._last = ""  # what the last attempt ended with, for messages
        self._debug = logger.isEnabledFor(logging.DEBUG)

    @property
    def url(self) -> str:
        """The request's URL as messages show it (made only when one is: most requests need none)."""
        return str(self.request.url)

    def attempt_time(self) -> float:
        """Seconds the next attempt may take in all: `deadline`, or less to end by the caller's bound.

        When the bound shortens it, each phase of the request's timeout is capped too (for
        transports that `_network.bound_attempts` cannot reach). Raises `APITimeoutError` when the
        bound has already passed: nothing is sent.
        """
        bound = self.bound
        if bound is None:
            return self.deadline
        left = bound.left()
        if left >= self.deadline:
            return self.deadline
        if left <= 0:
            bound.reached = True
            after = f" (after {self.attempts} attempts, the last: {self._last})" if self.attempts else ""
            raise APITimeoutError(
                f"{self.method} {self.url} was not sent: the caller's deadline had passed{after}",
                method=self.method,
                url=self.url,
                attempts=self.attempts,
            )
        self._cut = True
        capped = {phase: left if value is None else min(value, left) for phase, value in self._phases.items()}
        self.request.extensions = {**self.request.extensions, "timeout": capped}
        return left

    def _no_time_for(self, wait: float) -> str | None:
        """Why a retry after sleeping `wait` seconds would end past the caller's bound (None: it fits)."""
        bound = self.bound
        if bound is None:
            return None
        left = bound.left()
        if wait + MIN_ATTEMPT_TIME <= left:
            return None
        bound.reached = True
        reason = (
            f"not retried: the caller's deadline leaves {max(left, 0.0):.2f} s, and the retry would wait "
            f"{wait:.2f} s first"
        )
        logger.debug("%s %s: %s", self.method, self.url, reason)
        return reason

    def begin(self) -> float:
        """Count a new attempt; return its start time."""
        self.attempts += 1
        return time.perf_counter()

    def deadline_error(self, limit: float) -> httpx.ReadTimeout:
        """The error for an attempt that ran past its `limit` (`attempt_time`) of seconds."""
        if self._cut:
            text = f"the attempt ran out of the {limit:.2f} s left before the caller's deadline"
        else:
            text = f"the attempt took longer than its overall timeout of {limit:g} s"
        return httpx.ReadTimeout(text, request=self.request)

    def after_response(self, response: httpx.Response, started: float) -> float | None:
        """None if `response` (scrubbed of the key) is a success; else seconds to wait, or raise."""
        status = response.status_code
        if self._debug:  # the facts go on the record too, as `http_attempt` (read by the CLI's -v)
            answered = {
                "method": self.method, "url": self.url, "attempt": self.attempts,
                "attempts_allowed": self.max_retries + 1, "status": status, "reason": response.reason_phrase,
                "error": None, "elapsed_ms": (time.perf_counter() - started) * 1000.0,
                "request_id": request_id_of(response),
            }  # fmt: skip
            logger.debug(
                "%(method)s %(url)s attempt %(attempt)d/%(attempts_allowed)d -> %(status)d %(reason)s "
                "in %(elapsed_ms).1f ms (request id %(request_id)s)",
                answered,
                extra={"http_attempt": answered},
            )
        if 200 <= status < 300:
            return None
        retries_done = self.attempts - 1
        asked = retry_after(response.headers)
        wait: float | None = None
        self._last = f"{status} {response.reason_phrase}".strip()
        out_of_time = None
        if may_retry_status(self.method, status):
            wait = wait_before_retry(asked, retries_done)
            if wait is not None and retries_done < self.max_retries:
                out_of_time = self._no_time_for(wait)
                if out_of_time is None:
                    self._log_wait(wait, self._last)
                    if status != 429:
                        self.earlier_failure = self._last
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
        if out_of_time is not None:
            error.add_note(out_of_time)
        raise error

    def after_error(self, error: httpx.RequestError, started: float) -> float | ManagementError:
        """The seconds to wait before retrying after a failed attempt, or the typed error to raise.

        Returned, not raised: this frame would be in the traceback, its local `error` (the original,
        whose message may quote an echoed key) with it. The typed error's ``__cause__`` is a copy
        of `error` with the key redacted (as ``raise ... from`` would set it).
        """
        kind = type(error).__name__
        if self._debug:  # the facts go on the record too, as `http_attempt` (read by the CLI's -v)
            failed = {
                "method": self.method, "url": self.url, "attempt": self.attempts,
                "attempts_allowed": self.max_retries + 1, "status": None, "reason": None, "error": kind,
                "elapsed_ms": (time.perf_counter() - started) * 1000.0, "request_id": None,
            }  # fmt: skip
            logger.debug(
                "%(method)s %(url)s attempt %(attempt)d/%(attempts_allowed)d -> %(error)s "
                "after %(elapsed_ms).1f ms",
                failed,
                extra={"http_attempt": failed},
            )
        retries_done = self.attempts - 1
        self._last = kind
        out_of_time = None
        bound = self.bound
        if (
            self._cut
            and bound is not None
            and isinstance(error, httpx.TimeoutException)
            and (bound.left() < MIN_ATTEMPT_TIME)
        ):
            bound.reached = True  # it timed out on what the caller's deadline left it
            out_of_time = "not retried: the caller's deadline has passed"
        elif (
            isinstance(error, httpx.TransportError)
            and retries_done < self.max_retries
            and may_retry_exception(self.method, error)
        ):
            wait = backoff_delay(retries_done)
            out_of_time = self._no_time_for(wait)
            if out_of_time is None:
                if not isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
                    self.earlier_failure = kind
                self._log_wait(wait, kind)
                return wait
        failure = self._connection_error(error)
        if out_of_time is not None:
            failure.add_note(out_of_time)
        failure.__cause__ = self._redacted(error)
        failure.__suppress_context__ = True
        return failure

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


def send(
    http: httpx.Client,
    request: httpx.Request,
    *,
    max_retries: int,
    secret: Secret,
    deadline: Deadline | None = None,
) -> tuple[httpx.Response, int]:
    """Send `request` with retries; return the 2xx response and the number of attempts.

    `deadline` bounds the whole call, sleeps between attempts included (default: the deadline of an
    enclosing `_deadline.bounded_by`, if any).
    """
    bound = OVERALL_DEADLINE.get() if deadline is None else deadline
    loop = RetryLoop(request, max_retries=max_retries, secret=secret, bound=bound)
    try:
        while True:
            limit = loop.attempt_time()
            started = loop.begin()
            failure: httpx.RequestError | None = None
            try:
                response = secret.scrub(attempt(http, loop, started, limit))
            except httpx.RequestError as error:
                failure = error
            if failure is not None:  # handled here, outside the except block: see the module docstring
                outcome = loop.after_error(failure, started)
                failure = None  # the original may quote an echoed key: not a local of the traceback
                if isinstance(outcome, ManagementError):
                    raise outcome
                wait = outcome
            else:
                retry_wait = loop.after_response(response, started)
                if retry_wait is None:
                    return response, loop.attempts
                wait = retry_wait
            time.sleep(wait)
    finally:
        forget_credentials(request)  # sent for the last time: what is handed out points at it


async def send_async(
    http: httpx.AsyncClient,
    request: httpx.Request,
    *,
    max_retries: int,
    secret: Secret,
    deadline: Deadline | None = None,
) -> tuple[httpx.Response, int]:
    """Send `request` with retries on an async client; return the 2xx response and the attempts.

    `deadline`: as for `send`.
    """
    import asyncio  # here, not at the top: `import cerebras_management` stays free of asyncio

    bound = OVERALL_DEADLINE.get() if deadline is None else deadline
    loop = RetryLoop(request, max_retries=max_retries, secret=secret, bound=bound)
    try:
        while True:
            limit = loop.attempt_time()
            started = loop.begin()
            failure: httpx.RequestError | None = None
            try:
                try:
                    async with asyncio.timeout(limit):
                        response = secret.scrub(await http.send(request, follow_redirects=False))
                except TimeoutError:
                    raise loop.deadline_error(limit) from None
            except httpx.RequestError as error:
                failure = error
            if failure is not None:  # handled here, outside the except block: see the module docstring
                outcome = loop.after_error(failure, started)
                failure = None  # the original may quote an echoed key: not a local of the traceback
                if isinstance(outcome, ManagementError):
                    raise outcome
                wait = outcome
            else:
                retry_wait = loop.after_response(response, started)
                if retry_wait is None:
                    return response, loop.attempts
                wait = retry_wait
            await asyncio.sleep(wait)
    finally:
        forget_credentials(request)  # sent for the last time: what is handed out points at it
