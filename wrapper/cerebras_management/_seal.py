"""Which servers a client may send to, when something has limited them (a sealed test).

Nothing limits them by default: `active` is None and a client's only cost is one ``is None`` test
per request. Two things set a `Seal`:

- the pytest plugin (``cerebras_management.pytest_plugin``), for the length of a test that uses the
  ``management_mock`` fixture: only the test's mock, the servers its marker allows, and any
  `MockServer` this process runs may be reached;
- the environment variable `ALLOWED_SERVERS_ENV`, read once at import: a space-separated list of
  ``scheme://host[:port]`` origins. The plugin sets it for the test too, so a subprocess started
  with the test's environment (the command line, a script) is held to the same servers.

A request to any other server raises `ManagementError` before anything is sent, naming the server
and how to allow it. This module imports nothing of the plugin or the mock: they call it.
"""

from __future__ import annotations

import os
import threading
from typing import Final, NamedTuple

import httpx

from ._exceptions import ManagementError

__all__ = [
    "ALLOWED_SERVERS_ENV",
    "Origin",
    "Seal",
    "active",
    "mock_started",
    "mock_stopped",
    "origin_of",
]

ALLOWED_SERVERS_ENV: Final = "CEREBRAS_MANAGEMENT_ALLOWED_SERVERS"

_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


class Origin(NamedTuple):
    """Where requests go: scheme, host (lower case, IPv6 without brackets) and port."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = _DEFAULT_PORTS.get(self.scheme) == self.port
        return f"{self.scheme}://{host}" if default else f"{self.scheme}://{host}:{self.port}"


def origin_of(url: str) -> Origin:
    """The origin of an absolute http(s) URL; `ValueError` naming the URL when it has none."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise ValueError(f"{url!r} is not a URL: {error}") from None
    if parsed.scheme not in _DEFAULT_PORTS or not parsed.host:
        raise ValueError(f"{url!r} is not an absolute http:// or https:// URL")
    port = parsed.port if parsed.port is not None else _DEFAULT_PORTS[parsed.scheme]
    return Origin(parsed.scheme, parsed.host.lower(), port)


#: The origins of the `MockServer` instances running in this process (the mock adds and removes
#: its own). A sealed client may reach every one of them.
_mocks: set[Origin] = set()
_mocks_lock = threading.Lock()


def mock_started(url: str) -> None:
    """Record that a mock server serves at ``url`` (called by `MockServer.start`)."""
    origin = origin_of(url)
    with _mocks_lock:
        _mocks.add(origin)


def mock_stopped(url: str) -> None:
    """Record that the mock server at ``url`` stopped (called by `MockServer.stop`)."""
    origin = origin_of(url)
    with _mocks_lock:
        _mocks.discard(origin)


class Seal:
    """The servers a client may reach.

    Args:
        allowed: URLs (only their origin counts) a client may send to.
        where: What the error message says clients may talk to (e.g. ``the mock at http://...``).
        how_to_allow: The sentence of the error message that says how to allow another server
            (``{origin}`` is replaced by the refused one).
    """

    def __init__(self, allowed: list[str], *, where: str, how_to_allow: str) -> None:
        self.allowed = frozenset(origin_of(url) for url in allowed)
        self.where = where
        self.how_to_allow = how_to_allow
        #: Each base URL checked, parsed once: a client checks its own base URL before every request.
        self.origins: dict[str, Origin] = {}

    def check(self, base_url: str) -> None:
        """Return when ``base_url``'s server may be reached, else raise `ManagementError` naming it."""
        origin = self.origins.get(base_url)
        if origin is None:
            origin = self.origins[base_url] = origin_of(base_url)
        if origin in self.allowed or origin in _mocks:
            return
        message = (
            f"Refusing to send a request to {origin}: clients may talk only to {self.where} here, "
            f"so nothing was sent. {self.how_to_allow.format(origin=str(origin))}"
        )
        raise ManagementError(message)


def _from_environment() -> Seal | None:
    value = os.environ.get(ALLOWED_SERVERS_ENV)
    if value is None:
        return None
    where = f"the servers in {ALLOWED_SERVERS_ENV} ({' '.join(value.split()) or 'none'})"
    how = (
        "The pytest plugin sets that variable for a test that uses management_mock; "
        "@pytest.mark.management_mock(allow_servers=['{origin}']) on the test allows this server."
    )
    try:
        return Seal(value.split(), where=where, how_to_allow=how)
    except ValueError as error:  # fail closed: no server at all, and every refusal says why
        return Seal([], where=where, how_to_allow=f"{ALLOWED_SERVERS_ENV} is not valid: {error}.")


#: The seal in force, or None (then nothing is checked).
active: Seal | None = _from_environment()
