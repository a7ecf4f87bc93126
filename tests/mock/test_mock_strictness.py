"""The mock refuses what the spec forbids: trailing newlines, non-JSON bodies, absurdly deep JSON.

Every answer, errors and faults included, carries an ``x-request-id``.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest
from cerebras_management.testing import Fault, MockServer
from cerebras_management.testing._spec import SpecRouter, load_spec

ARCH = "gpt-oss-120b"
UPLOAD = "/orgs/my-org/models:upload"
VERSION_1 = f"/orgs/my-org/models/{ARCH}/versions/1"
UPLOAD_BODY = {"model_arch_id": ARCH, "model": {"weight_uri": "s3://bucket/weights"}}


def test_alias_with_a_trailing_newline_is_refused(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)
    response = http.patch(VERSION_1, json={"version_aliases": ["ab\n"]})
    assert response.status_code == 422
    assert response.json() == {"detail": "alias 'ab\\n' does not match ^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$"}
    assert mock_server.model_version(ARCH, 1)["response"]["version_aliases"] == []


def test_seeding_an_alias_with_a_trailing_newline_is_refused(mock_server: MockServer) -> None:
    with pytest.raises(ValueError, match=r"alias 'prod\\n' does not match"):
        mock_server.add_model_version(ARCH, aliases=["prod\n"])


def test_spec_patterns_must_match_the_whole_value() -> None:
    spec = copy.deepcopy(load_spec())
    template = "/management/v1/orgs/{org_name}/models/{model_arch_id}/versions/{version_id}"
    operation = spec["paths"][template]["delete"]
    for parameter in operation["parameters"]:
        if parameter["name"] == "version_id":
            parameter["schema"]["pattern"] = r"^[a-z]+$"
    router = SpecRouter(spec)
    delete = router.match("/management/v1/orgs/o/models/a/versions/x").operations["DELETE"]  # type: ignore[union-attr]
    assert (
        router.validate(delete, {"org_name": "o", "model_arch_id": "a", "version_id": "ab"}, "", {}, b"")
        == []
    )
    errors = router.validate(
        delete, {"org_name": "o", "model_arch_id": "a", "version_id": "ab\n"}, "", {}, b""
    )
    assert [(error["loc"], error["type"]) for error in errors] == [(["path", "version_id"], "pattern")]


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_a_body_that_is_not_declared_json_is_422(
    mock_server: MockServer, content_type: str | None, http: httpx.Client
) -> None:
    body = json.dumps(UPLOAD_BODY).encode()
    headers = {} if content_type is None else {"Content-Type": content_type}
    response = http.post(UPLOAD, content=body, headers=headers)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["header", "content-type"]
    assert error["type"] == "content_type"
    sent = "none" if content_type is None else repr(content_type)
    assert error["msg"] == f"the body must be sent as Content-Type: application/json, not {sent}"
    assert not mock_server.has_model_version(ARCH, 1)


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_content_types_are_accepted(
    mock_server: MockServer, content_type: str, http: httpx.Client
) -> None:
    body = json.dumps(UPLOAD_BODY).encode()
    response = http.post(UPLOAD, content=body, headers={"Content-Type": content_type})
    assert response.status_code == 200, response.text
    assert mock_server.has_model_version(ARCH, 1)


@pytest.mark.parametrize("depth", [100_000, 1_000_000])
def test_a_deeply_nested_body_is_422_not_500(http: httpx.Client, depth: int) -> None:
    body = b"[" * depth + b"]" * depth
    response = http.post(UPLOAD, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body"]
    assert error["type"] == "json_invalid"
    assert error["msg"] == "Invalid JSON: nested too deeply"


def test_a_deeply_nested_value_inside_a_valid_object_is_422(http: httpx.Client) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    body = (
        '{"model_arch_id": "' + ARCH + '", "model": {"weight_uri": "s3://b/w", "x": ' + deep + "}}"
    ).encode()
    response = http.post(UPLOAD, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Invalid JSON: nested too deeply"


def _answers(server: MockServer) -> list[httpx.Response]:
    key = {"Authorization": f"Bearer {server.api_key}"}
    root = server.url + "/management/v1"
    answers = [
        httpx.get(f"{root}/orgs/my-org/models", headers=key),  # 200
        httpx.get(f"{root}/orgs/my-org/models"),  # 401
        httpx.get(f"{root}/orgs/other/models", headers=key),  # 404 organization
        httpx.get(f"{root}/nowhere", headers=key),  # 404 route
        httpx.put(f"{root}/orgs/my-org/models", headers=key),  # 405
        httpx.post(f"{root}{UPLOAD}", headers=key, json={}),  # 422
        httpx.get(f"{root}/orgs/my-org/models/{ARCH}/versions/9", headers=key),  # 404 version
    ]
    for fault in (
        Fault.status(503, retry_after="1"),
        Fault.empty(500),
        Fault.html(502),
        Fault.malformed_json(200),
        Fault.echo_authorization(401),
    ):
        server.inject(fault)
        answers.append(httpx.get(f"{root}/orgs/my-org/models", headers=key))
    return answers


def test_every_answer_carries_a_request_id(mock_server: MockServer) -> None:
    answers = _answers(mock_server)
    assert [answer.status_code for answer in answers] == [
        200,
        401,
        404,
        404,
        405,
        422,
        404,
        503,
        500,
        502,
        200,
        401,
    ]
    ids = [answer.headers.get("x-request-id", "") for answer in answers]
    assert all(len(value) == 36 and value.startswith("req_") for value in ids), ids
    assert len(set(ids)) == len(ids)


def test_an_unexpected_error_in_a_handler_is_a_json_500_with_a_request_id(
    mock_server: MockServer, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Any:
        raise RuntimeError("bug in the mock")

    monkeypatch.setitem(mock_server._app.handlers, "listModelArchitectures", broken)
    response = http.get("/orgs/my-org/models")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "The mock server (cerebras_management.testing) failed: RuntimeError: bug in the mock. "
        "This is a bug in the mock or in how it was set up, not an answer the API gives."
    }
    assert response.headers["x-mock-error"] == "RuntimeError"
    assert response.headers["x-request-id"].startswith("req_")
