"""Spec-driven validation: the mock validates parameters and bodies with the spec's own schemas."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from cerebras_management.testing import MockServer
from cerebras_management.testing._spec import SpecRouter, load_spec

TEMPLATE = "/management/v1/orgs/{org_name}/models/{model_arch_id}/versions/{version_id}"
JSON = {"content-type": "application/json"}


def strict_spec() -> dict[str, Any]:
    """The amended spec, with the documented alias-or-integer rule put on version_id and a query param."""
    spec = copy.deepcopy(load_spec())
    operation = spec["paths"][TEMPLATE]["delete"]
    for parameter in operation["parameters"]:
        if parameter["name"] == "version_id":
            parameter["schema"]["pattern"] = r"^([0-9]+|[a-z][a-zA-Z0-9-]{0,126}[a-z0-9])$"
    operation["parameters"].append(
        {"name": "force", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}}
    )
    return spec


@pytest.fixture
def strict_server() -> Any:
    with MockServer(spec=strict_spec()) as server:
        server.add_model_version("gpt-oss-120b", aliases=["prod"])
        yield server


def test_routes_come_from_the_spec() -> None:
    router = SpecRouter(load_spec())
    match = router.match("/management/v1/orgs/a/models/b%2Fc/versions/1")
    assert match is not None
    assert match.template == TEMPLATE
    assert match.path_params == {"org_name": "a", "model_arch_id": "b/c", "version_id": "1"}
    assert list(match.operations) == ["GET", "DELETE", "PATCH"]
    assert match.operations["DELETE"].operation_id == "deleteModelVersion"
    assert router.match("/management/v1/orgs/a/models/b/c/versions/1") is None  # a real slash: no route
    assert router.match("/management/v1/orgs/a/models/b/versions/1/extra") is None


def test_invalid_path_parameter_is_422_with_detail(strict_server: MockServer) -> None:
    url = strict_server.url + "/management/v1/orgs/my-org/models/gpt-oss-120b/versions/Not_Valid"
    response = httpx.delete(url, headers={"Authorization": f"Bearer {strict_server.api_key}"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["path", "version_id"]
    assert error["type"] == "pattern"
    assert "does not match" in error["msg"]


def test_invalid_query_parameter_is_422(strict_server: MockServer) -> None:
    url = strict_server.url + "/management/v1/orgs/my-org/models/gpt-oss-120b/versions/prod?force=-1"
    response = httpx.delete(url, headers={"Authorization": f"Bearer {strict_server.api_key}"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "force"]
    assert strict_server.has_model_version("gpt-oss-120b", "prod")  # nothing happened


def test_valid_request_passes_validation(strict_server: MockServer) -> None:
    url = strict_server.url + "/management/v1/orgs/my-org/models/gpt-oss-120b/versions/prod?force=1"
    response = httpx.delete(url, headers={"Authorization": f"Bearer {strict_server.api_key}"})
    assert response.status_code == 200


def test_auth_is_checked_before_validation(strict_server: MockServer) -> None:
    url = strict_server.url + "/management/v1/orgs/my-org/models/gpt-oss-120b/versions/Not_Valid"
    assert httpx.delete(url).status_code == 401


def test_request_body_is_validated_when_the_spec_has_one() -> None:
    spec = strict_spec()
    spec["paths"][TEMPLATE]["delete"]["requestBody"] = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["reason"],
                    "properties": {"reason": {"type": "string"}},
                }
            }
        },
    }
    router = SpecRouter(spec)
    match = router.match("/management/v1/orgs/o/models/m/versions/1")
    assert match is not None
    operation = match.operations["DELETE"]
    assert router.validate(operation, match.path_params, "", JSON, b'{"reason": "old"}') == []
    (missing,) = router.validate(operation, match.path_params, "", JSON, b"")
    assert missing["loc"] == ["body"]
    (wrong,) = router.validate(operation, match.path_params, "", JSON, b'{"reason": 1}')
    assert wrong["loc"] == ["body", "reason"]
    (broken,) = router.validate(operation, match.path_params, "", JSON, b"{not json")
    assert broken["type"] == "json_invalid"


def test_a_template_segment_can_hold_a_parameter_and_a_literal() -> None:
    router = SpecRouter(load_spec())
    deploy = router.match("/management/v1/endpoints/my-org-x%2Fy:deployModel")
    assert deploy is not None
    assert deploy.template == "/management/v1/endpoints/{endpoint_id}:deployModel"
    assert deploy.path_params == {"endpoint_id": "my-org-x/y"}
    get = router.match("/management/v1/endpoints/my-org-x")
    assert get is not None
    assert get.template == "/management/v1/endpoints/{endpoint_id}"
    upload = router.match("/management/v1/orgs/a/models:upload")
    assert upload is not None
    assert upload.template == "/management/v1/orgs/{org_name}/models:upload"
    assert router.match("/management/v1/orgs/a/models:uploads") is None
