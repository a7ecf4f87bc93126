"""What a recording run keeps: the responses the suite validates, attributed to their operation, and
nothing the run sends to probe methods the spec does not have, nor what a test's stand-in answers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx
import pytest
from cerebras_management.testing import MockServer

CONTRACT = Path(__file__).resolve().parents[1] / "contract"
if str(CONTRACT) not in sys.path:
    sys.path.insert(0, str(CONTRACT))

import contract_recording  # noqa: E402
from contract_support import load_schema  # noqa: E402


@pytest.fixture
def recording(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONTRACT_RECORD", str(tmp_path / "run"))
    monkeypatch.setattr(contract_recording, "_recorder", None)
    monkeypatch.setattr(contract_recording, "_summary", [])  # the session's own summary stays as it was
    return tmp_path / "run"


def test_only_the_spec_s_own_operations_are_recorded(recording: Path) -> None:
    operation = load_schema().find_operation_by_id("listModelArchitectures")
    with MockServer() as server:
        auth = {"Authorization": f"Bearer {server.api_key}"}
        path = {"org_name": server.org_name}
        listed = operation.Case(path_parameters=path)
        contract_recording.record_case(listed, listed.call(base_url=server.url, headers=auth))
        probe = operation.Case(method="PUT", path_parameters=path)  # schemathesis' unsupported-method probe
        contract_recording.record_case(probe, probe.call(base_url=server.url, headers=auth))
        with contract_recording.paused():  # a test's stand-in for another server
            contract_recording.record_case(listed, listed.call(base_url=server.url, headers=auth))
        client_side = httpx.get(f"{server.url}/management/v1/orgs/{server.org_name}/models", headers=auth)
        contract_recording.record_case(listed, client_side)
    contract_recording.finish()
    responses = [json.loads(line) for line in (recording / "responses.jsonl").read_text().splitlines()]
    assert [(r["operation"], r["method"], r["status"], r["via"]) for r in responses] == [
        ("listModelArchitectures", "GET", 200, "client"),
        ("listModelArchitectures", "GET", 200, "schemathesis"),
    ]
    assert all(server.api_key not in json.dumps(r) for r in responses)
    evidence = json.loads((recording / "evidence.json").read_text())
    assert list(evidence["operations"]) == ["listModelArchitectures"]


def test_a_replay_refuses_every_connection_and_name_lookup() -> None:
    import socket

    with MockServer() as server:
        guard = contract_recording.block_sockets()
        next(guard)
        try:
            with pytest.raises(
                OSError, match=r"blocked in a replay: a connection to \('127.0.0.1', \d+\) refused"
            ):
                socket.create_connection(("127.0.0.1", server.port), timeout=2)
            with pytest.raises(OSError, match="blocked in a replay: a name lookup of 'localhost' refused"):
                socket.getaddrinfo("localhost", server.port)
            with pytest.raises(httpx.ConnectError, match="blocked in a replay: a connection to"):
                httpx.get(server.url)  # an HTTP client's connections too (loopback is not exempt)
        finally:
            guard.close()
        assert httpx.get(f"{server.url}/management/v1/orgs/my-org/models").status_code == 401  # restored
