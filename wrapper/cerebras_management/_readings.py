"""One poll's answer of a wait, classified: running, succeeded or failed (see `_waiting`).

The spec lists no enums, so only ``done: true`` (a version) or ``complete`` (a deployed model) mean
success, only ``failed``/``error`` or an ``error`` object (whatever ``done`` or the state says) mean
failure, and every other state, unknown ones included, means "still running".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from cerebras_management_api.models.deployed_model import DeployedModel
    from cerebras_management_api.models.endpoint_status import EndpointStatus
    from cerebras_management_api.models.model_version import ModelVersion

FAILED_STATES = frozenset({"failed", "error"})
"""States (``sync_status``, ``state``; compared case-insensitively) that end a wait in failure."""
COMPLETE_STATES = frozenset({"complete"})
"""Deployed-model states that end a rollout wait in success."""

Outcome = Literal["running", "succeeded", "failed"]
StatusT = TypeVar("StatusT")


@dataclass(frozen=True)
class Reading(Generic[StatusT]):
    """One poll's answer, classified.

    Attributes:
        status: What the caller gets: the `ModelVersion` or the `DeployedModel`.
        state: The server's state string (``sync_status`` or ``state``), if it sent one.
        outcome: ``running`` (also for unknown states), ``succeeded`` or ``failed``.
        reason: Why it failed: the server's error message, else the failed state.
    """

    status: StatusT
    state: str | None
    outcome: Outcome
    reason: str | None = None


def error_message(properties: Mapping[str, Any]) -> str | None:
    """The message of an ``error`` object among a model's extra properties (None: no error).

    ``{"error": {"message": ...}}`` (the long-running-operation convention), ``{"error": "text"}``
    and any other non-null ``error`` value all count as an error.
    """
    error = properties.get("error")
    if error is None:
        return None
    if isinstance(error, Mapping):
        for key in ("message", "detail", "reason"):
            value = error.get(key)
            if isinstance(value, str) and value:
                return value
        return str(dict(error)) if error else "the server reported an error"
    return str(error) or "the server reported an error"


def _is_failed(state: str | None) -> bool:
    return state is not None and state.strip().lower() in FAILED_STATES


def read_version(version: ModelVersion) -> Reading[ModelVersion]:
    """Classify a model version: failed (a failed state, or an ``error`` object whatever ``done``
    says), done, or still syncing."""
    status = version.response
    state = status.sync_status if status is not None else None
    reason = error_message(version.additional_properties)
    if reason is None and status is not None:
        reason = error_message(status.additional_properties)
    if _is_failed(state) or reason is not None:
        return Reading(version, state, "failed", reason or f"sync_status {state!r}")
    if version.done is True:
        return Reading(version, state, "succeeded")
    return Reading(version, state, "running")


def read_deployment(endpoint: EndpointStatus, deployment_id: str) -> Reading[DeployedModel]:
    """Classify the deployed model with ``id == deployment_id`` in an endpoint's status.

    Until the endpoint lists the deployment its status is a `DeployedModel` with only the ``id``
    set (state None): still running.
    """
    for deployed in endpoint.deployed_models:
        if deployed.id == deployment_id:
            break
    else:
        from . import _generated as gen

        return Reading(gen.models.DeployedModel(id=deployment_id), None, "running")
    state = deployed.state
    reason = error_message(deployed.additional_properties)
    if _is_failed(state) or reason is not None:
        return Reading(deployed, state, "failed", reason or f"state {state!r}")
    if state is not None and state.strip().lower() in COMPLETE_STATES:
        return Reading(deployed, state, "succeeded")
    return Reading(deployed, state, "running")


def deployment_reader(deployment_id: str) -> Callable[[EndpointStatus], Reading[DeployedModel]]:
    """`read_deployment` bound to one deployment id (checked: a non-empty str)."""
    if not isinstance(deployment_id, str):
        raise TypeError(
            f"deployment_id must be a str (the deployment's name), not {type(deployment_id).__name__}"
        )
    if not deployment_id.strip():
        raise ValueError("deployment_id must not be empty: pass the `name` of the deploy result")
    return lambda endpoint: read_deployment(endpoint, deployment_id)
