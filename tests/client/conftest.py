"""Fixtures for the wrapper's tests: clients pointed at the project's mock server on loopback."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from cerebras_management import ManagementClient
from cerebras_management.testing import MockServer

ARCH = "gpt-oss-120b"


@pytest.fixture
def client(mock_server: MockServer) -> Iterator[ManagementClient]:
    """A sync client for the mock server, with fast retries left at the default count."""
    with ManagementClient(
        api_key=mock_server.api_key, org_name=mock_server.org_name, base_url=mock_server.url, timeout=10
    ) as management_client:
        yield management_client


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def every_log_record() -> Iterator[list[str]]:
    """Messages of every record of every logger, at DEBUG, while the test runs."""
    handler = _Records()
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.messages
    root.removeHandler(handler)
    root.setLevel(old)


@pytest.fixture(scope="module")
def module_server() -> Iterator[MockServer]:
    """One mock server for a whole test module (tests that do not interfere share it)."""
    with MockServer() as server:
        yield server


@pytest.fixture
def server(module_server: MockServer) -> MockServer:
    """The module's mock server, reset to its initial state (seeded architectures and endpoints)."""
    module_server.reset()
    return module_server


@pytest.fixture(scope="module")
def module_client(module_server: MockServer) -> Iterator[ManagementClient]:
    """One sync client for the module's mock server (making one costs a TLS context: tens of ms)."""
    with ManagementClient(
        api_key=module_server.api_key,
        org_name=module_server.org_name,
        base_url=module_server.url,
        timeout=10,
    ) as management_client:
        yield management_client


@pytest.fixture
def shared_client(server: MockServer, module_client: ManagementClient) -> ManagementClient:
    """The module's sync client, its server reset (for tests that leave the client's settings alone)."""
    assert module_client.base_url == server.url
    return module_client
