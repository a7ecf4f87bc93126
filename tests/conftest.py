"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cerebras_management.testing import MockServer


@pytest.fixture
def mock_server() -> Iterator[MockServer]:
    """A fresh mock server on a free loopback port (schema response style, empty store), stopped after."""
    with MockServer() as server:
        yield server
