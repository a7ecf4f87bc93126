"""Endpoints and deployments: list, get, deploy, and their error answers."""

from __future__ import annotations

import uuid

import httpx
import pytest
from cerebras_management.testing import MockServer
from conftest import api

ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"  # seeded
MODEL = "orgs/my-org/models/gpt-oss-120b/versions/{}"


def deploy(http: httpx.Client, model: str, endpoint: str = ENDPOINT) -> httpx.Response:
    return http.post(f"/endpoints/{endpoint}:deployModel", json={"model": model})


# --- list and get -----------------------------------------------------------------------------


def test_endpoints_are_seeded_per_architecture(http: httpx.Client) -> None:
    response = http.get("/orgs/my-org/endpoints")
    assert response.status_code == 200
    endpoints = response.json()["endpoints"]
    assert [(e["endpoint_id"], e["model_arch_id"], e["org_name"]) for e in endpoints] == [
        ("my-org-gpt-oss-120b", "gpt-oss-120b", "my-org"),
        ("my-org-llama3.1-8b", "llama3.1-8b", "my-org"),
    ]
    assert all(isinstance(e["created"], int) and e["updated"] >= e["created"] for e in endpoints)


def test_added_endpoints_are_listed_only_for_their_org(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_endpoint("my-extra", "llama3.1-8b")
    mock_server.add_endpoint("theirs", ARCH, org_name="other-org")
    ids = [e["endpoint_id"] for e in http.get("/orgs/my-org/endpoints").json()["endpoints"]]
    assert ids == ["my-org-gpt-oss-120b", "my-org-llama3.1-8b", "my-extra"]
    assert http.get("/orgs/other-org/endpoints").status_code == 403
    with pytest.raises(ValueError, match="already exists"):
        mock_server.add_endpoint("theirs", ARCH)


def test_no_seeded_endpoints_when_asked() -> None:
    with MockServer(seed_endpoints=False) as server, api(server) as http:
        assert http.get("/orgs/my-org/endpoints").json() == {"endpoints": []}


def test_get_endpoint(http: httpx.Client) -> None:
    response = http.get(f"/endpoints/{ENDPOINT}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == ENDPOINT
    assert body["model_arch_id"] == ARCH
    assert body["deployed_models"] == []
    assert body["managing_org_name"] == "my-org"
    assert isinstance(body["created"], int)
    assert isinstance(body["updated"], int)


def test_get_of_a_missing_endpoint_is_404_and_another_orgs_403(
    mock_server: MockServer, http: httpx.Client
) -> None:
    mock_server.add_endpoint("theirs", ARCH, org_name="other-org")
    missing = http.get("/endpoints/nope")
    assert missing.status_code == 404
    assert "'nope'" in missing.json()["detail"]
    assert http.get("/endpoints/theirs").status_code == 403
    assert httpx.get(mock_server.url + f"/management/v1/endpoints/{ENDPOINT}").status_code == 401


def test_deploy_verb_is_part_of_the_path_and_an_encoded_colon_is_not(http: httpx.Client) -> None:
    response = http.get(f"/endpoints/{ENDPOINT}:deployModel")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    encoded = http.get(f"/endpoints/{ENDPOINT}%3AdeployModel")  # an endpoint id with a colon in it
    assert encoded.status_code == 404
    assert f"'{ENDPOINT}:deployModel'" in encoded.json()["detail"]


# --- deploy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["1", "prod"])
def test_deploy_returns_the_deployment_envelope(
    mock_server: MockServer, http: httpx.Client, ref: str
) -> None:
    mock_server.add_model_version(ARCH, aliases=["prod"])
    response = deploy(http, MODEL.format(ref))
    assert response.status_code == 200
    body = response.json()
    deployment_id = body["name"]
    assert uuid.UUID(deployment_id)
    assert body["done"] is False
    metadata = body["response"]
    assert metadata["deployment_id"] == deployment_id
    assert metadata["endpoint_id"] == ENDPOINT
    assert metadata["org_name"] == "my-org"
    assert metadata["model_arch_id"] == ARCH
    assert metadata["version_id"] == 1
    assert metadata["rollout_status"] == "not_started"
    assert isinstance(metadata["created"], int)
    (entry,) = mock_server.endpoint(ENDPOINT)["deployed_models"]
    assert entry == {
        "id": deployment_id,
        "model": MODEL.format(1),
        "version_alias": "prod",
        "created": metadata["created"],
        "state": "not_started",
    }


def test_deploy_errors(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH, aliases=["prod"])
    mock_server.add_model_version("llama3.1-8b", aliases=["small"])
    mock_server.add_model_version(ARCH, org_name="other-org")
    mock_server.add_endpoint("theirs", ARCH, org_name="other-org")
    cases = [
        (deploy(http, MODEL.format(1), endpoint="nope"), 404, "'nope'"),
        (deploy(http, MODEL.format(1), endpoint="theirs"), 403, "'theirs'"),
        (deploy(http, "orgs/other-org/models/gpt-oss-120b/versions/1"), 403, "'other-org'"),
        (deploy(http, "gpt-oss-120b/1"), 422, "orgs/<org_name>/models/<model_arch_id>/versions/<version_id>"),
        (deploy(http, "orgs/my-org/models/gpt-oss-120b/versions/"), 422, "expected"),
        (deploy(http, "orgs/my-org/models/no-arch/versions/1"), 404, "'no-arch'"),
        (deploy(http, MODEL.format(7)), 404, "'7'"),
        (deploy(http, MODEL.format("gone")), 404, "'gone'"),
        (deploy(http, "orgs/my-org/models/llama3.1-8b/versions/small"), 409, "serves 'gpt-oss-120b'"),
    ]
    for response, status, detail in cases:
        assert response.status_code == status, response.text
        assert detail in response.json()["detail"], response.text
    assert mock_server.endpoint(ENDPOINT)["deployed_models"] == []
    assert mock_server.endpoint("theirs")["deployed_models"] == []


def test_deploy_of_a_version_still_syncing_or_failed_is_409(
    mock_server: MockServer, http: httpx.Client
) -> None:
    mock_server.add_model_version(ARCH, sync_status="in_progress")
    mock_server.add_model_version(ARCH, sync_status="failed")
    for version in (1, 2):
        response = deploy(http, MODEL.format(version))
        assert response.status_code == 409
        assert "not ready" in response.json()["detail"]


def test_deploy_body_is_validated_against_the_spec(http: httpx.Client) -> None:
    response = http.post(f"/endpoints/{ENDPOINT}:deployModel", json={"version": 1})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert http.post(f"/endpoints/{ENDPOINT}:deployModel").status_code == 422  # no body at all
