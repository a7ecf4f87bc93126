"""Drift mode: the mock answers as a server whose truth differs from the spec (``MockServer(drift=True)``).

A stand-in for the first contract run against a real server, so that recording a run, proposing
spec amendments and replaying it can be tested without one. Every deviation is deterministic (it
depends on the resource, never on chance or on the order of requests):

- every ``ModelVersionStatus`` (the ``response`` of a version, in lists, gets and uploads) carries an
  undocumented integer ``size_bytes``;
- ``created`` of ``Endpoint`` (the endpoint list) and ``EndpointStatus`` (one endpoint) is an ISO 8601
  string (``"2026-01-12T10:00:00Z"``) instead of the documented integer;
- ``ModelVersionStatus.system_fingerprint_suffix`` is ``null`` for a version that has none (instead
  of absent), a string for the others;
- ``ModelVersion.done``, which the spec requires, is left out while it would be ``false`` (as some
  long-running-operation APIs do);
- ``GET /endpoints/{endpoint_id}`` of an endpoint that has never had a deployment answers ``409``, a
  status the spec does not document for it, with ``{"error": {"code": ..., "message": ...}}``.

Everything else (the other properties, always present for every resource) is as the spec says.
Handlers are wrapped, not changed: `drifted` takes the operation handlers and returns new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ._state import Call

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["drifted"]

Handler = Callable[["Store", Call], tuple[int, Any]]


def _iso(timestamp: Any) -> Any:
    if not isinstance(timestamp, int):
        return timestamp
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _version(document: Any) -> Any:
    """One ``ModelVersion`` document, drifted."""
    if not isinstance(document, dict):
        return document
    drifted = dict(document)
    if drifted.get("done") is False:
        del drifted["done"]
    status = drifted.get("response")
    if isinstance(status, dict):
        status = dict(status)
        status.setdefault("system_fingerprint_suffix", None)
        name = str(drifted.get("name", ""))
        number = name.rsplit("/", 1)[-1]
        status["size_bytes"] = (int(number) if number.isdigit() else 1) * 1_048_576
        drifted["response"] = status
    return drifted


def _answer(operation_id: str, status: int, document: Any) -> tuple[int, Any]:
    if status != 200 or not isinstance(document, dict):
        return status, document
    if operation_id in ("getModelVersion", "uploadModelVersion"):
        return status, _version(document)
    if operation_id == "listModelVersions":
        return status, {
            **document,
            "model_versions": [_version(v) for v in document.get("model_versions", [])],
        }
    if operation_id == "listEndpoints":
        endpoints = [{**e, "created": _iso(e.get("created"))} for e in document.get("endpoints", [])]
        return status, {**document, "endpoints": endpoints}
    if operation_id == "getEndpoint":
        if not document.get("deployed_models"):
            message = f"endpoint {document.get('name')} has no deployment yet"
            return 409, {"error": {"code": "FAILED_PRECONDITION", "message": message}}
        return status, {**document, "created": _iso(document.get("created"))}
    return status, document


def drifted(handlers: Mapping[str, Handler]) -> dict[str, Handler]:
    """The handlers, each with its answer passed through the drift above."""

    def wrap(operation_id: str, handler: Handler) -> Handler:
        def drifting(store: Store, call: Call) -> tuple[int, Any]:
            status, document = handler(store, call)
            return _answer(operation_id, status, document)

        return drifting

    return {operation_id: wrap(operation_id, handler) for operation_id, handler in handlers.items()}
