"""The checks that also run against staging (CONTRACT_BASE_URL): real operations on real data.

Reads always run. Writes run against anything but the mock only with CONTRACT_ALLOW_WRITES=1, and
only on what the run creates or is given as disposable: PATCH (to the aliases a version already has)
and DELETE on CONTRACT_DISPOSABLE_VERSIONS; an upload (then get, PATCH, DELETE of that version) only
with CONTRACT_UPLOAD_WEIGHT_URI; a deploy only to CONTRACT_DISPOSABLE_ENDPOINT. Otherwise the test is
skipped and says why. No generated or probing request is sent here: each request is an operation of
the spec, validated by schemathesis with every check.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest
from contract_support import Target, call_and_validate, count_case, disposable_versions, load_schema

pytestmark = pytest.mark.contract

schema = load_schema()
OPERATIONS = {
    operation.ok().definition.raw["operationId"]: operation.ok() for operation in schema.get_all_operations()
}

_VERSIONS = disposable_versions() or [
    pytest.param(
        None,
        None,
        marks=pytest.mark.skip(
            reason="CONTRACT_DISPOSABLE_VERSIONS names no version: no PATCH or DELETE of an existing version"
        ),
    )
]


def send(
    target: Target,
    operation_id: str,
    body: Any = None,
    *,
    authenticated: bool = True,
    **path: str,
) -> Any:
    """Send one operation to the target, validate the answer with every check, count it."""
    operation = OPERATIONS[operation_id]
    params = {"org_name": target.org_name, **path} if "{org_name}" in operation.path else path
    kwargs: dict[str, Any] = {
        "path_parameters": {name: quote(value, safe="") for name, value in params.items()}
    }
    if body is not None:
        kwargs.update(body=body, media_type="application/json")
    response = call_and_validate(
        operation.Case(**kwargs), target.base_url, target.bearer if authenticated else {}
    )
    count_case(operation.label, "target", method=operation.method.upper(), status=response.status_code)
    return response


def _require_writes(target: Target, what: str) -> None:
    if not target.allow_writes:
        pytest.skip(f"CONTRACT_ALLOW_WRITES is not 1: no {what} is sent to {target.base_url}")


def _first_version(target: Target) -> tuple[str, str]:
    """(architecture, integer id) of the first version of the first architectures that have one."""
    for arch in send(target, "listModelArchitectures").json()["model_architectures"][:5]:
        versions = send(target, "listModelVersions", model_arch_id=arch).json()["model_versions"]
        if versions:
            return arch, versions[0]["name"].rsplit("/", 1)[1]
    pytest.skip(f"no model version to read in {target.org_name} on {target.base_url}")


# --- reads: always ------------------------------------------------------------------------------


def test_list_model_architectures(target: Target) -> None:
    assert send(target, "listModelArchitectures", authenticated=False).status_code == 401
    response = send(target, "listModelArchitectures")
    assert response.status_code == 200


def test_list_and_get_model_versions(target: Target) -> None:
    arch, version = _first_version(target)
    response = send(target, "getModelVersion", model_arch_id=arch, version_id=version)
    assert response.status_code == 200
    assert response.json()["name"].endswith(f"/models/{arch}/versions/{version}")


def test_list_and_get_endpoints(target: Target) -> None:
    endpoints = send(target, "listEndpoints").json()["endpoints"]
    if not endpoints:
        pytest.skip(f"no endpoint to read in {target.org_name} on {target.base_url}")
    endpoint_id = endpoints[0]["endpoint_id"]
    response = send(target, "getEndpoint", endpoint_id=endpoint_id)
    assert response.status_code == 200
    assert response.json()["name"] == endpoint_id


# --- writes: only what the run created or was given ------------------------------------------------


@pytest.mark.parametrize(("arch", "version"), _VERSIONS)
def test_set_aliases_of_a_disposable_version(target: Target, arch: str, version: str) -> None:
    _require_writes(target, "PATCH")
    current = send(target, "getModelVersion", model_arch_id=arch, version_id=version)
    assert current.status_code == 200
    aliases = current.json().get("response", {}).get("version_aliases") or []
    # The aliases it already has: the PATCH is checked, and the version ends as it was.
    response = send(
        target, "setModelVersionAliases", {"version_aliases": aliases}, model_arch_id=arch, version_id=version
    )
    assert response.status_code == 200
    assert response.json()["version_aliases"] == aliases


@pytest.mark.parametrize(("arch", "version"), _VERSIONS)
def test_delete_a_disposable_version(target: Target, arch: str, version: str) -> None:
    _require_writes(target, "DELETE")
    path = {"model_arch_id": arch, "version_id": version}
    # Without a key: rejected, and nothing is deleted (the authenticated DELETE below still succeeds).
    assert send(target, "deleteModelVersion", authenticated=False, **path).status_code == 401
    assert send(target, "deleteModelVersion", **path).status_code == 200
    assert send(target, "deleteModelVersion", **path).status_code == 404
    if target.server is not None:
        assert not target.server.has_model_version(arch, version)


def test_upload_then_get_set_aliases_and_delete_it(target: Target) -> None:
    _require_writes(target, "upload (POST)")
    if target.upload_weight_uri is None:
        pytest.skip(f"CONTRACT_UPLOAD_WEIGHT_URI is not set: no upload is sent to {target.base_url}")
    alias = f"contract-{uuid.uuid4().hex[:12]}"
    body = {
        "model_arch_id": target.upload_arch,
        "model": {"weight_uri": target.upload_weight_uri, "version_aliases": [alias]},
    }
    uploaded = send(target, "uploadModelVersion", body)
    assert uploaded.status_code == 200
    created = {"model_arch_id": target.upload_arch, "version_id": uploaded.json()["name"].rsplit("/", 1)[1]}
    try:
        by_alias = send(target, "getModelVersion", model_arch_id=target.upload_arch, version_id=alias)
        assert by_alias.status_code == 200
        assert by_alias.json()["name"] == uploaded.json()["name"]
        aliases = [alias, f"{alias}-b"]
        patched = send(target, "setModelVersionAliases", {"version_aliases": aliases}, **created)
        assert patched.status_code == 200
        assert patched.json()["version_aliases"] == aliases
    finally:
        assert send(target, "deleteModelVersion", **created).status_code == 200  # created by this run


def test_deploy_to_the_disposable_endpoint(target: Target) -> None:
    _require_writes(target, "deploy (POST)")
    if target.disposable_endpoint is None:
        pytest.skip(f"CONTRACT_DISPOSABLE_ENDPOINT is not set: no deploy is sent to {target.base_url}")
    endpoint = send(target, "getEndpoint", endpoint_id=target.disposable_endpoint)
    assert endpoint.status_code == 200
    arch = endpoint.json()["model_arch_id"]
    version = target.deploy_version
    if version is None:
        serving = [d for d in endpoint.json()["deployed_models"] if d.get("state") == "complete"]
        if not serving:
            pytest.skip(
                f"{target.disposable_endpoint} serves no version to redeploy: set CONTRACT_DEPLOY_VERSION"
            )
        version = serving[-1]["model"].rsplit("/", 1)[1]
    model = f"orgs/{target.org_name}/models/{arch}/versions/{version}"
    deployed = send(target, "deployModel", {"model": model}, endpoint_id=target.disposable_endpoint)
    assert deployed.status_code == 200
    after = send(target, "getEndpoint", endpoint_id=target.disposable_endpoint)
    assert after.status_code == 200
    if target.is_mock:
        assert deployed.json()["name"] in [d["id"] for d in after.json()["deployed_models"]]
