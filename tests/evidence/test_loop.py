"""The whole loop against a drifting stand-in for staging: record a contract run, propose amendments,
verify them, replay the run offline.

One recording run (the session fixture ``drift_recording``) and one generator run (``patched_client``)
serve every test here; they are the expensive parts.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import generate
import jsonpatch
import pytest
import yaml
from evidence.aggregate import build_evidence, dumps
from evidence.patches import apply, operations_of
from evidence.propose import Proposal, propose
from evidence.record import read_responses
from evidence_support import Run, clean_env, run_pytest
from openapi_spec_validator import validate
from spec_propose import spec_changes, write_files
from specdiff.report import markdown

MODEL_VERSION = "/components/schemas/ModelVersion"
STATUS = "/components/schemas/ModelVersionStatus"
SUFFIX = f"{STATUS}/properties/system_fingerprint_suffix"
ENDPOINT = "/components/schemas/Endpoint"
GET_ENDPOINT = "/paths/~1management~1v1~1endpoints~1{endpoint_id}/get"


def amended() -> dict[str, Any]:
    """The amended spec the recording was judged against (what the generated client was built from)."""
    spec: dict[str, Any] = json.loads(
        (generate.TARGET / "openapi.json").read_text(encoding="utf-8")  # the committed build of openapi/
    )
    return spec


@pytest.fixture(scope="module")
def proposal(drift_evidence: dict[str, Any]) -> Proposal:
    return propose(drift_evidence, amended())


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where `spec_changes` builds the patched clients (each built once, for all tests here)."""
    return tmp_path_factory.mktemp("builds")


@pytest.fixture(scope="module")
def changes(proposal: Proposal, builds: Path) -> list[Any]:
    return spec_changes(amended(), proposal, python_api=True, scratch=builds)


@pytest.fixture(scope="module")
def files(
    proposal: Proposal, drift_evidence: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    out = tmp_path_factory.mktemp("proposal")
    relaxations, tightenings = write_files(proposal, drift_evidence, "evidence.json", out)
    return {"relaxations": relaxations, "tightenings": tightenings}


def patched(files: dict[str, str]) -> dict[str, Any]:
    """The amended spec with both files appended, as a person would (relaxations, then tightenings)."""
    ops = operations_of(files["relaxations"]) + operations_of(files["tightenings"])
    return apply(amended(), ops)


def test_the_recording_run_fails_on_the_drift_and_still_writes_the_evidence(drift_recording: Run) -> None:
    assert drift_recording.code == 1, drift_recording.output
    assert drift_recording.outcomes == {
        "test_list_model_architectures": "passed",
        "test_list_and_get_model_versions": "failed",
        "test_list_and_get_endpoints": "failed",
        "test_set_aliases_of_a_disposable_version[None-None]": "skipped",
        "test_delete_a_disposable_version[None-None]": "skipped",
        "test_upload_then_get_set_aliases_and_delete_it": "skipped",
        "test_deploy_to_the_disposable_endpoint": "skipped",
        "test_read_everything": "failed",
        "test_read_everything_async": "failed",
    }
    # The read phase read everything, each listed resource once, and reported every drift at the end.
    assert "failed in 16 reads" not in drift_recording.output  # (the client scenarios count 25 reads)
    assert "nonconforming answer(s) of 16 model versions" in drift_recording.output
    assert "nonconforming answer(s) of 9 endpoints" in drift_recording.output
    assert "failure(s) in 25 reads" in drift_recording.output
    assert "recorded 89 responses of 5 operations" in drift_recording.output
    directory = drift_recording.directory
    assert sorted(p.name for p in directory.iterdir()) == ["cassettes", "evidence.json", "responses.jsonl"]
    assert sorted(p.name for p in (directory / "cassettes").iterdir()) == [
        "replay.json",
        "test_read_everything.yaml",
        "test_read_everything_async.yaml",
    ]


def test_evidence_counts_what_the_server_answered(drift_evidence: dict[str, Any]) -> None:
    get_version = drift_evidence["operations"]["getModelVersion"]["statuses"]["200"]
    pointers = get_version["pointers"]
    # 16 versions, read by the schemathesis read phase and both client scenarios.
    assert get_version["responses"] == 48
    assert pointers["/done"] == {
        "samples": 48, "present": 39, "null": 0, "types": {"boolean": 39}, "documented": True,
        "declared": f"{MODEL_VERSION}/properties/done", "schema": f"{MODEL_VERSION}/properties/done",
    }  # fmt: skip
    assert pointers["/response/sync_status"]["values"] == {"done": 39, "in_progress": 9}
    assert pointers["/response/size_bytes"]["documented"] is False
    assert pointers["/response/size_bytes"]["parent"] == STATUS
    assert pointers["/response/system_fingerprint_suffix"]["types"] == {"null": 30, "string": 18}
    created = drift_evidence["operations"]["listEndpoints"]["statuses"]["200"]["pointers"][
        "/endpoints/*/created"
    ]
    assert created["types"] == {"string": 27}
    assert created["formats"] == {"date-time": 27}
    assert [
        (s["operation"], s["status"], s["responses"]) for s in drift_evidence["undocumented_statuses"]
    ] == [("getEndpoint", 409, 6)]
    assert drift_evidence["unobserved"] == [{"schema": STATUS, "property": "customer_s3_uri", "objects": 96}]
    assert drift_evidence["unpatchable"] == []
    deployed = drift_evidence["schemas"]["/components/schemas/DeployedModel"]
    assert (deployed["objects"], deployed["resources"]) == (21, 7)


def test_relaxations_remove_each_failure_and_nothing_else(files: dict[str, str]) -> None:
    ops = operations_of(files["relaxations"])
    assert ops == [
        {"op": "test", "path": f"{ENDPOINT}/properties/created/type", "value": "integer"},
        {"op": "replace", "path": f"{ENDPOINT}/properties/created/type", "value": ["integer", "string"]},
        {"op": "test", "path": f"{ENDPOINT}Status/properties/created/type", "value": "integer"},
        {
            "op": "replace",
            "path": f"{ENDPOINT}Status/properties/created/type",
            "value": ["integer", "string"],
        },
        {"op": "test", "path": f"{MODEL_VERSION}/required/1", "value": "done"},
        {"op": "remove", "path": f"{MODEL_VERSION}/required/1"},
        {"op": "add", "path": f"{STATUS}/properties/size_bytes", "value": {"type": "integer"}},
        {"op": "test", "path": f"{SUFFIX}/type", "value": "string"},
        {"op": "replace", "path": f"{SUFFIX}/type", "value": ["string", "null"]},
        {
            "op": "add",
            "path": f"{GET_ENDPOINT}/responses/409",
            "value": {
                "description": "Not in the published spec: added from a recorded run's answers.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "error": {
                                    "type": "object",
                                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                                }
                            },
                        }
                    }
                },
            },
        },
    ]  # fmt: skip
    # Each group says why, in the style of openapi/amendments.yaml.
    assert (
        "# ModelVersion.done: required, but absent in 18 of 96 samples (getModelVersion 200, "
        "listModelVersions 200): make it optional.\n- op: test\n" in files["relaxations"]
    )
    assert "strings matching date-time 27" in files["relaxations"]
    assert "format" not in json.dumps(ops)  # never a format from samples


def test_tightenings_only_past_the_thresholds(files: dict[str, str]) -> None:
    ops = operations_of(files["tightenings"])
    assert {"op": "add", "path": "/components/schemas/DeployedModel/required", "value": [
        "created", "id", "model", "state", "version_alias"]} in ops  # fmt: skip
    assert {"op": "add", "path": f"{MODEL_VERSION}/required/-", "value": "response"} in ops
    assert {"op": "add", "path": f"{STATUS}/required", "value": ["sync_status", "version_aliases"]} in ops
    assert {op["op"] for op in ops} == {"add"}
    assert all(op["path"].endswith(("/required", "/required/-")) for op in ops)
    # Never what was absent, null or rarely seen: done (absent), the suffix (null), size_bytes (undocumented).
    added = {name for op in ops for name in (op["value"] if isinstance(op["value"], list) else [op["value"]])}
    assert not {"done", "system_fingerprint_suffix", "size_bytes", "customer_s3_uri"} & added


def test_every_remove_and_replace_follows_a_test_and_nothing_moves(files: dict[str, str]) -> None:
    for text in files.values():
        ops = operations_of(text)
        assert {op["op"] for op in ops} <= {"add", "remove", "replace", "test"}
        for index, op in enumerate(ops):
            if op["op"] in ("remove", "replace"):
                assert ops[index - 1] == {**ops[index - 1], "op": "test", "path": op["path"]}


def test_invariant_the_patched_spec_validates_and_fits_every_recorded_body(
    files: dict[str, str], drift_recording: Run
) -> None:
    spec = patched(files)
    validate(spec)
    responses = read_responses(drift_recording.directory / "responses.jsonl")
    evidence = build_evidence(responses, spec)
    errors = [
        (op_id, status, error)
        for op_id, operation in evidence["operations"].items()
        for status, entry in operation["statuses"].items()
        for error in entry.get("errors", [])
    ]
    assert errors == []
    assert evidence["undocumented_statuses"] == []
    assert evidence["responses"] == 89


def test_invariant_proposing_again_against_the_patched_spec_relaxes_nothing(
    files: dict[str, str], drift_recording: Run, tmp_path: Path
) -> None:
    spec = patched(files)
    responses = read_responses(drift_recording.directory / "responses.jsonl")
    again = propose(build_evidence(responses, spec), spec)
    relaxations, tightenings = write_files(again, build_evidence(responses, spec), "evidence.json", tmp_path)
    assert operations_of(relaxations) == []
    assert "# Nothing to relax: every recorded answer fits the spec." in relaxations
    # The one tightening left: size_bytes, documented now (by the relaxations) and always present.
    assert operations_of(tightenings) == [
        {"op": "add", "path": f"{STATUS}/required/-", "value": "size_bytes"}
    ]


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = [(key, _shuffled(item, rng)) for key, item in value.items()]
        rng.shuffle(items)
        return dict(items)
    if isinstance(value, list):
        items = [_shuffled(item, rng) for item in value]
        rng.shuffle(items)
        return items
    return value


def test_invariant_shuffled_inputs_give_byte_identical_evidence_and_proposals(
    drift_recording: Run, drift_evidence: dict[str, Any], files: dict[str, str], tmp_path: Path
) -> None:
    responses = read_responses(drift_recording.directory / "responses.jsonl")
    rng = random.Random(27)
    for attempt in range(3):
        shuffled_responses = [_shuffled_keys(r, rng) for r in responses]
        rng.shuffle(shuffled_responses)
        evidence = build_evidence(shuffled_responses, amended())
        assert dumps(evidence) == (drift_recording.directory / "evidence.json").read_text("utf-8")
        # Evidence whose keys and lists are in another order proposes the same bytes.
        out = tmp_path / str(attempt)
        again = write_files(
            propose(_shuffled(drift_evidence, rng), amended()), drift_evidence, "evidence.json", out
        )
        assert again == (files["relaxations"], files["tightenings"])


def _shuffled_keys(value: Any, rng: random.Random) -> Any:
    """Mapping keys shuffled at every level, lists kept (a list's order is the data's own)."""
    if isinstance(value, dict):
        items = [(key, _shuffled_keys(item, rng)) for key, item in value.items()]
        rng.shuffle(items)
        return dict(items)
    if isinstance(value, list):
        return [_shuffled_keys(item, rng) for item in value]
    return value


def test_invariant_a_proposal_refuses_a_base_that_has_moved(files: dict[str, str]) -> None:
    ops = operations_of(files["relaxations"])
    moved = amended()
    moved["components"]["schemas"]["ModelVersion"]["required"] = ["done", "name"]  # reordered since
    with pytest.raises(
        jsonpatch.JsonPatchTestFailed, match="test /components/schemas/ModelVersion/required/1"
    ):
        apply(moved, ops)
    retyped = amended()
    retyped["components"]["schemas"]["Endpoint"]["properties"]["created"]["type"] = "number"
    with pytest.raises(
        jsonpatch.JsonPatchTestFailed, match="/components/schemas/Endpoint/properties/created/type"
    ):
        apply(retyped, ops)
    apply(amended(), ops)  # ... and the unchanged base takes it


def test_invariant_make_generate_turns_the_patched_spec_into_a_client(
    files: dict[str, str], changes: list[Any], builds: Path
) -> None:
    # `spec_changes` built it with the generator run of `make generate` (--fail-on-warning).
    out = builds / "tightened" / "generated" / generate.PACKAGE
    assert json.loads((out / "openapi.json").read_text(encoding="utf-8")) == patched(files)
    deployed = (out / "models" / "deployed_model.py").read_text(encoding="utf-8")
    assert "\n    model: str\n" in deployed  # required now: `str`, no longer `str | None`
    version = (out / "models" / "model_version.py").read_text(encoding="utf-8")
    assert "\n    done: bool | None = None\n" in version  # optional now
    status = (out / "models" / "model_version_status.py").read_text(encoding="utf-8")
    assert "size_bytes: int | None = None" in status
    assert [title for title, _ in changes] == ["relaxations.yaml applied", "then tightenings.yaml applied"]


def test_the_report_says_which_user_facing_types_change_and_how(changes: list[Any]) -> None:
    relaxed, tightened = (markdown(report) for _, report in changes)
    models = "cerebras_management_api.models"
    for line in (
        f"type of `{models}.model_version.ModelVersion.done`: `bool` -> `bool \\| None`",
        f"type of `{models}.endpoint.Endpoint.created`: `int \\| None` -> `int \\| str \\| None`",
        f"type of `{models}.endpoint_status.EndpointStatus.created`: `int` -> `int \\| str`",
        "response property `ModelVersion.done` no longer required (readers may get None)",
        "GET /management/v1/endpoints/{endpoint_id} (getEndpoint): response 409 added",
    ):
        assert line in relaxed
    # The same type, spelled `str | None` or `None | str`, is not a change.
    assert "system_fingerprint_suffix`: `str" not in relaxed
    for line in (
        f"type of `{models}.deployed_model.DeployedModel.model`: `str \\| None` -> `str`",
        f"type of `{models}.model_version.ModelVersion.response`: "
        "`ModelVersionStatus \\| None` -> `ModelVersionStatus`",
        "response property `DeployedModel.model` made required",
    ):
        assert line in tightened
    assert "**no breaking change" in tightened


def test_replay_answers_offline_as_the_server_did_and_a_missing_request_fails_naming_it(
    drift_recording: Run, tmp_path: Path
) -> None:
    copied = tmp_path / "recording"
    shutil.copytree(drift_recording.directory, copied)
    cassette = copied / "cassettes" / "test_read_everything.yaml"
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    dropped = next(i for i in data["interactions"] if i["request"]["uri"].endswith("/endpoints"))
    data["interactions"].remove(dropped)
    cassette.write_text(yaml.safe_dump(data), encoding="utf-8")
    replay = run_pytest(
        ["tests/contract/test_client_scenarios.py", "--record-mode=none", "--block-network"],
        clean_env(CONTRACT_REPLAY=str(copied)),
        tmp_path / "replay",
    )
    # The async scenario's cassette is whole: it fails offline exactly as it did against the server
    # (its drifts, not a missing recording), every recorded request answered from the cassette.
    assert (
        replay.outcomes["test_read_everything_async"]
        == drift_recording.outcomes["test_read_everything_async"]
    )
    assert "ModelVersion.done should be present (a required field)" in replay.output
    assert "network blocked" in replay.output
    # The sync one lacks the endpoint list: its replay stops there, naming the request.
    assert replay.outcomes["test_read_everything"] == "failed"
    assert "CannotOverwriteExistingCassetteException" in replay.output
    assert f"GET {dropped['request']['uri']}" in replay.output
    # All 29 of the async cassette, and the 19 the sync scenario sent before the endpoint list (the
    # architectures, then each architecture's list and versions: 1 + (1 + 12) + (1 + 4)).
    assert "replayed 48 of 57 recorded requests from 2 cassettes" in replay.output
