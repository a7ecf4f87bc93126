"""The mock server's own behaviour: auth, routing, state, response styles, recording."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import httpx
import pytest
from cerebras_management.testing import Fault, MockServer

PATH = "/management/v1/orgs/{org}/models/{arch}/versions/{version}"


def delete(
    server: MockServer,
    version: str,
    *,
    arch: str = "gpt-oss-120b",
    org: str | None = None,
    key: str | None = None,
    auth: bool = True,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key or server.api_key}"} if auth else {}
    url = server.url + PATH.format(org=org or server.org_name, arch=arch, version=version)
    return httpx.delete(url, headers=headers)


def test_delete_answers_the_schema_shape_then_404(mock_server: MockServer) -> None:
    version = mock_server.add_model_version("gpt-oss-120b")
    first = delete(mock_server, str(version))
    assert first.status_code == 200
    assert first.json() == {"message": f"Model version {version} deleted"}
    assert first.headers["content-type"] == "application/json"
    assert first.headers["x-request-id"]
    assert not mock_server.has_model_version("gpt-oss-120b", version)
    again = delete(mock_server, str(version))
    assert again.status_code == 404
    assert "detail" in again.json()


def test_ids_count_up_per_org_and_architecture(mock_server: MockServer) -> None:
    assert mock_server.add_model_version("a") == 1
    assert mock_server.add_model_version("a") == 2
    assert mock_server.add_model_version("b") == 1
    assert mock_server.add_model_version("a", org_name="other-org") == 1


def test_aliases_resolve_wherever_an_id_does(mock_server: MockServer) -> None:
    version = mock_server.add_model_version("gpt-oss-120b", aliases=["prod", "v2-candidate"])
    response = delete(mock_server, "v2-candidate")
    assert response.status_code == 200
    assert response.json() == {"message": f"Model version {version} deleted"}
    assert delete(mock_server, "prod").status_code == 404  # the version, with all its aliases, is gone
    assert delete(mock_server, str(version)).status_code == 404


def test_aliases_are_unique_per_org_and_architecture(mock_server: MockServer) -> None:
    mock_server.add_model_version("gpt-oss-120b", aliases=["prod"])
    with pytest.raises(ValueError, match="already used"):
        mock_server.add_model_version("gpt-oss-120b", aliases=["prod"])
    mock_server.add_model_version("llama3.1-8b", aliases=["prod"])  # another architecture: fine
    with pytest.raises(ValueError, match="does not match"):
        mock_server.add_model_version("gpt-oss-120b", aliases=["Not_An_Alias"])


def test_documented_example_style() -> None:
    with MockServer(response_style="documented-example") as server:
        version = server.add_model_version("gpt-oss-120b", aliases=["prod"])
        response = delete(server, "prod")
        assert response.status_code == 200
        assert response.json() == {
            "name": f"orgs/my-org/models/gpt-oss-120b/versions/{version}",
            "deleted": True,
        }


def test_unknown_response_style_is_refused() -> None:
    with pytest.raises(ValueError, match="response_style"):
        MockServer(response_style="nope")


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Not authenticated"),
        ({"Authorization": "Bearer wrong"}, "Invalid"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "Not authenticated"),
        ({"Authorization": "Bearer"}, "Not authenticated"),
    ],
)
def test_missing_or_wrong_key_is_401(mock_server: MockServer, headers: dict[str, str], detail: str) -> None:
    mock_server.add_model_version("gpt-oss-120b")
    url = mock_server.url + PATH.format(org="my-org", arch="gpt-oss-120b", version="1")
    response = httpx.delete(url, headers=headers)
    assert response.status_code == 401
    assert detail in response.json()["detail"]
    assert mock_server.has_model_version("gpt-oss-120b", 1)


def test_key_of_another_org_is_403(mock_server: MockServer) -> None:
    mock_server.add_model_version("gpt-oss-120b")
    other_key = mock_server.add_org("other-org")
    assert other_key != mock_server.api_key
    response = delete(mock_server, "1", key=other_key)
    assert response.status_code == 403
    assert mock_server.has_model_version("gpt-oss-120b", 1)
    # ... and that key works on its own org.
    mock_server.add_model_version("gpt-oss-120b", org_name="other-org")
    assert delete(mock_server, "1", org="other-org", key=other_key).status_code == 200


@pytest.mark.parametrize(
    ("org", "arch", "version"),
    [("no-such-org", "gpt-oss-120b", "1"), ("my-org", "no-such-arch", "1"), ("my-org", "gpt-oss-120b", "9")],
)
def test_unknown_org_architecture_or_version_is_404(
    mock_server: MockServer, org: str, arch: str, version: str
) -> None:
    mock_server.add_model_version("gpt-oss-120b")
    response = delete(mock_server, version, org=org, arch=arch)
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_unknown_path_is_404_and_other_method_is_405(mock_server: MockServer) -> None:
    headers = {"Authorization": f"Bearer {mock_server.api_key}"}
    assert httpx.get(mock_server.url + "/management/v1/nope", headers=headers).status_code == 404
    mock_server.add_model_version("gpt-oss-120b")
    url = mock_server.url + PATH.format(org="my-org", arch="gpt-oss-120b", version="1")
    for method in ("POST", "PUT", "OPTIONS"):
        response = httpx.request(method, url, headers=headers)
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET, DELETE, PATCH"
    assert mock_server.has_model_version("gpt-oss-120b", 1)


def test_encoded_slash_stays_inside_one_parameter(mock_server: MockServer) -> None:
    mock_server.add_model_version("org/arch")
    url = mock_server.url + "/management/v1/orgs/my-org/models/org%2Farch/versions/1"
    response = httpx.delete(url, headers={"Authorization": f"Bearer {mock_server.api_key}"})
    assert response.status_code == 200
    recorded = mock_server.requests[-1]
    assert recorded.raw_path == "/management/v1/orgs/my-org/models/org%2Farch/versions/1"
    assert recorded.path_params == {"org_name": "my-org", "model_arch_id": "org/arch", "version_id": "1"}


def test_requests_are_recorded(mock_server: MockServer) -> None:
    url = mock_server.url + "/management/v1/orgs/my-org/models/m%C3%A9/versions/x?y=1"
    httpx.request("DELETE", url, headers={"Authorization": f"Bearer {mock_server.api_key}"}, content=b"hi")
    httpx.get(mock_server.url + "/elsewhere")
    first, second = mock_server.requests
    assert first.method == "DELETE"
    assert first.raw_path == "/management/v1/orgs/my-org/models/m%C3%A9/versions/x"
    assert first.query_string == "y=1"
    assert first.path_params == {"org_name": "my-org", "model_arch_id": "mé", "version_id": "x"}
    assert first.operation_id == "deleteModelVersion"
    assert first.api_key == mock_server.api_key
    assert first.headers["authorization"] == f"Bearer {mock_server.api_key}"
    assert first.body == b"hi"
    assert (second.method, second.path_params, second.operation_id, second.api_key) == ("GET", {}, None, None)


def test_reset_clears_state_but_keeps_the_default_key(mock_server: MockServer) -> None:
    mock_server.add_model_version("gpt-oss-120b")
    other_key = mock_server.add_org("other-org")
    delete(mock_server, "9")
    mock_server.reset()
    assert mock_server.requests == []
    assert not mock_server.has_model_version("gpt-oss-120b", 1)
    assert delete(mock_server, "1").status_code == 404  # authenticated, but nothing there
    assert delete(mock_server, "1", org="other-org", key=other_key).status_code == 401
    assert mock_server.add_model_version("gpt-oss-120b") == 1


def test_fixed_key_and_two_servers_side_by_side() -> None:
    with MockServer(api_key="fixed-key", org_name="acme") as one, MockServer() as two:
        assert one.url != two.url
        assert one.api_key == "fixed-key"
        one.add_model_version("m")
        assert delete(one, "1", arch="m").status_code == 200
        assert delete(two, "1", arch="m", key="fixed-key").status_code == 401


def test_start_stop_start_again() -> None:
    server = MockServer()
    server.start()
    try:
        with pytest.raises(RuntimeError, match="already started"):
            server.start()
        assert httpx.get(server.url + "/").status_code == 404
    finally:
        server.stop()
    server.stop()  # idempotent
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/")
    with server:  # and it can start again
        assert httpx.get(server.url + "/").status_code == 404
    with pytest.raises(RuntimeError, match="not started"):
        _ = MockServer().url


def test_runs_standalone_as_a_module() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cerebras_management.testing",
            "--port",
            "0",
            "--api-key",
            "k",
            "--seed",
            "gpt-oss-120b:prod",
            "--endpoint",
            "my-ep:gpt-oss-120b",
            "--sync-after-reads",
            "3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        values = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
        base_url = values["CEREBRAS_MANAGEMENT_BASE_URL"]
        assert values["CEREBRAS_MANAGEMENT_API_KEY"] == "k"
        url = base_url + PATH.format(org=values["CEREBRAS_ORG_NAME"], arch="gpt-oss-120b", version="prod")
        response = httpx.delete(url, headers={"Authorization": "Bearer k"})
        assert response.status_code == 200
        assert response.json() == {"message": "Model version 1 deleted"}
        endpoint = httpx.get(
            base_url + "/management/v1/endpoints/my-ep", headers={"Authorization": "Bearer k"}
        )
        assert endpoint.status_code == 200
        assert endpoint.json()["model_arch_id"] == "gpt-oss-120b"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.stderr is not None
    logged = [line for line in process.stderr.read().splitlines() if " -> " in line]
    path = PATH.format(org="my-org", arch="gpt-oss-120b", version="prod")
    assert re.fullmatch(rf"DELETE {path} -> 200 in \d+\.\d ms \(req_[0-9a-f]{{32}}\)", logged[0]), logged
    assert re.fullmatch(
        r"GET /management/v1/endpoints/my-ep -> 200 in \d+\.\d ms \(req_[0-9a-f]{32}\)", logged[1]
    )
    assert len(logged) == 2


def test_the_request_log_names_method_path_status_and_request_id() -> None:
    log = io.StringIO()
    with MockServer(request_log=log) as server:
        server.inject(Fault.reset())
        with pytest.raises(httpx.TransportError):
            httpx.get(server.url + "/management/v1/orgs/my-org/models")
        answer = httpx.get(
            server.url + "/management/v1/orgs/my-org/models?page=2", headers={"Authorization": "Bearer x"}
        )
    dropped, refused = log.getvalue().splitlines()
    assert re.fullmatch(
        r"GET /management/v1/orgs/my-org/models -> no answer \(connection dropped\) in \d+\.\d ms", dropped
    )
    request_id = answer.headers["x-request-id"]
    assert re.fullmatch(
        rf"GET /management/v1/orgs/my-org/models\?page=2 -> 401 in \d+\.\d ms \({request_id}\)", refused
    )
    assert "Bearer" not in log.getvalue()


def test_quiet_turns_the_request_log_off() -> None:
    from cerebras_management.testing.__main__ import build_parser

    assert build_parser().parse_args([]).quiet is False
    assert build_parser().parse_args(["--quiet"]).quiet is True
