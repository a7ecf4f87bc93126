"""``client.endpoints``: dedicated endpoints, their status, and deploying a model version to one."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, overload

import httpx

from .. import _generated as gen
from .._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from .._models import read_model
from .._paths import endpoint_segment, path_segment, version_segment
from .._raw import raw_async_method, raw_method
from ._shared import AsyncResource, Operation, SyncResource, Timeout, VersionId, org_segment
from ._targets import deployment_wait

if TYPE_CHECKING:
    from cerebras_management_api.models.deployed_model import DeployedModel
    from cerebras_management_api.models.deployment import Deployment
    from cerebras_management_api.models.endpoint import Endpoint
    from cerebras_management_api.models.endpoint_status import EndpointStatus


def _prepare_list(default_org: str | None, org_name: str | None) -> dict[str, Any]:
    return gen.list_endpoints._get_kwargs(org_name=org_segment(org_name, default_org))


def _read_list(response: httpx.Response, attempts: int) -> list[Endpoint]:
    return read_model(gen.models.EndpointList, response, attempts=attempts).endpoints or []


def _prepare_get(_default_org: str | None, endpoint_id: str) -> dict[str, Any]:
    return gen.get_endpoint._get_kwargs(endpoint_id=endpoint_segment(endpoint_id))


def _read_status(response: httpx.Response, attempts: int) -> EndpointStatus:
    return read_model(gen.models.EndpointStatus, response, attempts=attempts)


def model_resource_name(org: str, model_arch_id: str, version_id: VersionId) -> str:
    """``orgs/{org}/models/{arch}/versions/{version}``, each part checked (none may contain ``/``)."""
    arch = path_segment("model_arch_id", model_arch_id)
    return f"orgs/{path_segment('org_name', org)}/models/{arch}/versions/{version_segment(version_id)}"


def _prepare_deploy(
    default_org: str | None, endpoint_id: str, model_arch_id: str, version_id: VersionId, org_name: str | None
) -> dict[str, Any]:
    endpoint = endpoint_segment(endpoint_id, custom_method=True)
    model = model_resource_name(org_segment(org_name, default_org), model_arch_id, version_id)
    return gen.deploy_model._get_kwargs(endpoint_id=endpoint, body=gen.models.DeployModelRequest(model=model))


def _read_deployment(response: httpx.Response, attempts: int) -> Deployment:
    return read_model(gen.models.Deployment, response, attempts=attempts)


LIST = Operation(_prepare_list, _read_list)
GET = Operation(_prepare_get, _read_status)
DEPLOY = Operation(_prepare_deploy, _read_deployment)


class Endpoints(SyncResource):
    """Dedicated endpoints (``client.endpoints``). Every method takes ``timeout`` (this call's
    per-attempt timeout); invalid arguments raise ValueError/TypeError before anything is sent."""

    @property
    def with_raw_response(self) -> EndpointsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        return EndpointsWithRawResponse(self)

    def list(self, *, org_name: str | None = None, timeout: Timeout = None) -> builtins.list[Endpoint]:
        """The endpoints the organization (default: the client's) may manage."""
        return self._call(LIST, org_name, timeout=timeout)

    def get(self, endpoint_id: str, *, timeout: Timeout = None) -> EndpointStatus:
        """An endpoint's status: its deployed models (``.deployed_models[i].state``) and times."""
        return self._call(GET, endpoint_id, timeout=timeout)

    def deploy(
        self,
        endpoint_id: str,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> Deployment:
        """Deploy a model version to an endpoint running the same architecture; the rollout is queued.

        The result's ``name`` is the deployment id; follow it in `get` (``deployed_models[i].id`` and
        ``.state``). Retried only when the request never left or the server answered 429: a timeout
        or a 5xx raises, and the error says the deployment may have been applied.

        Args:
            endpoint_id: The endpoint, e.g. ``"my-org-gpt-oss-120b"`` (no ``:``).
            model_arch_id: The version's architecture, e.g. ``"gpt-oss-120b"``.
            version_id: The version's integer id or one of its aliases.
            org_name: The organization that owns the version; defaults to the client's.
        """
        return self._call(DEPLOY, endpoint_id, model_arch_id, version_id, org_name, timeout=timeout)

    @overload
    def wait_for_deployment(
        self,
        deployment: Deployment,
        /,
        *,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[DeployedModel], object] | None = ...,
    ) -> DeployedModel: ...
    @overload
    def wait_for_deployment(
        self,
        endpoint_id: str,
        deployment_id: str,
        *,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[DeployedModel], object] | None = ...,
    ) -> DeployedModel: ...
    def wait_for_deployment(
        self,
        endpoint_id: str | Deployment,
        deployment_id: str | None = None,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[DeployedModel], object] | None = None,
    ) -> DeployedModel:
        """Poll `get` until the deployed model with id ``deployment_id`` is ``complete``; return it.

        ``deployment_id`` is the ``name`` of the `deploy` result. Until the endpoint lists it, its
        status is a `DeployedModel` with only ``id`` set (state None). Polling, ``on_progress`` and the
        errors are as for `ModelVersions.wait`: `OperationFailedError` when the rollout fails (state
        failed/error, or an error object whatever the state), `WaitTimeoutError` at the deadline
        (which bounds every request and retry inside the wait), `NotFoundError` when the endpoint
        is gone. ``wait_for_deployment(deployment)`` takes the `Deployment` that `deploy` returned
        (its ``response.endpoint_id`` and ``name``).
        """
        waiter, endpoint, read = deployment_wait(
            endpoint_id, deployment_id, timeout, poll_interval, on_progress
        )
        return self._wait(waiter, lambda limit: self.get(endpoint, timeout=limit), read)


class AsyncEndpoints(AsyncResource):
    """Dedicated endpoints, with ``await`` (see `Endpoints`)."""

    @property
    def with_raw_response(self) -> AsyncEndpointsWithRawResponse:
        """These methods returning a `RawResponse` (the HTTP exchange: request id, headers, attempts)."""
        return AsyncEndpointsWithRawResponse(self)

    async def list(self, *, org_name: str | None = None, timeout: Timeout = None) -> builtins.list[Endpoint]:
        """The endpoints the organization may manage (see `Endpoints.list`)."""
        return await self._call(LIST, org_name, timeout=timeout)

    async def get(self, endpoint_id: str, *, timeout: Timeout = None) -> EndpointStatus:
        """An endpoint's status (see `Endpoints.get`)."""
        return await self._call(GET, endpoint_id, timeout=timeout)

    async def deploy(
        self,
        endpoint_id: str,
        model_arch_id: str,
        version_id: VersionId,
        *,
        org_name: str | None = None,
        timeout: Timeout = None,
    ) -> Deployment:
        """Deploy a model version to an endpoint (see `Endpoints.deploy`)."""
        return await self._call(DEPLOY, endpoint_id, model_arch_id, version_id, org_name, timeout=timeout)

    @overload
    async def wait_for_deployment(
        self,
        deployment: Deployment,
        /,
        *,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[DeployedModel], object] | None = ...,
    ) -> DeployedModel: ...
    @overload
    async def wait_for_deployment(
        self,
        endpoint_id: str,
        deployment_id: str,
        *,
        timeout: float = ...,
        poll_interval: float = ...,
        on_progress: Callable[[DeployedModel], object] | None = ...,
    ) -> DeployedModel: ...
    async def wait_for_deployment(
        self,
        endpoint_id: str | Deployment,
        deployment_id: str | None = None,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: Callable[[DeployedModel], object] | None = None,
    ) -> DeployedModel:
        """Poll `get` until the deployment is ``complete`` (see `Endpoints.wait_for_deployment`).

        Takes the `Deployment` that `deploy` returned, or ``(endpoint_id, deployment_id)``. Cancelling
        the task stops the wait at once; ``on_progress`` may be a coroutine function.
        """
        waiter, endpoint, read = deployment_wait(
            endpoint_id, deployment_id, timeout, poll_interval, on_progress
        )
        return await self._wait(waiter, lambda limit: self.get(endpoint, timeout=limit), read)


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
