"""Architectures and model versions: list, upload, get, set aliases, and their error answers."""

from __future__ import annotations

import time

import httpx
import pytest
from cerebras_management.testing import MockServer
from conftest import api

ARCH = "gpt-oss-120b"
VERSIONS = f"/orgs/my-org/models/{ARCH}/versions"
PATTERN = "^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$"


def upload(
    http: httpx.Client, aliases: list[str] | None = None, arch: str = ARCH, **model: str
) -> httpx.Response:
    body: dict[str, object] = {"weight_uri": "s3://bucket/weights", **model}
    if aliases is not None:
        body["version_aliases"] = aliases
    return http.post("/orgs/my-org/models:upload", json={"model_arch_id": arch, "model": body})


# --- architectures ----------------------------------------------------------------------------


def test_architectures_are_seeded(http: httpx.Client) -> None:
    response = http.get("/orgs/my-org/models")
    assert response.status_code == 200
    assert response.json() == {"model_architectures": ["gpt-oss-120b", "llama3.1-8b"]}


def test_architectures_are_configurable_and_every_org_has_them() -> None:
    with MockServer(model_architectures=["a-1", "b-2"]) as server:
        other_key = server.add_org("other-org")
        with api(server) as http, api(server, other_key) as other:
            assert http.get("/orgs/my-org/models").json() == {"model_architectures": ["a-1", "b-2"]}
            assert other.get("/orgs/other-org/models").json() == {"model_architectures": ["a-1", "b-2"]}
        server.add_model_version("c-3")  # seeding a version of a new architecture adds it
        with api(server) as http:
            assert http.get("/orgs/my-org/models").json()["model_architectures"] == ["a-1", "b-2", "c-3"]


def test_another_orgs_architectures_are_403_and_an_unknown_org_404(
    mock_server: MockServer, http: httpx.Client
) -> None:
    mock_server.add_org("other-org")
    assert http.get("/orgs/other-org/models").status_code == 403
    assert http.get("/orgs/no-such-org/models").status_code == 404
    assert httpx.get(mock_server.url + "/management/v1/orgs/my-org/models").status_code == 401


# --- list -------------------------------------------------------------------------------------


def test_list_versions_oldest_first(mock_server: MockServer, http: httpx.Client) -> None:
    assert http.get(VERSIONS).json() == {"model_versions": []}
    mock_server.add_model_version(ARCH, aliases=["prod"], weight_uri="s3://b/one")
    mock_server.add_model_version(ARCH, system_fingerprint_suffix="sfx")
    mock_server.add_model_version("llama3.1-8b")
    response = http.get(VERSIONS)
    assert response.status_code == 200
    assert response.json() == {
        "model_versions": [
            {
                "name": f"orgs/my-org/models/{ARCH}/versions/1",
                "done": True,
                "response": {
                    "customer_s3_uri": "s3://b/one",
                    "version_aliases": ["prod"],
                    "sync_status": "done",
                },
            },
            {
                "name": f"orgs/my-org/models/{ARCH}/versions/2",
                "done": True,
                "response": {
                    "version_aliases": [],
                    "sync_status": "done",
                    "system_fingerprint_suffix": "sfx",
                },
            },
        ]
    }


def test_list_of_an_unknown_architecture_is_404(http: httpx.Client) -> None:
    response = http.get("/orgs/my-org/models/no-such-arch/versions")
    assert response.status_code == 404
    assert "no-such-arch" in response.json()["detail"]


def test_list_of_1000_versions_is_fast(mock_server: MockServer, http: httpx.Client) -> None:
    assert mock_server.add_model_versions(ARCH, 1000)[-1] == 1000
    http.get(VERSIONS)  # warm up the connection
    # CPU time of this process (the server is a thread of it): the work the listing costs, not the
    # wall time, which a busy machine or a parallel test run stretches.
    started = time.process_time()
    response = http.get(VERSIONS)
    elapsed = time.process_time() - started
    assert len(response.json()["model_versions"]) == 1000
    assert elapsed < 0.5, f"listing 1,000 versions took {elapsed:.3f} s of CPU"


# --- upload -----------------------------------------------------------------------------------


def test_upload_creates_a_queued_version(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)
    response = upload(http, ["production", "v1-stable"], system_fingerprint_suffix="my-suffix")
    assert response.status_code == 200
    assert response.json() == {
        "name": f"orgs/my-org/models/{ARCH}/versions/2",
        "done": False,
        "response": {
            "customer_s3_uri": "s3://bucket/weights",
            "version_aliases": ["production", "v1-stable"],
            "sync_status": "queued",
            "system_fingerprint_suffix": "my-suffix",
        },
    }
    assert mock_server.has_model_version(ARCH, "v1-stable")
    assert mock_server.model_version(ARCH, 2)["response"]["sync_status"] == "queued"  # peeking is no read


def test_upload_ids_count_per_architecture(http: httpx.Client) -> None:
    assert upload(http).json()["name"].endswith("/gpt-oss-120b/versions/1")
    assert upload(http).json()["name"].endswith("/gpt-oss-120b/versions/2")
    assert upload(http, arch="llama3.1-8b").json()["name"].endswith("/llama3.1-8b/versions/1")


def test_upload_to_an_unknown_architecture_is_404(mock_server: MockServer, http: httpx.Client) -> None:
    response = upload(http, arch="no-such-arch")
    assert response.status_code == 404
    assert "no-such-arch" in response.json()["detail"]
    assert not mock_server.has_model_version("no-such-arch", 1)


def test_upload_with_a_taken_alias_is_409_naming_the_holder(
    mock_server: MockServer, http: httpx.Client
) -> None:
    mock_server.add_model_version(ARCH)
    mock_server.add_model_version(ARCH, aliases=["prod"])
    response = upload(http, ["new", "prod"])
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "'prod'" in detail
    assert "version 2" in detail
    assert not mock_server.has_model_version(ARCH, "new")  # nothing was created
    assert upload(http, ["prod"], arch="llama3.1-8b").status_code == 200  # unique per architecture only


@pytest.mark.parametrize("alias", ["Prod", "1st", "a", "prod-", "prod_1", "a" * 129, ""])
def test_upload_with_a_bad_alias_is_422_naming_the_pattern(
    mock_server: MockServer, http: httpx.Client, alias: str
) -> None:
    response = upload(http, [alias])
    assert response.status_code == 422
    assert PATTERN in response.json()["detail"]
    assert not mock_server.has_model_version(ARCH, 1)


def test_upload_with_a_repeated_alias_is_422(http: httpx.Client) -> None:
    response = upload(http, ["prod", "prod"])
    assert response.status_code == 422
    assert "more than once" in response.json()["detail"]


def test_upload_body_is_validated_against_the_spec(http: httpx.Client) -> None:
    response = http.post("/orgs/my-org/models:upload", json={"model": {}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert "model_arch_id" in response.json()["detail"][0]["msg"]
    bad_type = http.post(
        "/orgs/my-org/models:upload", json={"model_arch_id": ARCH, "model": {"version_aliases": "x"}}
    )
    assert bad_type.status_code == 422
    assert bad_type.json()["detail"][0]["loc"] == ["body", "model", "version_aliases"]


def test_upload_into_another_org_is_403(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_org("other-org")
    response = http.post("/orgs/other-org/models:upload", json={"model_arch_id": ARCH, "model": {}})
    assert response.status_code == 403
    assert not mock_server.has_model_version(ARCH, 1, org_name="other-org")


# --- get --------------------------------------------------------------------------------------


def test_get_by_id_or_alias(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH, aliases=["prod"], weight_uri="s3://b/w")
    by_id = http.get(f"{VERSIONS}/1")
    by_alias = http.get(f"{VERSIONS}/prod")
    assert by_id.status_code == by_alias.status_code == 200
    assert by_id.json() == by_alias.json()
    assert by_id.json()["name"] == f"orgs/my-org/models/{ARCH}/versions/1"
    assert by_id.json()["done"] is True


@pytest.mark.parametrize(
    "path", [f"{VERSIONS}/9", f"{VERSIONS}/nope", "/orgs/my-org/models/no-arch/versions/1"]
)
def test_get_of_a_missing_version_or_architecture_is_404(
    mock_server: MockServer, http: httpx.Client, path: str
) -> None:
    mock_server.add_model_version(ARCH)
    response = http.get(path)
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_another_orgs_versions_are_not_visible(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH, aliases=["theirs"], org_name="other-org")
    assert http.get(f"/orgs/other-org/models/{ARCH}/versions/1").status_code == 403
    assert http.get(f"/orgs/other-org/models/{ARCH}/versions").status_code == 403
    assert http.get(f"{VERSIONS}/theirs").status_code == 404  # not in my org


# --- set aliases ------------------------------------------------------------------------------


def test_set_aliases_replaces_the_list(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH, aliases=["old", "keep"])
    response = http.patch(f"{VERSIONS}/old", json={"version_aliases": ["keep", "latest"]})
    assert response.status_code == 200
    assert response.json() == {
        "name": f"orgs/my-org/models/{ARCH}/versions/1",
        "version_aliases": ["keep", "latest"],
    }
    assert http.get(f"{VERSIONS}/old").status_code == 404  # freed ...
    assert http.get(f"{VERSIONS}/latest").json()["response"]["version_aliases"] == ["keep", "latest"]
    mock_server.add_model_version(ARCH, aliases=["old"])  # ... and free to take
    assert http.patch(f"{VERSIONS}/1", json={"version_aliases": []}).json()["version_aliases"] == []


def test_set_aliases_taken_by_another_version_is_409(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH, aliases=["prod"])
    mock_server.add_model_version(ARCH, aliases=["candidate"])
    response = http.patch(f"{VERSIONS}/candidate", json={"version_aliases": ["prod"]})
    assert response.status_code == 409
    assert "'prod'" in response.json()["detail"]
    assert "version 1" in response.json()["detail"]
    assert http.get(f"{VERSIONS}/candidate").status_code == 200  # unchanged


@pytest.mark.parametrize("aliases", [["Bad"], ["ok", "ok"], ["ok", "-x"]])
def test_set_aliases_with_a_bad_list_is_422(
    mock_server: MockServer, http: httpx.Client, aliases: list[str]
) -> None:
    mock_server.add_model_version(ARCH, aliases=["prod"])
    response = http.patch(f"{VERSIONS}/prod", json={"version_aliases": aliases})
    assert response.status_code == 422
    assert http.get(f"{VERSIONS}/prod").status_code == 200  # unchanged


def test_set_aliases_of_a_missing_version_is_404(http: httpx.Client) -> None:
    assert http.patch(f"{VERSIONS}/3", json={"version_aliases": ["x1"]}).status_code == 404


def test_set_aliases_body_is_required(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)
    response = http.patch(f"{VERSIONS}/1", json={"aliases": ["x1"]})
    assert response.status_code == 422
    assert "version_aliases" in response.json()["detail"][0]["msg"]


def test_seeding_refuses_a_string_for_aliases(mock_server: MockServer) -> None:
    with pytest.raises(TypeError, match="list"):
        mock_server.add_model_version(ARCH, aliases="prod")
    with pytest.raises(ValueError, match="sync_status"):
        mock_server.add_model_version(ARCH, sync_status="nope")
