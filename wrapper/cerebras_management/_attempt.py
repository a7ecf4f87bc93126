"""One attempt of the sync client: send, then read the body, all by the attempt's deadline.

Each blocking network call of the attempt is bounded by the deadline (`_deadline.enter_attempt`, read
by `_bounded_io` in the pools `_network.bound_attempts` prepared); `_DeadlineStream` checks the body
too, for transports that cannot be reached that way. `_transport.send` runs one `attempt` per try.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Protocol

import httpx

from ._deadline import enter_attempt, leave_attempt


class Attempting(Protocol):
    """What an attempt needs of the retry loop (`_transport.RetryLoop`)."""

    request: httpx.Request

    def deadline_error(self, limit: float) -> httpx.ReadTimeout:
        """The error for an attempt that ran past its `limit` of seconds."""
        ...


class _DeadlineStream(httpx.SyncByteStream):
    """A response body stream that fails once the attempt's overall deadline has passed."""

    def __init__(self, stream: httpx.SyncByteStream, deadline: float, loop: Attempting, limit: float) -> None:
        self._stream = stream
        self._deadline = deadline
        self._loop = loop
        self._limit = limit

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.perf_counter() > self._deadline:
                raise self._loop.deadline_error(self._limit)
            yield chunk

    def close(self) -> None:
        self._stream.close()


def attempt(http: httpx.Client, loop: Attempting, started: float, limit: float) -> httpx.Response:
    """One sync attempt: send and read the body, each network call bounded by the attempt's `limit`.

    `_DeadlineStream` checks the body too, for transports `_network.bound_attempts` cannot reach.
    """
    deadline = started + limit
    token = enter_attempt(deadline, limit)
    try:
        response = http.send(loop.request, stream=True, follow_redirects=False)
        try:
            if isinstance(response.stream, httpx.SyncByteStream):
                response.stream = _DeadlineStream(response.stream, deadline, loop, limit)
            response.read()
        except BaseException:
            response.close()
            raise
    finally:
        leave_attempt(token)
    return response
