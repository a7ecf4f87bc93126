"""Direction 2: the client conforms. Schemathesis draws cases of every operation; the wrapper (and the
generated client) send them to the mock; the mock's record is compared with the case and each
response is validated against the spec.

`case.path_parameters` arrive percent-encoded: they are unquoted before they reach a client, and the
mock's decoded record must give back exactly those values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import schemathesis
from cerebras_management import APIStatusError, ManagementClient
from cerebras_management.testing import MockServer
from cerebras_management_api import AuthenticatedClient
from cerebras_management_api.api.model_versions import delete_model_version
from contract_support import (
    DELETE_PATH,
    SEED_VERSIONS,
    cases,
    count_case,
    load_schema,
    seed,
    staging_url,
    validate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wrapper_calls import ALIAS, safe_segment, wrapper_accepts, wrapper_call

pytestmark = [
    pytest.mark.contract,
    pytest.mark.skipif(
        staging_url() is not None, reason="client-direction tests need the mock's request record"
    ),
]

schema = load_schema()
OPERATION = schema[DELETE_PATH]["DELETE"]
CASES = OPERATION.as_strategy(schemathesis.GenerationMode.POSITIVE, hooks=schema.hooks)
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SETTINGS = settings(
    max_examples=cases(150, 40), deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer() as running:
        yield running


class Captured:
    """Keeps the last response a client received (read), for validation against the spec."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []

    def hook(self, response: httpx.Response) -> None:
        response.read()
        self.responses.append(response)


def _decoded(case: schemathesis.Case) -> dict[str, str]:
    return {name: unquote(str(value)) for name, value in (case.path_parameters or {}).items()}


def _check_record(server: MockServer, decoded: dict[str, str]) -> None:
    (recorded,) = server.requests  # exactly one request: a 404/403 is not retried
    assert recorded.method == "DELETE"
    assert recorded.operation_id == "deleteModelVersion"
    assert recorded.path_params == decoded
    assert recorded.api_key == server.api_key
    assert recorded.headers["authorization"] == f"Bearer {server.api_key}"
    assert recorded.body == b""


@given(case=CASES)
@SETTINGS
def test_wrapper_sends_what_the_case_says(server: MockServer, case: schemathesis.Case) -> None:
    seed(server)
    decoded = _decoded(case)
    org, arch, version = decoded["org_name"], decoded["model_arch_id"], decoded["version_id"]
    captured = Captured()
    http_client = httpx.Client(base_url=server.url, event_hooks={"response": [captured.hook]})
    client = ManagementClient(
        api_key=server.api_key, org_name="unused-default-org", base_url=server.url, http_client=http_client
    )
    with client, http_client:
        if not wrapper_accepts(org, arch, version):
            with pytest.raises(ValueError, match=r"version_id|org_name|model_arch_id"):
                client.model_versions.delete(arch, version, org_name=org)
            assert server.requests == []  # refused before anything was sent
            count_case(OPERATION.label, "client: wrapper (refused)", method="DELETE", status=None, case=case)
            return
        try:
            result: Any = client.model_versions.delete(arch, version, org_name=org)
        except APIStatusError as exc:
            result = exc
    _check_record(server, decoded)
    (response,) = captured.responses
    validate(case, response, checks=RESPONSE_CHECKS)
    if response.status_code == 200:
        assert result.deleted is True
        assert result.request_id == response.headers["x-request-id"]
        assert not server.has_model_version(arch, version, org_name=org)
    else:
        assert isinstance(result, APIStatusError)
        assert result.status_code == response.status_code
    count_case(OPERATION.label, "client: wrapper", method="DELETE", status=response.status_code, case=case)


OTHER_OPERATIONS = sorted(
    operation["operationId"]
    for path_item in schema.raw_schema["paths"].values()
    for operation in path_item.values()
    if isinstance(operation, dict) and operation.get("operationId") not in (None, "deleteModelVersion")
)
_NAME_PART = st.text(st.characters(codec="utf-8", exclude_characters="/"), max_size=12)
_VERSION = st.one_of(
    st.sampled_from(SEED_VERSIONS),  # the seeded versions, so that some deploys succeed
    st.integers(0, 10**6).map(str),
    st.from_regex(ALIAS, fullmatch=True),
    st.text(max_size=6),
)


def _model_names(server: MockServer) -> st.SearchStrategy[str]:
    """Resource names for deploy: drawn parts, or (one in two) a seeded version of the seeded org."""
    org = st.one_of(st.just(server.org_name), _NAME_PART)
    arch = st.one_of(st.just("gpt-oss-120b"), _NAME_PART)
    drawn = st.builds(lambda o, a, v: f"orgs/{o}/models/{a}/versions/{v}", org, arch, _VERSION)
    seeded = st.sampled_from(SEED_VERSIONS).map(
        lambda v: f"orgs/{server.org_name}/models/gpt-oss-120b/versions/{v}"
    )
    return st.one_of(seeded, drawn)


def _documented(body: dict[str, Any], request_body: dict[str, Any]) -> dict[str, Any]:
    """`body` without the properties its schema does not document (at every object level)."""
    return _strip(body, request_body["content"]["application/json"]["schema"])


def _strip(value: Any, node: dict[str, Any]) -> Any:
    if "$ref" in node:
        target: Any = schema.raw_schema
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    if not isinstance(value, dict) or "properties" not in node:
        return value
    return {
        key: _strip(item, node["properties"][key]) for key, item in value.items() if key in node["properties"]
    }


def test_every_operation_is_driven_in_the_wrapper_direction() -> None:
    assert len(OTHER_OPERATIONS) == 8


@pytest.mark.parametrize("operation_id", OTHER_OPERATIONS)
@given(data=st.data())
@settings(max_examples=cases(100), deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_wrapper_sends_what_the_case_says_for_every_operation(
    server: MockServer, operation_id: str, data: st.DataObject
) -> None:
    seed(server)
    operation = schema.find_operation_by_id(operation_id)
    case = data.draw(operation.as_strategy(schemathesis.GenerationMode.POSITIVE, hooks=schema.hooks))
    if isinstance(case.body, dict):
        # The wrapper sends documented fields only (the schemas allow others), and always the weights.
        case.body = _documented(case.body, operation.definition.raw["requestBody"])
        if operation_id == "uploadModelVersion" and "weight_uri" not in case.body["model"]:
            case.body["model"]["weight_uri"] = data.draw(st.text(max_size=20), label="weight_uri")
    if operation_id == "deployModel" and isinstance(case.body, dict):
        # The wrapper builds `model` from its parts: draw names of that shape (a random string is not one).
        case.body = {**case.body, "model": data.draw(_model_names(server))}
    decoded = _decoded(case)
    planned = wrapper_call(operation_id, decoded, case.body)
    label, method = operation.label, operation.method.upper()
    if planned.call is None:
        count_case(label, "client: wrapper (not expressible)", method=method, status=None, case=case)
        return
    captured = Captured()
    http_client = httpx.Client(base_url=server.url, event_hooks={"response": [captured.hook]})
    client = ManagementClient(
        api_key=server.api_key, org_name="unused-default-org", base_url=server.url, http_client=http_client
    )
    with client, http_client:
        if planned.refused:
            with pytest.raises((ValueError, TypeError)):
                planned.call(client)
            assert server.requests == []  # refused before anything was sent
            count_case(label, "client: wrapper (refused)", method=method, status=None, case=case)
            return
        try:
            result: Any = planned.call(client)
        except APIStatusError as exc:
            result = exc
    (recorded,) = server.requests  # exactly one request: no 4xx is retried, the mock sends no 5xx
    assert recorded.method == method
    assert recorded.operation_id == operation_id
    assert recorded.path_params == decoded
    assert recorded.api_key == server.api_key
    assert recorded.headers["authorization"] == f"Bearer {server.api_key}"
    if planned.body is None:
        assert recorded.body == b""
    else:
        assert recorded.headers["content-type"] == "application/json"
        assert json.loads(recorded.body) == planned.body
    (response,) = captured.responses
    validate(case, response, checks=RESPONSE_CHECKS)
    if response.status_code == 200:
        assert planned.result is not None
        items = result if planned.is_list else [result]
        assert isinstance(items, list)
        assert all(isinstance(item, planned.result) for item in items)
    else:
        assert isinstance(result, APIStatusError)
        assert result.status_code == response.status_code
    count_case(label, "client: wrapper", method=method, status=response.status_code, case=case)


@given(case=CASES)
@SETTINGS
def test_generated_client_sends_what_the_case_says(server: MockServer, case: schemathesis.Case) -> None:
    seed(server)
    decoded = _decoded(case)
    # The generated client has no guard against segments that httpx rewrites: the wrapper
    # adds it. Everything else must arrive exactly as given.
    if not all(safe_segment(value) for value in decoded.values()):
        count_case(OPERATION.label, "client: generated (skipped)", method="DELETE", status=None, case=case)
        return
    client = AuthenticatedClient(base_url=server.url, token=server.api_key)
    with client:
        response = delete_model_version.sync_detailed(client=client, **decoded)
    _check_record(server, decoded)
    raw = httpx.Response(
        int(response.status_code),
        headers=response.headers,
        content=response.content,
        request=httpx.Request("DELETE", server.url + server.requests[0].raw_path),
    )
    raw.elapsed = timedelta(0)  # schemathesis reads it; a hand-built response has none
    validate(case, raw, checks=RESPONSE_CHECKS)
    count_case(OPERATION.label, "client: generated", method="DELETE", status=raw.status_code, case=case)


@pytest.mark.parametrize("version", ["prod", "1", 2])
def test_wrapper_result_for_a_real_version(server: MockServer, version: str | int) -> None:
    seed(server)
    with ManagementClient(api_key=server.api_key, org_name="my-org", base_url=server.url) as client:
        result = client.model_versions.delete("gpt-oss-120b", version)
    assert result.deleted is True
    assert result.message is not None
    assert result.message.startswith("Model version ")
    assert server.requests[0].path_params["version_id"] == str(version)


def test_some_drawn_cases_reach_real_versions() -> None:
    # The strategy mixes seeded ids into the drawn path parameters; without that nearly every case
    # would be a 404 and the 200 schema would go unchecked.
    @given(case=CASES)
    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def draw(case: schemathesis.Case) -> None:
        seen.add(_decoded(case)["version_id"] in ("1", "2", "prod"))

    seen: set[bool] = set()
    draw()
    assert seen == {True, False}
