"""The endpoint part of the mock's store: dedicated endpoints, deployments and their rollouts.

`EndpointStore` is a part of `Store` (its ``endpoints``), not a mixin: it shares the store's lock and
is given the two things it needs of the rest of the store as callables (create an organization,
find a version), so it imports nothing of `_store`.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from ._state import ROLLOUT_STATES, ApiError, Deployment, Endpoint, Progress, Progression, Version

__all__ = ["EndpointStore", "parse_model_name"]


def parse_model_name(name: str) -> tuple[str, str, str]:
    """Split ``orgs/<org>/models/<arch>/versions/<version>`` into (org, arch, version); 422 otherwise."""
    parts = name.split("/")
    if len(parts) != 6 or parts[0::2] != ["orgs", "models", "versions"] or not all(parts[1::2]):
        raise ApiError(
            422,
            f"model {name!r} is not a model version name: expected "
            "orgs/<org_name>/models/<model_arch_id>/versions/<version_id>",
        )
    return parts[1], parts[3], parts[5]


def _supersede(endpoint: Endpoint, completed: Deployment) -> None:
    """Zero-downtime update: a completed rollout replaces the deployment that was serving."""
    endpoint.deployments = [
        d for d in endpoint.deployments if d is completed or d.progress.state != ROLLOUT_STATES[-1]
    ]


class EndpointStore:
    """Endpoints, shared by all organizations by id; each is managed by one organization.

    Args:
        lock: The store's lock (every public method takes it; ``_``-prefixed ones expect it held).
        rollout: How fast rollouts advance.
        add_org: Create an organization (or keep it): ``add_org(org_name, None)``, lock held.
        find_version: The version an organization's architecture has under an id or alias
            (`ApiError` 404 when there is none), lock held.
    """

    def __init__(
        self,
        lock: threading.RLock,
        rollout: Progression,
        *,
        add_org: Callable[[str, str | None], str],
        find_version: Callable[[str, str, str], Version],
    ) -> None:
        self._lock = lock
        self.rollout = rollout
        self._add_org = add_org
        self._version = find_version
        self._endpoints: dict[str, Endpoint] = {}
        self._rollout_failures: deque[str] = deque()

    def clear(self) -> None:
        """Forget every endpoint and pending rollout failure."""
        with self._lock:
            self._endpoints.clear()
            self._rollout_failures.clear()

    def add_endpoint(self, endpoint_id: str, model_arch_id: str, org_name: str) -> None:
        """Add an endpoint (no deployments yet) managed by ``org_name`` (created if missing)."""
        if not endpoint_id:
            raise ValueError("endpoint_id must not be empty")
        with self._lock:
            if endpoint_id in self._endpoints:
                raise ValueError(f"endpoint {endpoint_id!r} already exists")
            self._add_org(org_name, None)
            now = int(time.time())
            self._endpoints[endpoint_id] = Endpoint(endpoint_id, model_arch_id, org_name, now, now)

    def has_endpoint(self, endpoint_id: str) -> bool:
        """Whether the endpoint exists."""
        with self._lock:
            return endpoint_id in self._endpoints

    def fail_next_rollouts(self, times: int, message: str) -> None:
        """Make the next ``times`` deployments end ``failed`` (with ``message``) instead of ``complete``."""
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._rollout_failures.extend([message] * times)

    def finish_rollout(self, endpoint_id: str, deployment_id: str, error: str | None) -> None:
        """End a rollout now: complete (replacing the deployment serving before), or failed."""
        with self._lock:
            endpoint = self._endpoints.get(endpoint_id)
            found = [d for d in endpoint.deployments if d.deployment_id == deployment_id] if endpoint else []
            if endpoint is None or not found:
                raise KeyError(f"no deployment {deployment_id!r} on endpoint {endpoint_id!r}")
            found[0].progress.finish(error=error)
            if error is None:
                _supersede(endpoint, found[0])

    def _endpoint(self, caller_org: str, endpoint_id: str) -> Endpoint:
        endpoint = self._endpoints.get(endpoint_id)
        if endpoint is None:
            raise ApiError(404, f"Endpoint {endpoint_id!r} not found")
        if endpoint.org_name != caller_org:
            raise ApiError(403, f"This key may not act on endpoint {endpoint_id!r}")
        return endpoint

    def list_endpoints(self, org_name: str) -> dict[str, Any]:
        """``EndpointList`` of the endpoints the organization manages."""
        with self._lock:
            return {
                "endpoints": [
                    endpoint.summary()
                    for endpoint in self._endpoints.values()
                    if endpoint.org_name == org_name
                ]
            }

    def get_endpoint(self, caller_org: str, endpoint_id: str) -> dict[str, Any]:
        """``EndpointStatus``; a read (rollouts in flight advance; a completed one replaces the last)."""
        with self._lock:
            endpoint = self._endpoint(caller_org, endpoint_id)
            self._advance(endpoint)
            return endpoint.status()

    def peek_endpoint(self, endpoint_id: str) -> dict[str, Any]:
        """The endpoint's ``EndpointStatus``, without counting a read (KeyError if missing)."""
        with self._lock:
            endpoint = self._endpoints.get(endpoint_id)
            if endpoint is None:
                raise KeyError(f"Endpoint {endpoint_id!r} not found")
            self._advance(endpoint, count=False)  # the seconds elapsed still count
            return endpoint.status()

    @staticmethod
    def _advance(endpoint: Endpoint, *, count: bool = True) -> None:
        serving = {d.deployment_id for d in endpoint.deployments if d.progress.state == ROLLOUT_STATES[-1]}
        completed = False
        for deployment in endpoint.deployments:
            if not deployment.progress.done:
                before = deployment.progress.state
                deployment.progress.read(count=count)
                if deployment.progress.state != before:
                    endpoint.updated = int(time.time())
                completed = completed or deployment.progress.state == ROLLOUT_STATES[-1]
        if completed:
            # Zero-downtime update: what was serving goes. Rollouts completing on the same read all
            # stay, so a caller waiting for one of them sees it complete.
            endpoint.deployments = [d for d in endpoint.deployments if d.deployment_id not in serving]

    def deploy(self, caller_org: str, endpoint_id: str, model_name: str) -> dict[str, Any]:
        """Start deploying the version ``model_name`` names; the ``Deployment`` envelope."""
        with self._lock:
            endpoint = self._endpoint(caller_org, endpoint_id)
            org_name, model_arch_id, version_ref = parse_model_name(model_name)
            if org_name != caller_org:
                raise ApiError(403, f"This key may not deploy models of organization {org_name!r}")
            version = self._version(org_name, model_arch_id, version_ref)
            if model_arch_id != endpoint.model_arch_id:
                # A well-formed request that conflicts with what the endpoint serves: 409, like a
                # version that is not synced yet (schemathesis counts 400 as rejecting valid data).
                raise ApiError(
                    409,
                    f"{model_name!r} is a version of {model_arch_id!r}, but endpoint {endpoint_id!r} "
                    f"serves {endpoint.model_arch_id!r}",
                )
            if version.progress.state != "done":
                raise ApiError(
                    409,
                    f"Model version {version.version_id} of {model_arch_id!r} is not ready to deploy "
                    f"(sync_status {version.progress.state!r})",
                )
            error = self._rollout_failures.popleft() if self._rollout_failures else None
            _, envelope = self._start_rollout(endpoint, org_name, version, version_ref, error)
            return envelope

    def _start_rollout(
        self, endpoint: Endpoint, org_name: str, version: Version, ref: str, error: str | None
    ) -> tuple[Deployment, dict[str, Any]]:
        now = int(time.time())
        deployment = Deployment(
            deployment_id=str(uuid.uuid4()),
            model=f"orgs/{org_name}/models/{endpoint.model_arch_id}/versions/{version.version_id}",
            version_id=version.version_id,
            version_alias=ref
            if ref in version.aliases
            else (version.aliases[0] if version.aliases else None),
            created=now,
            progress=Progress(ROLLOUT_STATES, self.rollout, error=error),
        )
        endpoint.deployments.append(deployment)
        endpoint.updated = now
        envelope = {
            "name": deployment.deployment_id,
            "done": False,
            "response": {
                "deployment_id": deployment.deployment_id,
                "endpoint_id": endpoint.endpoint_id,
                "org_name": org_name,
                "model_arch_id": endpoint.model_arch_id,
                "version_id": version.version_id,
                "created": now,
                "updated": now,
                "rollout_status": deployment.progress.state,
            },
        }
        return deployment, envelope

    def add_deployment(self, endpoint_id: str, model_arch_id: str, version_ref: str, state: str) -> str:
        """Put a deployment of an existing version on an endpoint, at rollout ``state``; its id."""
        if state not in (*ROLLOUT_STATES, "failed"):
            raise ValueError(f"state must be one of {(*ROLLOUT_STATES, 'failed')}, not {state!r}")
        with self._lock:
            endpoint = self._endpoints.get(endpoint_id)
            if endpoint is None:
                raise ValueError(f"endpoint {endpoint_id!r} does not exist")
            if model_arch_id != endpoint.model_arch_id:
                raise ValueError(f"endpoint {endpoint_id!r} serves {endpoint.model_arch_id!r}")
            version = self._version(endpoint.org_name, model_arch_id, version_ref)
            deployment, _ = self._start_rollout(endpoint, endpoint.org_name, version, version_ref, None)
            if state == "failed":
                deployment.progress.finish(error="the rollout failed")
            else:
                deployment.progress.stage = ROLLOUT_STATES.index(state)
            if state == ROLLOUT_STATES[-1]:
                _supersede(endpoint, deployment)
            return deployment.deployment_id
