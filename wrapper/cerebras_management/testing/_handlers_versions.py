"""Handlers of the ``models`` and ``model_versions`` operations: a `Call` in, (status, JSON) out.

Requests reach them authenticated (the path's organization is the caller's) and valid against the
spec; business rules answer through `ApiError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._state import Call

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["VERSION_HANDLERS"]

Result = tuple[int, Any]


def list_model_architectures(store: Store, call: Call) -> Result:
    """GET /orgs/{org_name}/models."""
    return 200, store.list_architectures(call.params["org_name"])


def list_model_versions(store: Store, call: Call) -> Result:
    """GET /orgs/{org_name}/models/{model_arch_id}/versions."""
    return 200, store.list_versions(call.params["org_name"], call.params["model_arch_id"])


def upload_model_version(store: Store, call: Call) -> Result:
    """POST /orgs/{org_name}/models:upload."""
    return 200, store.upload_version(call.params["org_name"], call.body)


def get_model_version(store: Store, call: Call) -> Result:
    """GET /orgs/{org_name}/models/{model_arch_id}/versions/{version_id}."""
    params = call.params
    return 200, store.get_version(params["org_name"], params["model_arch_id"], params["version_id"])


def set_model_version_aliases(store: Store, call: Call) -> Result:
    """PATCH /orgs/{org_name}/models/{model_arch_id}/versions/{version_id}: replaces the list."""
    params = call.params
    aliases = list(call.body["version_aliases"])
    return 200, store.set_aliases(params["org_name"], params["model_arch_id"], params["version_id"], aliases)


def delete_model_version(store: Store, call: Call) -> Result:
    """DELETE /orgs/{org_name}/models/{model_arch_id}/versions/{version_id}."""
    org, arch, ref = call.params["org_name"], call.params["model_arch_id"], call.params["version_id"]
    version_id = store.delete_version(org, arch, ref)
    if version_id is None:
        return 404, {"detail": f"Model version {ref!r} of {arch!r} not found"}
    if call.response_style == "documented-example":
        return 200, {"name": f"orgs/{org}/models/{arch}/versions/{version_id}", "deleted": True}
    return 200, {"message": f"Model version {version_id} deleted"}


VERSION_HANDLERS = {
    "listModelArchitectures": list_model_architectures,
    "listModelVersions": list_model_versions,
    "uploadModelVersion": upload_model_version,
    "getModelVersion": get_model_version,
    "setModelVersionAliases": set_model_version_aliases,
    "deleteModelVersion": delete_model_version,
}
