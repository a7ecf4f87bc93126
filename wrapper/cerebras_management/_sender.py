"""What a resource needs of its client: the protocols `SyncSender` and `AsyncSender`.

The resources (``client.model_versions``, ...) and the raw-response layer send through a client but
never import it: they are typed against these protocols, which `ManagementClient` and
`AsyncManagementClient` meet (as does the raw layer's recording of a client). So the client sits
above the resources it binds, and nothing below it knows it.
"""

from __future__ import annotations

from typing import Any, Protocol

import httpx

CallTimeout = float | httpx.Timeout | None
"""A call's per-attempt timeout: seconds or an `httpx.Timeout`; None means the client's."""


class SyncSender(Protocol):
    """A client that sends a generated operation's request with retries (`ManagementClient`)."""

    @property
    def org_name(self) -> str | None:
        """The default organization name for calls that do not pass one."""

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of each attempt."""

    def _send(self, kwargs: dict[str, Any], *, timeout: CallTimeout = None) -> tuple[httpx.Response, int]:
        """Send the request ``_get_kwargs()`` describes; the 2xx response and the attempts it took."""


class AsyncSender(Protocol):
    """`SyncSender` with ``await`` (`AsyncManagementClient`)."""

    @property
    def org_name(self) -> str | None:
        """The default organization name for calls that do not pass one."""

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of each attempt."""

    async def _send(
        self, kwargs: dict[str, Any], *, timeout: CallTimeout = None
    ) -> tuple[httpx.Response, int]:
        """Send the request ``_get_kwargs()`` describes; the 2xx response and the attempts it took."""
