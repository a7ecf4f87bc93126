"""Helpers for the mock's own tests: plain httpx against a real MockServer on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from cerebras_management.testing import MockServer


def api(server: MockServer, key: str | None = None) -> httpx.Client:
    """An httpx client for the API root (``/management/v1``) sending ``key`` (default: the server's)."""
    return httpx.Client(
        base_url=server.url + "/management/v1",
        headers={"Authorization": f"Bearer {key or server.api_key}"},
    )


@pytest.fixture
def http(mock_server: MockServer) -> Iterator[httpx.Client]:
    """An httpx client for the default mock server, with its key."""
    with api(mock_server) as client:
        yield client
