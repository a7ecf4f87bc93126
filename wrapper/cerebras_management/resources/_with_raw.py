"""The ``with_raw_response`` view of each resource: its one-request methods returning `RawResponse`.

Each attribute is the resource's own method run through `raw_method` (same parameters, same checks,
same retries and errors); only the return type differs. Waiters and ``delete_many`` are absent: they
make many requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._raw import raw_async_method, raw_method

if TYPE_CHECKING:
    from .endpoints import AsyncEndpoints, Endpoints
    from .model_versions import AsyncModelVersions, ModelVersions
    from .models import AsyncModels, Models


class ModelsWithRawResponse:
    """``client.models.with_raw_response``: `Models.list` returning a `RawResponse`."""

    def __init__(self, models: Models) -> None:
        self.list = raw_method(models.list)


class AsyncModelsWithRawResponse:
    """``client.models.with_raw_response`` on the async client (awaited)."""

    def __init__(self, models: AsyncModels) -> None:
        self.list = raw_async_method(models.list)


class ModelVersionsWithRawResponse:
    """``client.model_versions.with_raw_response``: ``list``, ``get``, ``upload``, ``set_aliases`` and
    ``delete`` returning a `RawResponse` (``delete(missing_ok=True)``: see `RawResponse`)."""

    def __init__(self, versions: ModelVersions) -> None:
        self.list = raw_method(versions.list)
        self.get = raw_method(versions.get)
        self.upload = raw_method(versions.upload)
        self.set_aliases = raw_method(versions.set_aliases)
        self.delete = raw_method(versions.delete)


class AsyncModelVersionsWithRawResponse:
    """``client.model_versions.with_raw_response`` on the async client (awaited)."""

    def __init__(self, versions: AsyncModelVersions) -> None:
        self.list = raw_async_method(versions.list)
        self.get = raw_async_method(versions.get)
        self.upload = raw_async_method(versions.upload)
        self.set_aliases = raw_async_method(versions.set_aliases)
        self.delete = raw_async_method(versions.delete)


class EndpointsWithRawResponse:
    """``client.endpoints.with_raw_response``: ``list``, ``get`` and ``deploy`` returning a `RawResponse`."""

    def __init__(self, endpoints: Endpoints) -> None:
        self.list = raw_method(endpoints.list)
        self.get = raw_method(endpoints.get)
        self.deploy = raw_method(endpoints.deploy)


class AsyncEndpointsWithRawResponse:
    """``client.endpoints.with_raw_response`` on the async client (awaited)."""

    def __init__(self, endpoints: AsyncEndpoints) -> None:
        self.list = raw_async_method(endpoints.list)
        self.get = raw_async_method(endpoints.get)
        self.deploy = raw_async_method(endpoints.deploy)
