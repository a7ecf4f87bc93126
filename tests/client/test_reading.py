"""Reading 2xx bodies into the generated models: extras kept, nulls as None, and typed errors that
name the schema and the field for bodies the model cannot read (never a bare KeyError/TypeError)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from cerebras_management import APIResponseValidationError, ManagementClient
from cerebras_management.testing import Fault, MockServer
from cerebras_management.types import EndpointStatus, ModelVersion, ModelVersionStatus
from client_support import run_async
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ARCH = "gpt-oss-120b"
NAME = f"orgs/my-org/models/{ARCH}/versions/1"

#: Every reading method, with arguments that pass validation (the body is injected).
CALLS: dict[str, Callable[[ManagementClient], Any]] = {
    "models.list": lambda c: c.models.list(),
    "model_versions.list": lambda c: c.model_versions.list(ARCH),
    "model_versions.get": lambda c: c.model_versions.get(ARCH, 1),
    "model_versions.upload": lambda c: c.model_versions.upload(ARCH, "s3://bucket/weights/"),
    "model_versions.set_aliases": lambda c: c.model_versions.set_aliases(ARCH, 1, ["prod"]),
    "endpoints.list": lambda c: c.endpoints.list(),
    "endpoints.get": lambda c: c.endpoints.get("my-org-gpt-oss-120b"),
    "endpoints.deploy": lambda c: c.endpoints.deploy("my-org-gpt-oss-120b", ARCH, 1),
}


def _answer(server: MockServer, document: object) -> None:
    server.inject(Fault.body(200, json.dumps(document).encode()))


def test_extra_fields_are_kept_and_never_an_error(
    shared_client: ManagementClient, server: MockServer
) -> None:
    _answer(
        server,
        {
            "name": NAME,
            "done": True,
            "response": {"sync_status": "a_state_not_seen_yet", "version_aliases": ["prod"], "new": {"x": 1}},
            "operation_metadata": [1, 2],
        },
    )
    version = shared_client.model_versions.get(ARCH, 1)
    assert isinstance(version, ModelVersion)
    assert version.done is True
    assert isinstance(version.response, ModelVersionStatus)
    assert version.response.sync_status == "a_state_not_seen_yet"
    assert version.response.additional_properties == {"new": {"x": 1}}
    assert version["operation_metadata"] == [1, 2]


@pytest.mark.parametrize(
    "response", [None, {}, {"customer_s3_uri": None, "version_aliases": None, "sync_status": None}]
)
def test_absent_and_null_optional_fields_read_as_none(
    shared_client: ManagementClient, server: MockServer, response: object
) -> None:
    _answer(server, {"name": NAME, "done": False, "response": response})
    version = shared_client.model_versions.get(ARCH, 1)
    if response is None:
        assert version.response is None
    else:
        assert version.response is not None
        assert version.response.customer_s3_uri is None
        assert version.response.version_aliases is None
        assert version.response.sync_status is None


@pytest.mark.parametrize(
    ("call", "document", "schema", "field", "expected"),
    [
        ("model_versions.get", {"done": True}, "ModelVersion", "name", "required"),
        ("model_versions.get", {"name": NAME, "done": "yes"}, "ModelVersion", "done", "a boolean"),
        ("model_versions.get", {"name": None, "done": True}, "ModelVersion", "name", "a string"),
        ("model_versions.get", {"name": NAME, "done": True, "response": "queued"}, "ModelVersion", "response",
         "ModelVersionStatus object"),
        ("model_versions.get", {"name": NAME, "done": True, "response": {"version_aliases": "prod"}},
         "ModelVersion", "response.version_aliases", "an array"),
        ("model_versions.get", {"name": NAME, "done": True, "response": {"version_aliases": ["a", 7]}},
         "ModelVersion", "response.version_aliases[1]", "a string"),
        ("model_versions.list", {"model_versions": [{"name": NAME, "done": True}, {"name": 5, "done": True}]},
         "ModelVersionList", "model_versions[1].name", "a string"),
        ("model_versions.list", {"model_versions": {"name": NAME}}, "ModelVersionList", "model_versions",
         "an array"),
        ("model_versions.list", {}, "ModelVersionList", "model_versions", "required"),
        ("models.list", {"model_architectures": "gpt-oss-120b"}, "ModelArchitectureList",
         "model_architectures", "an array"),
        ("model_versions.set_aliases", {"name": NAME}, "ModelVersionAliases", "version_aliases", "required"),
        ("endpoints.get", {"name": "e", "model_arch_id": ARCH, "created": 1, "updated": 2}, "EndpointStatus",
         "deployed_models", "required"),
        ("endpoints.get", {"name": "e", "model_arch_id": ARCH, "created": "yesterday", "updated": 2,
                           "deployed_models": []}, "EndpointStatus", "created", "an integer"),
        ("endpoints.get", {"name": "e", "model_arch_id": ARCH, "created": 1, "updated": 2,
                           "deployed_models": [{"state": ["complete"]}]},
         "EndpointStatus", "deployed_models[0].state", "a string"),
        ("endpoints.list", {"endpoints": [{"created": True}]}, "EndpointList", "endpoints[0].created",
         "an integer"),
        ("endpoints.deploy", {"done": False}, "Deployment", "name", "required"),
        ("model_versions.upload", {"name": NAME, "done": 1}, "ModelVersion", "done", "a boolean"),
    ],
)  # fmt: skip
def test_unreadable_body_names_the_schema_and_the_field(
    shared_client: ManagementClient,
    server: MockServer,
    call: str,
    document: dict[str, Any],
    schema: str,
    field: str,
    expected: str,
) -> None:
    _answer(server, document)
    with pytest.raises(APIResponseValidationError) as raised:
        CALLS[call](shared_client)
    error = raised.value
    assert error.schema == schema
    assert error.field == field
    assert error.body == document
    assert error.status_code == 200
    assert f"{schema}.{field}" in str(error)
    assert expected in str(error)
    is_write = call.endswith(("upload", "deploy", "set_aliases"))  # POST, POST, PATCH
    assert error.applied is is_write
    assert ("The request was applied" in str(error)) is is_write


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'"text"', b"null"])
def test_a_body_that_is_not_an_object_is_a_validation_error(
    shared_client: ManagementClient, server: MockServer, body: bytes
) -> None:
    server.inject(Fault.body(200, body))
    with pytest.raises(APIResponseValidationError):
        shared_client.model_versions.get(ARCH, 1)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    ["name", "done", "response", "model_versions", "model_architectures", "version_aliases", "endpoints",
     "model_arch_id", "deployed_models", "created", "updated", "sync_status", "state", "x"]
)  # fmt: skip
_BODIES = st.dictionaries(_KEYS, _JSON | st.dictionaries(_KEYS, _JSON, max_size=4), max_size=6)


@given(call=st.sampled_from(sorted(CALLS)), document=_BODIES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_object_body_gives_a_result_or_a_validation_error(
    shared_client: ManagementClient, module_server: MockServer, call: str, document: dict[str, Any]
) -> None:
    module_server.inject(Fault.body(200, json.dumps(document).encode()))
    error: APIResponseValidationError | None = None
    try:
        CALLS[call](shared_client)
    except APIResponseValidationError as raised:
        error = raised
    if error is not None:
        assert error.body == document
        assert error.schema is not None
        assert error.schema in str(error)


def test_async_client_reads_the_same_way(server: MockServer) -> None:
    document = {
        "name": "my-org-gpt-oss-120b",
        "model_arch_id": ARCH,
        "deployed_models": [{"id": "d1", "state": "complete", "extra": True}],
        "created": 1,
        "updated": 2,
    }
    _answer(server, document)
    status = run_async(server, lambda client: client.endpoints.get("my-org-gpt-oss-120b"))
    assert isinstance(status, EndpointStatus)
    assert status.deployed_models[0].state == "complete"
    assert status.deployed_models[0].additional_properties == {"extra": True}
    assert status.managing_org_name is None
    _answer(server, {"name": "e"})
    with pytest.raises(APIResponseValidationError, match=r"EndpointStatus\.model_arch_id"):
        run_async(server, lambda client: client.endpoints.get("e"))
