"""Drift mode: the mock answers as a server whose truth differs from the spec, as documented, exactly.

Each deviation is checked on the wire, beside the same request to a mock without drift.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from cerebras_management.testing import MockServer

ARCH = "gpt-oss-120b"


def seeded(drift: bool) -> MockServer:
    server = MockServer(drift=drift, sync_after_reads=None, rollout_after_reads=None)
    server.add_model_version(ARCH, aliases=["first"])  # 1: done, no suffix
    server.add_model_version(ARCH, system_fingerprint_suffix="sfx", sync_status="in_progress")  # 2
    server.add_endpoint("served", ARCH)
    server.add_deployment("served", ARCH, 1)
    return server


def stamps(server: MockServer) -> tuple[Any, ...]:
    """The seeded endpoint's timestamps (whole seconds of the wall clock when it was seeded)."""
    status = server.endpoint("served")
    return status["created"], status["updated"], [model["created"] for model in status["deployed_models"]]


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[MockServer, MockServer]]:
    # The mock stamps whole seconds: two servers seeded on either side of a second's turn (more likely
    # on a busy machine) differ by a second where drift changes nothing. Seed both again until they
    # agree, so that every difference the tests see is the drift's.
    for _ in range(5):
        plain, drifting = seeded(False), seeded(True)
        if stamps(plain) == stamps(drifting):
            break
    else:
        pytest.fail("could not seed the two servers within the same second in 5 tries")
    with plain, drifting:
        yield plain, drifting


def get(server: MockServer, path: str) -> httpx.Response:
    return httpx.get(server.url + path, headers={"Authorization": f"Bearer {server.api_key}"})


def both(servers: tuple[MockServer, MockServer], path: str) -> tuple[Any, Any]:
    plain, drifting = servers
    return get(plain, path).json(), get(drifting, path).json()


def test_a_version_gains_size_bytes_a_null_suffix_and_loses_done_while_false(
    servers: tuple[MockServer, MockServer],
) -> None:
    versions = f"/management/v1/orgs/my-org/models/{ARCH}/versions"
    plain, drifting = both(servers, f"{versions}/1")
    assert plain == {
        "name": f"orgs/my-org/models/{ARCH}/versions/1",
        "done": True,
        "response": {"version_aliases": ["first"], "sync_status": "done"},
    }
    assert drifting == {
        "name": f"orgs/my-org/models/{ARCH}/versions/1",
        "done": True,
        "response": {
            "version_aliases": ["first"],
            "sync_status": "done",
            "system_fingerprint_suffix": None,
            "size_bytes": 1_048_576,
        },
    }
    plain, drifting = both(servers, f"{versions}/2")
    assert plain["done"] is False
    assert "done" not in drifting  # required by the spec, left out while false
    assert drifting["response"]["system_fingerprint_suffix"] == "sfx"
    assert drifting["response"]["size_bytes"] == 2 * 1_048_576
    listed = both(servers, versions)[1]["model_versions"]
    assert [v["response"]["size_bytes"] for v in listed] == [1_048_576, 2 * 1_048_576]


def test_endpoints_answer_created_as_an_iso_string_and_409_before_any_deployment(
    servers: tuple[MockServer, MockServer],
) -> None:
    plain, drifting = both(servers, "/management/v1/orgs/my-org/endpoints")
    for before, after in zip(plain["endpoints"], drifting["endpoints"], strict=True):
        assert isinstance(before["created"], int)
        assert after == {**before, "created": after["created"]}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", after["created"])
    plain, drifting = both(servers, "/management/v1/endpoints/served")
    for document in (plain, drifting):
        for deployed in document["deployed_models"]:
            deployed.pop("id")  # a UUID each server draws
    assert drifting == {**plain, "created": drifting["created"]}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", drifting["created"])
    never_deployed = get(servers[1], f"/management/v1/endpoints/my-org-{ARCH}")
    assert never_deployed.status_code == 409  # a status the spec does not document for this GET
    assert never_deployed.json() == {
        "error": {"code": "FAILED_PRECONDITION", "message": f"endpoint my-org-{ARCH} has no deployment yet"}
    }
    assert get(servers[0], f"/management/v1/endpoints/my-org-{ARCH}").status_code == 200


def test_errors_and_writes_are_as_without_drift(servers: tuple[MockServer, MockServer]) -> None:
    plain, drifting = servers
    for server in servers:
        assert get(server, f"/management/v1/orgs/my-org/models/{ARCH}/versions/99").status_code == 404
    assert drifting.drift is True
    assert plain.drift is False


def test_the_standalone_mock_takes_drift_and_deployments_from_the_command_line() -> None:
    code = (
        "import sys; from cerebras_management.testing import __main__ as m; "
        "from cerebras_management.testing import MockServer as M; "
        "M.serve_forever = lambda self: print("
        "'drift', self.drift, self.endpoint('ep')['deployed_models'][0]['model']); "
        "sys.exit(m.main(['--port', '0', '--drift', '--seed', 'gpt-oss-120b:prod', "
        "'--endpoint', 'ep:gpt-oss-120b', '--deployment', 'ep:prod']))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "drift True orgs/my-org/models/gpt-oss-120b/versions/1" in done.stdout
    assert re.search(r"deployment [0-9a-f-]{36} of version prod on ep\n", done.stderr)
    bad = subprocess.run(
        [sys.executable, "-m", "cerebras_management.testing", "--port", "0", "--deployment", "nope"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "--deployment 'nope': expected ENDPOINT_ID:VERSION" in bad.stderr
