"""The checks that also run against staging (CONTRACT_BASE_URL): real operations on real data.

Reads always run, and read everything up to a cap (every architecture, CONTRACT_READ_CAP versions
of each, every endpoint), reporting every nonconforming answer at the end. Writes run against
anything but the mock only with CONTRACT_ALLOW_WRITES=1, and only on what the run creates or is
given as disposable: PATCH (to the aliases a version already has) and DELETE on
CONTRACT_DISPOSABLE_VERSIONS; an upload (then get, PATCH, DELETE of that version) only with
CONTRACT_UPLOAD_WEIGHT_URI; a deploy only to CONTRACT_DISPOSABLE_ENDPOINT. Otherwise the test is
skipped and says why. No generated or probing request is sent here: each request is an operation of
the spec, validated by schemathesis with every check.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest
from contract_support import (
    READ_CAP,
    Target,
    call_and_validate,
    count_case,
    disposable_versions,
    load_schema,
    validate,
)

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
    problems: list[str] | None = None,
    **path: str,
) -> Any:
    """Send one operation to the target, validate the answer with every check, count it.

    ``problems``: add a nonconformance to this list instead of raising it (the read phase reads on,
    so that one run judges every resource, and fails at the end naming each).
    """
    operation = OPERATIONS[operation_id]
    params = {"org_name": target.org_name, **path} if "{org_name}" in operation.path else path
    kwargs: dict[str, Any] = {
        "path_parameters": {name: quote(value, safe="") for name, value in params.items()}
    }
    if body is not None:
        kwargs.update(body=body, media_type="application/json")
    case = operation.Case(**kwargs)
    headers = target.bearer if authenticated else {}
    if problems is None:
        response = call_and_validate(case, target.base_url, headers)
    else:
        response = case.call(base_url=target.base_url, headers=headers)
        try:
            validate(case, response, headers=headers)
        except AssertionError as error:
            problems.append(str(error).split("\n\n", 1)[0])
    count_case(operation.label, "target", method=operation.method.upper(), status=response.status_code)
    return response


def _json(response: Any) -> Any:
    """The body as JSON, or None (a body that is not JSON is already a reported problem)."""
    try:
        return response.json()
    except ValueError:
        return None


def _field(document: Any, name: str) -> list[Any]:
    value = document.get(name) if isinstance(document, dict) else None
    return value if isinstance(value, list) else []


def _report(problems: list[str], read: int, what: str, target: Target) -> None:
    assert not problems, f"{len(problems)} nonconforming answer(s) of {read} {what}:\n" + "\n".join(problems)
    if read == 0:
        pytest.skip(f"no {what} to read in {target.org_name} on {target.base_url}")


def _require_writes(target: Target, what: str) -> None:
    if not target.allow_writes:
        pytest.skip(f"CONTRACT_ALLOW_WRITES is not 1: no {what} is sent to {target.base_url}")


# --- reads: always ------------------------------------------------------------------------------


def test_list_model_architectures(target: Target) -> None:
    assert send(target, "listModelArchitectures", authenticated=False).status_code == 401
    response = send(target, "listModelArchitectures")
    assert response.status_code == 200


def test_list_and_get_model_versions(target: Target) -> None:
    """Every architecture, up to READ_CAP versions of each, each version read once."""
    problems: list[str] = []
    architectures = _field(
        _json(send(target, "listModelArchitectures", problems=problems)), "model_architectures"
    )
    read = 0
    for arch in architectures:
        listed = send(target, "listModelVersions", problems=problems, model_arch_id=arch)
        names = [v.get("name") for v in _field(_json(listed), "model_versions") if isinstance(v, dict)]
        for name in [n for n in names if isinstance(n, str) and "/versions/" in n][:READ_CAP]:
            version = name.rsplit("/", 1)[1]
            got = send(target, "getModelVersion", problems=problems, model_arch_id=arch, version_id=version)
            read += 1
            if got.status_code != 200:
                problems.append(f"GET version {version} of {arch} (listed) -> {got.status_code}")
            elif (_json(got) or {}).get("name") != name:
                problems.append(
                    f"GET version {version} of {arch}: name {(_json(got) or {}).get('name')!r} != {name!r}"
                )
    _report(problems, read, "model versions", target)


def test_list_and_get_endpoints(target: Target) -> None:
    """Every endpoint of the organization, each read once."""
    problems: list[str] = []
    endpoints = _field(_json(send(target, "listEndpoints", problems=problems)), "endpoints")
    read = 0
    for endpoint_id in [e.get("endpoint_id") for e in endpoints if isinstance(e, dict)]:
        if not isinstance(endpoint_id, str):
            continue
        response = send(target, "getEndpoint", problems=problems, endpoint_id=endpoint_id)
        read += 1
        if response.status_code != 200:
            problems.append(f"GET endpoint {endpoint_id} (listed) -> {response.status_code}")
        elif (_json(response) or {}).get("name") != endpoint_id:
            problems.append(f"GET endpoint {endpoint_id}: name {(_json(response) or {}).get('name')!r}")
    _report(problems, read, "endpoints", target)


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
