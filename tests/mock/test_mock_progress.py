"""Long-running operations: an upload's sync and a deployment's rollout advance as they are read,
at the configured pace, and end failed when told to."""

from __future__ import annotations

import time

import httpx
import pytest
from cerebras_management.testing import MockServer
from conftest import api

ARCH = "gpt-oss-120b"
VERSION = f"/orgs/my-org/models/{ARCH}/versions/{{}}"
ENDPOINT = "my-org-gpt-oss-120b"


def upload(http: httpx.Client) -> int:
    response = http.post(
        "/orgs/my-org/models:upload", json={"model_arch_id": ARCH, "model": {"weight_uri": "s3://b/w"}}
    )
    assert response.status_code == 200
    return int(response.json()["name"].rsplit("/", 1)[1])


def sync_states(http: httpx.Client, version: int, reads: int) -> list[tuple[str, bool]]:
    states = []
    for _ in range(reads):
        body = http.get(VERSION.format(version)).json()
        states.append((body["response"]["sync_status"], body["done"]))
    return states


def deploy(http: httpx.Client, version: int | str) -> str:
    model = f"orgs/my-org/models/{ARCH}/versions/{version}"
    response = http.post(f"/endpoints/{ENDPOINT}:deployModel", json={"model": model})
    assert response.status_code == 200, response.text
    return str(response.json()["name"])


def rollout_states(http: httpx.Client, deployment_id: str, reads: int) -> list[str]:
    states = []
    for _ in range(reads):
        deployed = http.get(f"/endpoints/{ENDPOINT}").json()["deployed_models"]
        states.append(next(d["state"] for d in deployed if d["id"] == deployment_id))
    return states


# --- sync -------------------------------------------------------------------------------------


def test_sync_advances_one_step_per_read_by_default(http: httpx.Client) -> None:
    version = upload(http)
    assert sync_states(http, version, 3) == [("in_progress", False), ("done", True), ("done", True)]


def test_sync_pace_in_reads() -> None:
    with MockServer(sync_after_reads=2) as server, api(server) as http:
        version = upload(http)
        assert [state for state, _ in sync_states(http, version, 5)] == [
            "queued",
            "in_progress",
            "in_progress",
            "done",
            "done",
        ]


def test_sync_pace_in_seconds() -> None:
    with MockServer(sync_after_reads=None, sync_after_seconds=0.2) as server, api(server) as http:
        version = upload(http)
        assert sync_states(http, version, 2) == [("queued", False), ("queued", False)]
        time.sleep(0.45)
        assert sync_states(http, version, 1) == [("done", True)]


def test_sync_that_never_advances_until_finished() -> None:
    with MockServer(sync_after_reads=None) as server, api(server) as http:
        version = upload(http)
        assert sync_states(http, version, 3) == [("queued", False)] * 3
        server.finish_sync(ARCH, version)
        assert sync_states(http, version, 1) == [("done", True)]


def test_a_list_counts_as_a_read(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)  # done already
    version = upload(http)
    listed = http.get(f"/orgs/my-org/models/{ARCH}/versions").json()["model_versions"]
    assert [v["response"]["sync_status"] for v in listed] == ["done", "in_progress"]
    assert sync_states(http, version, 1) == [("done", True)]


def test_seeded_version_can_start_mid_sync(mock_server: MockServer, http: httpx.Client) -> None:
    version = mock_server.add_model_version(ARCH, sync_status="queued")
    assert mock_server.model_version(ARCH, version)["done"] is False
    assert sync_states(http, version, 2) == [("in_progress", False), ("done", True)]


def test_fail_next_sync(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.fail_next_sync(message="AccessDenied reading s3://b/w")
    failing = upload(http)
    fine = upload(http)  # only the next one fails
    assert sync_states(http, failing, 2) == [("in_progress", False), ("failed", True)]
    body = http.get(VERSION.format(failing)).json()
    assert body["done"] is True
    assert body["error"] == {"code": 13, "message": "AccessDenied reading s3://b/w"}
    assert sync_states(http, fine, 2)[-1] == ("done", True)
    assert "error" not in http.get(VERSION.format(fine)).json()


def test_a_refused_upload_does_not_use_up_a_sync_failure(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.fail_next_sync(times=1)
    refused = http.post(
        "/orgs/my-org/models:upload", json={"model_arch_id": ARCH, "model": {"version_aliases": ["X"]}}
    )
    assert refused.status_code == 422
    assert sync_states(http, upload(http), 2)[-1] == ("failed", True)


def test_finish_sync_with_an_error_and_seeded_failure(mock_server: MockServer, http: httpx.Client) -> None:
    version = upload(http)
    mock_server.finish_sync(ARCH, version, error="checksum mismatch")
    body = http.get(VERSION.format(version)).json()
    assert (body["response"]["sync_status"], body["done"], body["error"]["message"]) == (
        "failed",
        True,
        "checksum mismatch",
    )
    seeded = mock_server.add_model_version(ARCH, sync_status="failed")
    assert mock_server.model_version(ARCH, seeded)["response"]["sync_status"] == "failed"
    with pytest.raises(KeyError):
        mock_server.finish_sync(ARCH, 99)


def test_progression_options_are_checked() -> None:
    with pytest.raises(ValueError, match="after_reads"):
        MockServer(sync_after_reads=0)
    with pytest.raises(ValueError, match="after_seconds"):
        MockServer(rollout_after_seconds=0)


# --- rollout ----------------------------------------------------------------------------------


def test_rollout_advances_one_step_per_endpoint_read(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)
    deployment = deploy(http, 1)
    assert rollout_states(http, deployment, 3) == ["in_progress", "complete", "complete"]


def test_rollout_pace_in_reads_and_seconds() -> None:
    with MockServer(rollout_after_reads=3) as server, api(server) as http:
        server.add_model_version(ARCH)
        deployment = deploy(http, 1)
        assert rollout_states(http, deployment, 6) == ["not_started"] * 2 + ["in_progress"] * 3 + ["complete"]
    with MockServer(rollout_after_reads=None, rollout_after_seconds=0.2) as server, api(server) as http:
        server.add_model_version(ARCH)
        deployment = deploy(http, 1)
        assert rollout_states(http, deployment, 1) == ["not_started"]
        time.sleep(0.45)
        assert rollout_states(http, deployment, 1) == ["complete"]


def test_a_completed_rollout_replaces_the_serving_deployment(
    mock_server: MockServer, http: httpx.Client
) -> None:
    mock_server.add_model_version(ARCH, aliases=["old"])
    mock_server.add_model_version(ARCH, aliases=["new"])
    serving = mock_server.add_deployment(ENDPOINT, ARCH, "old")
    assert [d["state"] for d in mock_server.endpoint(ENDPOINT)["deployed_models"]] == ["complete"]
    deployment = deploy(http, "new")
    status = http.get(f"/endpoints/{ENDPOINT}").json()
    assert [(d["id"], d["state"]) for d in status["deployed_models"]] == [
        (serving, "complete"),
        (deployment, "in_progress"),
    ]
    status = http.get(f"/endpoints/{ENDPOINT}").json()
    assert [(d["id"], d["state"], d["version_alias"]) for d in status["deployed_models"]] == [
        (deployment, "complete", "new")
    ]


def test_fail_next_rollout(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)
    mock_server.fail_next_rollout()
    failing = deploy(http, 1)
    assert rollout_states(http, failing, 3) == ["in_progress", "failed", "failed"]
    fine = deploy(http, 1)
    assert rollout_states(http, fine, 2) == ["in_progress", "complete"]
    deployed = mock_server.endpoint(ENDPOINT)["deployed_models"]
    assert [(d["id"], d["state"]) for d in deployed] == [(failing, "failed"), (fine, "complete")]


def test_finish_rollout_and_seeded_deployments(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)
    waiting = mock_server.add_deployment(ENDPOINT, ARCH, 1, state="not_started")
    mock_server.finish_rollout(ENDPOINT, waiting, error="capacity")
    assert rollout_states(http, waiting, 1) == ["failed"]
    with pytest.raises(KeyError):
        mock_server.finish_rollout(ENDPOINT, "no-such-deployment")
    with pytest.raises(ValueError, match="serves"):
        mock_server.add_deployment(ENDPOINT, "llama3.1-8b", 1)


def test_reset_restores_the_seeded_state(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH)
    mock_server.add_endpoint("extra", ARCH)
    deploy(http, 1)
    mock_server.fail_next_sync()
    mock_server.reset()
    assert mock_server.endpoint(ENDPOINT)["deployed_models"] == []
    with pytest.raises(KeyError):
        mock_server.endpoint("extra")
    assert http.get("/orgs/my-org/models").json()["model_architectures"] == ["gpt-oss-120b", "llama3.1-8b"]
    assert sync_states(http, upload(http), 2)[-1] == ("done", True)  # the pending failure is gone


def test_a_peek_counts_no_read_but_shows_the_time_elapsed() -> None:
    with MockServer(sync_after_reads=1, sync_after_seconds=0.2, rollout_after_seconds=0.2) as server:
        with api(server) as http:
            version = upload(http)
            server.add_model_version(ARCH, aliases=["ready"])
            deployment = deploy(http, "ready")
        for _ in range(3):
            assert server.model_version(ARCH, version)["response"]["sync_status"] == "queued"
        assert server.endpoint(ENDPOINT)["deployed_models"][0]["state"] == "not_started"
        time.sleep(0.45)
        assert server.model_version(ARCH, version)["response"]["sync_status"] == "done"
        assert [(d["id"], d["state"]) for d in server.endpoint(ENDPOINT)["deployed_models"]] == [
            (deployment, "complete")
        ]


def test_rollouts_completing_together_both_show_complete(mock_server: MockServer, http: httpx.Client) -> None:
    mock_server.add_model_version(ARCH, aliases=["a1"])
    mock_server.add_model_version(ARCH, aliases=["b1"])
    first, second = deploy(http, "a1"), deploy(http, "b1")
    assert rollout_states(http, first, 2) == ["in_progress", "complete"]
    assert rollout_states(http, second, 1) == ["complete"]
    third = deploy(http, "a1")
    assert rollout_states(http, third, 2) == ["in_progress", "complete"]
    assert [d["id"] for d in mock_server.endpoint(ENDPOINT)["deployed_models"]] == [third]
