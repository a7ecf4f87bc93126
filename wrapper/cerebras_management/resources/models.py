"""``client.models``: the model architectures an organization may use."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

import httpx

from .. import _generated as gen
from .._models import read_model
from ._shared import Timeout, org_segment

if TYPE_CHECKING:
    from .._client import AsyncManagementClient, ManagementClient
    from ._with_raw import AsyncModelsWithRawResponse, ModelsWithRawResponse


def _prepare_list(org_name: str | None, default_org: str | None) -> dict[str, Any]:
    return gen.list_model_architectures._get_kwargs(org_name=org_segment(org_name, default_org))


def _read_list(response: httpx.Response, attempts: int) -> list[str]:
    return read_model(gen.models.ModelArchitectureList, response, attempts=attempts).model_architectures


class Models:
    """Model architectures (``client.models``)."""

    def __init__(self, client: ManagementClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> ModelsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        from ._with_raw import ModelsWithRawResponse

        return ModelsWithRawResponse(self)

    def list(self, *, org_name: str | None = None, timeout: Timeout = None) -> builtins.list[str]:
        """The ids of the model architectures the organization may use, e.g. ``["gpt-oss-120b"]``.

        Args:
            org_name: The organization; defaults to the client's ``org_name``.
            timeout: This call's per-attempt timeout, instead of the client's.
        """
        response, attempts = self._client._send(
            _prepare_list(org_name, self._client.org_name), timeout=timeout
        )
        return _read_list(response, attempts)


class AsyncModels:
    """Model architectures, with ``await`` (``client.models``)."""

    def __init__(self, client: AsyncManagementClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> AsyncModelsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        from ._with_raw import AsyncModelsWithRawResponse

        return AsyncModelsWithRawResponse(self)

    async def list(self, *, org_name: str | None = None, timeout: Timeout = None) -> builtins.list[str]:
        """The ids of the model architectures the organization may use (see `Models.list`)."""
        kwargs = _prepare_list(org_name, self._client.org_name)
        response, attempts = await self._client._send(kwargs, timeout=timeout)
        return _read_list(response, attempts)
