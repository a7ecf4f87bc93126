"""Network calls that end by the attempt's deadline (`_deadline.ATTEMPT_DEADLINE`), for the sync client.

`_network.bound_attempts` installs these wrappers in an httpx client's connection pools. Imported on
first use (it needs httpcore, which httpx loads only when a client is made), so
``import cerebras_management`` stays as cheap as ``import httpx``.
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import Iterable

import httpcore

from ._deadline import ATTEMPT_DEADLINE

_TimeoutError = type[httpcore.ReadTimeout] | type[httpcore.WriteTimeout] | type[httpcore.ConnectTimeout]


def _bounded(timeout: float | None, error: _TimeoutError) -> float | None:
    """`timeout`, shortened to what is left of the attempt; raise `error` when nothing is left."""
    bound = ATTEMPT_DEADLINE.get()
    if bound is None:
        return timeout
    left = bound[0] - time.perf_counter()
    if left <= 0:
        raise error(f"the attempt took longer than its overall timeout of {bound[1]:g} s")
    return left if timeout is None or timeout > left else timeout


def _past_deadline(error: _TimeoutError) -> None:
    """Raise `error` saying so if this thread's attempt is (within clock rounding) past its deadline."""
    bound = ATTEMPT_DEADLINE.get()
    if bound is not None and time.perf_counter() >= bound[0] - 0.005:
        raise error(f"the attempt took longer than its overall timeout of {bound[1]:g} s")


class _BoundedStream(httpcore.NetworkStream):
    """A connection whose blocking calls end by the attempt's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        timeout = _bounded(timeout, httpcore.ReadTimeout)
        try:
            return self._stream.read(max_bytes, timeout)
        except httpcore.ReadTimeout:
            _past_deadline(httpcore.ReadTimeout)
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        timeout = _bounded(timeout, httpcore.WriteTimeout)
        try:
            self._stream.write(buffer, timeout)
        except httpcore.WriteTimeout:
            _past_deadline(httpcore.WriteTimeout)
            raise

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    """Makes `_BoundedStream` connections (in place of a connection pool's backend)."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def bound_pool(pool: object) -> None:
    """Wrap the network backend of an httpcore connection pool (or proxy) once; ignore anything else."""
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _BoundedBackend):
        pool._network_backend = _BoundedBackend(backend)  # type: ignore[attr-defined]
