"""Helpers shared by the client tests (importable: pytest puts this directory on sys.path)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from cerebras_management import AsyncManagementClient, ManagementClient
from cerebras_management.testing import MockServer

T = TypeVar("T")


def async_client(server: MockServer, **options: Any) -> AsyncManagementClient:
    """An async client for `server` (use it with ``async with``)."""
    options.setdefault("timeout", 10)
    return AsyncManagementClient(
        api_key=server.api_key, org_name=server.org_name, base_url=server.url, **options
    )


def sync_client(server: MockServer, **options: Any) -> ManagementClient:
    """A sync client for `server` (use it with ``with``)."""
    options = {
        "api_key": server.api_key,
        "org_name": server.org_name,
        "base_url": server.url,
        "timeout": 10,
        **options,
    }
    return ManagementClient(**options)


def run_async(server: MockServer, call: Callable[[AsyncManagementClient], Awaitable[T]], **options: Any) -> T:
    """Run ``call(client)`` on a fresh async client for `server`, in a new event loop."""

    async def main() -> T:
        async with async_client(server, **options) as client:
            return await call(client)

    return asyncio.run(main())
