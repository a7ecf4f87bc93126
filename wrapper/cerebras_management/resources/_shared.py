"""Pieces every resource module uses: parameter types, the organization of a call, and the base
classes whose ``_call`` runs one operation (its pure "prepare" and "read" halves around the client's
send), so the sync and async methods share everything but ``await``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from .._config import require_org_name
from .._paths import path_segment
from .._sender import AsyncSender, CallTimeout, SyncSender

if TYPE_CHECKING:
    from .._readings import Reading
    from .._waiting import Waiter

T = TypeVar("T")
S = TypeVar("S")

VersionId = int | str
"""A model version: its integer id, or one of its aliases."""

Timeout = CallTimeout
"""A call's per-attempt timeout: seconds or an `httpx.Timeout`; None means the client's."""


def org_segment(org_name: str | None, default: str | None) -> str:
    """The call's organization (argument, else the client's), checked as a path segment."""
    return path_segment("org_name", require_org_name(org_name, default))


class Operation(Generic[T]):
    """One API operation as the resources run it: ``prepare`` and ``read``, neither sends anything.

    Attributes:
        prepare: ``prepare(default_org, *args)`` validates the method's arguments (raising before
            anything is sent) and returns the generated ``_get_kwargs()`` of the request;
            ``default_org`` is the client's organization.
        read: ``read(response, attempts)`` turns the 2xx response into the result.
    """

    __slots__ = ("prepare", "read")

    def __init__(
        self, prepare: Callable[..., dict[str, Any]], read: Callable[[httpx.Response, int], T]
    ) -> None:
        self.prepare = prepare
        self.read = read


class SyncResource:
    """A resource of `ManagementClient` (any `SyncSender`)."""

    def __init__(self, client: SyncSender) -> None:
        self._client = client

    def _call(self, operation: Operation[T], *args: Any, timeout: Timeout) -> T:
        """Prepare, send (with the client's retries) and read one operation."""
        kwargs = operation.prepare(self._client.org_name, *args)
        response, attempts = self._client._send(kwargs, timeout=timeout)
        return operation.read(response, attempts)

    def _wait(
        self, waiter: Waiter[S], poll: Callable[[httpx.Timeout], T], read: Callable[[T], Reading[S]]
    ) -> S:
        """Run ``waiter``: ``poll(timeout)`` until ``read`` says done, each poll's timeout capped at the
        time left before the wait's deadline."""
        from .._waiting import poll_timeout, wait_sync

        limits = self._client.timeout
        return wait_sync(waiter, lambda left: poll(poll_timeout(limits, left)), read)


class AsyncResource:
    """A resource of `AsyncManagementClient` (any `AsyncSender`)."""

    def __init__(self, client: AsyncSender) -> None:
        self._client = client

    async def _call(self, operation: Operation[T], *args: Any, timeout: Timeout) -> T:
        """Prepare, send (with the client's retries) and read one operation."""
        kwargs = operation.prepare(self._client.org_name, *args)
        response, attempts = await self._client._send(kwargs, timeout=timeout)
        return operation.read(response, attempts)

    async def _wait(
        self,
        waiter: Waiter[S],
        poll: Callable[[httpx.Timeout], Awaitable[T]],
        read: Callable[[T], Reading[S]],
    ) -> S:
        """`SyncResource._wait` with ``await``."""
        from .._waiting import poll_timeout, wait_async

        limits = self._client.timeout
        return await wait_async(waiter, lambda left: poll(poll_timeout(limits, left)), read)
