"""Raw responses: ``client.<resource>.with_raw_response.<method>(...)`` returns a `RawResponse`.

There is one implementation of each operation: the plain method. A raw call runs that very method
on a copy of its resource whose client is a `_Recording` of the real one; the recording sends
through the real client (same validation, retries, timeouts, typed errors) and keeps the first
exchange it sees. So the plain path carries nothing for raw responses, and the raw path cannot drift
from it: it returns what the plain call returns, wrapped with the HTTP exchange it came from.

What a raw response describes when a method makes more than one request: only
``model_versions.delete(..., missing_ok=True)`` does, after a 404 (it lists the architecture's
versions to confirm the version is gone). The raw response then describes the DELETE, the request
that decided the outcome: its 404 response, status, request id and attempts; `parse` returns
``deleted=False``. The confirming listing is not described.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

import httpx

from ._exceptions import APIStatusError
from ._responses import request_id_of

if TYPE_CHECKING:
    from ._sender import AsyncSender, SyncSender

__all__ = ["RawResponse", "raw_async_method", "raw_method"]

T = TypeVar("T")
P = ParamSpec("P")


class RawResponse(Generic[T]):
    """A call's HTTP exchange and its result, from ``client.<resource>.with_raw_response.<method>``.

    ```python
    raw = client.model_versions.with_raw_response.get("gpt-oss-120b", 3)
    print(raw.request_id, raw.status_code, raw.attempts, f"{raw.elapsed:.3f} s")
    version = raw.parse()  # the ModelVersion that client.model_versions.get returns
    ```

    Errors are raised by the call exactly as by the plain method (an error status, no answer, a body
    that cannot be read), so a `RawResponse` always holds a result.

    Attributes:
        http_response: The final `httpx.Response` (the key scrubbed from it; its body already read).
        attempts: How many attempts the call made, retries included (1 when the first one succeeded).
        elapsed: Seconds from sending the first attempt to reading the final response, retries and
            their waits included (``http_response.elapsed`` is the final attempt's alone).
    """

    __slots__ = ("_parsed", "attempts", "elapsed", "http_response")

    def __init__(self, http_response: httpx.Response, *, attempts: int, elapsed: float, parsed: T) -> None:
        self.http_response = http_response
        self.attempts = attempts
        self.elapsed = elapsed
        self._parsed = parsed

    def parse(self) -> T:
        """The result the plain method returns (read once, when the call returned: the same object
        on every call)."""
        return self._parsed

    @property
    def request_id(self) -> str | None:
        """The server's request id (``x-request-id`` or a similar header), for support tickets."""
        return request_id_of(self.http_response)

    @property
    def headers(self) -> httpx.Headers:
        """The final response's headers."""
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        """The final response's HTTP status (404 for a delete that ``missing_ok`` counted as gone)."""
        return self.http_response.status_code

    def __repr__(self) -> str:
        request = self.http_response.request
        return (
            f"<RawResponse [{self.status_code} {self.http_response.reason_phrase}] {request.method} "
            f"{request.url} request_id={self.request_id!r} attempts={self.attempts}>"
        )


class _Recording:
    """Stands in for a client inside one raw call: sends through it and keeps the first exchange.

    Everything but `_send` is the real client's (`__getattr__`), so a resource method runs unchanged.
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self.response: httpx.Response | None = None
        self.attempts = 0
        self.elapsed = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def _keep(self, response: httpx.Response, attempts: int, started: float) -> None:
        if self.response is None:
            self.response = response
            self.attempts = attempts
            self.elapsed = time.perf_counter() - started

    def result(self, parsed: T) -> RawResponse[T]:
        if self.response is None:  # every wrapped method sends a request before it returns
            raise RuntimeError("the method returned without sending a request")
        return RawResponse(self.response, attempts=self.attempts, elapsed=self.elapsed, parsed=parsed)


class _SyncRecording(_Recording):
    def _send(self, kwargs: dict[str, Any], **options: Any) -> tuple[httpx.Response, int]:
        started = time.perf_counter()
        try:
            response, attempts = self._client._send(kwargs, **options)
        except APIStatusError as error:  # e.g. the 404 that delete(missing_ok=True) turns into a result
            self._keep(error.response, error.attempts, started)
            raise
        self._keep(response, attempts, started)
        return response, attempts


class _AsyncRecording(_Recording):
    async def _send(self, kwargs: dict[str, Any], **options: Any) -> tuple[httpx.Response, int]:
        started = time.perf_counter()
        try:
            response, attempts = await self._client._send(kwargs, **options)
        except APIStatusError as error:
            self._keep(error.response, error.attempts, started)
            raise
        self._keep(response, attempts, started)
        return response, attempts


def raw_method(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """The raw-response form of a resource's bound sync method (same parameters, same checks)."""
    resource: Any = method.__self__  # type: ignore[attr-defined]
    function: Callable[..., T] = method.__func__  # type: ignore[attr-defined]
    client: SyncSender = resource._client

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        recording = _SyncRecording(client)
        return recording.result(function(type(resource)(recording), *args, **kwargs))

    return call


def raw_async_method(
    method: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Coroutine[Any, Any, RawResponse[T]]]:
    """The raw-response form of a resource's bound async method (awaited; ``parse()`` is plain)."""
    resource: Any = method.__self__  # type: ignore[attr-defined]
    function: Callable[..., Coroutine[Any, Any, T]] = method.__func__  # type: ignore[attr-defined]
    client: AsyncSender = resource._client

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        recording = _AsyncRecording(client)
        return recording.result(await function(type(resource)(recording), *args, **kwargs))

    return call
