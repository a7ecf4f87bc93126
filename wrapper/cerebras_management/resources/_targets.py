"""What a waiter waits on: ``(ids...)`` as given, or read from the object the write returned.

`version_wait` and `deployment_wait` also make the `Waiter` of a wait (its subject, deadline and
intervals), so the sync and async methods only poll.

``model_versions.wait(version)`` takes the `ModelVersion` that ``upload``/``get`` returned (its
``name`` gives the organization, architecture and id); ``endpoints.wait_for_deployment(deployment)``
takes the `Deployment` that ``deploy`` returned (``response.endpoint_id`` and ``name``). Mixing the
two forms is a TypeError, raised before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._names import parse_model_version_name

if TYPE_CHECKING:
    from cerebras_management_api.models.deployed_model import DeployedModel
    from cerebras_management_api.models.model_version import ModelVersion

    from .._readings import Reading
    from .._waiting import Waiter
    from ._shared import VersionId


def version_target(
    first: Any, version_id: VersionId | None, org_name: str | None
) -> tuple[str, VersionId, str | None]:
    """(model_arch_id, version_id, org_name) from ``wait(version)`` or ``wait(model_arch_id, version_id)``."""
    from cerebras_management_api.models.model_version import ModelVersion

    if isinstance(first, ModelVersion):
        if version_id is not None or org_name is not None:
            raise TypeError(
                "wait(version) takes the ModelVersion alone (its name gives the organization, architecture "
                "and id): drop version_id/org_name, or call wait(model_arch_id, version_id, org_name=...)"
            )
        ref = parse_model_version_name(first.name)
        return ref.model_arch_id, ref.version_id, ref.org_name
    if version_id is None:
        raise TypeError(
            f"wait() got {type(first).__name__} {first!r} without a version_id: pass the ModelVersion that "
            "upload()/get() returned, or (model_arch_id, version_id)"
        )
    return first, version_id, org_name


def deployment_target(first: Any, deployment_id: str | None) -> tuple[str, str]:
    """(endpoint_id, deployment_id) from ``wait_for_deployment(deployment)`` or from the two ids."""
    from cerebras_management_api.models.deployment import Deployment

    if isinstance(first, Deployment):
        if deployment_id is not None:
            raise TypeError(
                "wait_for_deployment(deployment) takes the Deployment alone (it names its endpoint and "
                "id): drop deployment_id, or call wait_for_deployment(endpoint_id, deployment_id)"
            )
        endpoint_id = first.response.endpoint_id if first.response is not None else None
        if not endpoint_id:
            raise ValueError(
                f"the Deployment {first.name!r} does not name its endpoint (no response.endpoint_id): "
                "call wait_for_deployment(endpoint_id, deployment.name)"
            )
        return endpoint_id, first.name
    if deployment_id is None:
        raise TypeError(
            f"wait_for_deployment() got {type(first).__name__} {first!r} without a deployment_id: pass the "
            "Deployment that deploy() returned, or (endpoint_id, deployment_id)"
        )
    return first, deployment_id


def version_wait(
    first: Any,
    version_id: VersionId | None,
    org_name: str | None,
    timeout: float,
    poll_interval: float,
    on_progress: Callable[[ModelVersion], object] | None,
) -> tuple[Waiter[ModelVersion], str, VersionId, str | None]:
    """The waiter of ``model_versions.wait(...)`` and the (model_arch_id, version_id, org_name) it polls."""
    from .._waiting import Waiter

    model_arch_id, version_id, org_name = version_target(first, version_id, org_name)
    subject = f"model version {version_id!r} of {model_arch_id!r}"
    waiter = Waiter(subject, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress)
    return waiter, model_arch_id, version_id, org_name


def deployment_wait(
    first: Any,
    deployment_id: str | None,
    timeout: float,
    poll_interval: float,
    on_progress: Callable[[DeployedModel], object] | None,
) -> tuple[Waiter[DeployedModel], str, Callable[[Any], Reading[DeployedModel]]]:
    """The waiter of ``endpoints.wait_for_deployment(...)``, the endpoint it polls, and the reader of
    the deployment's state in the endpoint's status."""
    from .._waiting import Waiter, deployment_reader

    endpoint_id, deployment_id = deployment_target(first, deployment_id)
    subject = f"deployment {deployment_id!r} on endpoint {endpoint_id!r}"
    waiter = Waiter(subject, timeout=timeout, poll_interval=poll_interval, on_progress=on_progress)
    return waiter, endpoint_id, deployment_reader(deployment_id)
