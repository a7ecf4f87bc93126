"""``client.models``: the model architectures an organization may use."""

from __future__ import annotations

import builtins
from typing import Any

import httpx

from .. import _generated as gen
from .._models import read_model
from .._raw import raw_async_method, raw_method
from ._shared import AsyncResource, Operation, SyncResource, Timeout, org_segment


def _prepare_list(default_org: str | None, org_name: str | None) -> dict[str, Any]:
    return gen.list_model_architectures._get_kwargs(org_name=org_segment(org_name, default_org))


def _read_list(response: httpx.Response, attempts: int) -> list[str]:
    return read_model(gen.models.ModelArchitectureList, response, attempts=attempts).model_architectures


LIST = Operation(_prepare_list, _read_list)


class Models(SyncResource):
    """Model architectures (``client.models``)."""

    @property
    def with_raw_response(self) -> ModelsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        return ModelsWithRawResponse(self)

    def list(self, *, org_name: str | None = None, timeout: Timeout = None) -> builtins.list[str]:
        """The ids of the model architectures the organization may use, e.g. ``["gpt-oss-120b"]``.

        Args:
            org_name: The organization; defaults to the client's ``org_name``.
            timeout: This call's per-attempt timeout, instead of the client's.
        """
        return self._call(LIST, org_name, timeout=timeout)


class AsyncModels(AsyncResource):
    """Model architectures, with ``await`` (``client.models``)."""

    @property
    def with_raw_response(self) -> AsyncModelsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        return AsyncModelsWithRawResponse(self)

    async def list(self, *, org_name: str | None = None, timeout: Timeout = None) -> builtins.list[str]:
        """The ids of the model architectures the organization may use (see `Models.list`)."""
        return await self._call(LIST, org_name, timeout=timeout)


class ModelsWithRawResponse:
    """``client.models.with_raw_response``: `Models.list` returning a `RawResponse`."""

    def __init__(self, models: Models) -> None:
        self.list = raw_method(models.list)


class AsyncModelsWithRawResponse:
    """``client.models.with_raw_response`` on the async client (awaited)."""

    def __init__(self, models: AsyncModels) -> None:
        self.list = raw_async_method(models.list)
