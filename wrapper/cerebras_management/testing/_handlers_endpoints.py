"""Handlers of the ``endpoints`` operations: a `Call` in, (status, JSON) out.

``getEndpoint`` and ``deployModel`` carry no organization in their path: the endpoint's managing
organization must be the caller's (403 otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._state import Call

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["ENDPOINT_HANDLERS"]

Result = tuple[int, Any]


def list_endpoints(store: Store, call: Call) -> Result:
    """GET /orgs/{org_name}/endpoints."""
    return 200, store.endpoints.list_endpoints(call.params["org_name"])


def get_endpoint(store: Store, call: Call) -> Result:
    """GET /endpoints/{endpoint_id}."""
    return 200, store.endpoints.get_endpoint(call.org_name, call.params["endpoint_id"])


def deploy_model(store: Store, call: Call) -> Result:
    """POST /endpoints/{endpoint_id}:deployModel."""
    return 200, store.endpoints.deploy(call.org_name, call.params["endpoint_id"], call.body["model"])


ENDPOINT_HANDLERS = {
    "listEndpoints": list_endpoints,
    "getEndpoint": get_endpoint,
    "deployModel": deploy_model,
}
