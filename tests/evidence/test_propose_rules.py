"""The proposal rules, one at a time, on a small spec: what is relaxed, tightened, or left to a person."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import spec_propose
from evidence.aggregate import build_evidence
from evidence.patches import Group, apply
from evidence.propose import propose
from evidence.record import Recorder, write_responses

THING = "/components/schemas/Thing"


def small_spec(thing: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {"type": "object", **thing},
                "Part": {"type": "object", "properties": {"size": {"type": "integer"}}},
            }
        },
    }


def evidence_of(
    spec: dict[str, Any], bodies: list[Any], *, status: int = 200, content_type: str = "application/json"
) -> dict[str, Any]:
    recorder = Recorder(spec, ["secret-key-0123456789"], salt=b"s")
    for index, body in enumerate(bodies):
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        recorder.add(
            method="GET",
            url=f"http://h/things/t{index}",
            status=status,
            headers=[("content-type", content_type)],
            content=content,
            via="client",
        )
    return build_evidence(recorder.responses, spec)


def ops(groups: list[Group]) -> list[dict[str, Any]]:
    return [op for group in groups for op in group.ops]


def test_removing_every_required_property_removes_the_key_after_testing_the_list() -> None:
    spec = small_spec(
        {"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["a", "b"]}
    )
    proposal = propose(evidence_of(spec, [{"a": "x"}, {"b": "y"}, {}]), spec)
    assert ops(proposal.relaxations) == [
        {"op": "test", "path": f"{THING}/required/1", "value": "b"},
        {"op": "remove", "path": f"{THING}/required/1"},
        {"op": "test", "path": f"{THING}/required", "value": ["a"]},
        {"op": "remove", "path": f"{THING}/required"},
    ]
    assert "required" not in apply(spec, ops(proposal.relaxations))["components"]["schemas"]["Thing"]


def test_types_widen_to_the_union_and_a_number_covers_an_integer() -> None:
    spec = small_spec({"properties": {"n": {"type": "integer"}, "s": {"type": ["string", "integer"]}}})
    proposal = propose(evidence_of(spec, [{"n": 5.5, "s": True}, {"n": 3, "s": None}]), spec)
    assert ops(proposal.relaxations) == [
        {"op": "test", "path": f"{THING}/properties/n/type", "value": "integer"},
        {"op": "replace", "path": f"{THING}/properties/n/type", "value": "number"},
        {"op": "test", "path": f"{THING}/properties/s/type", "value": ["string", "integer"]},
        {
            "op": "replace",
            "path": f"{THING}/properties/s/type",
            "value": ["string", "integer", "boolean", "null"],
        },
    ]


def test_a_referenced_schema_seen_null_becomes_any_of_it_and_null() -> None:
    prop = {"$ref": "#/components/schemas/Part", "description": "its part"}
    spec = small_spec({"properties": {"part": prop}})
    proposal = propose(evidence_of(spec, [{"part": {"size": 1}}, {"part": None}]), spec)
    assert ops(proposal.relaxations) == [
        {"op": "test", "path": f"{THING}/properties/part", "value": prop},
        {
            "op": "replace",
            "path": f"{THING}/properties/part",
            "value": {
                "description": "its part",
                "anyOf": [{"$ref": "#/components/schemas/Part"}, {"type": "null"}],
            },
        },
    ]


def test_an_undocumented_property_is_added_optional_without_required_enum_or_format() -> None:
    spec = small_spec({"properties": {"a": {"type": "string"}}})
    bodies = [{"a": "x", "meta": {"state": "ready", "at": "2026-01-01T00:00:00Z"}} for _ in range(30)]
    proposal = propose(evidence_of(spec, bodies), spec)
    assert ops(proposal.relaxations) == [
        {
            "op": "add",
            "path": f"{THING}/properties/meta",
            "value": {
                "type": "object",
                "properties": {"at": {"type": "string"}, "state": {"type": "string"}},
            },
        }
    ]


def test_tightening_needs_20_samples_from_3_resources_and_never_an_absence() -> None:
    spec = small_spec(
        {"properties": {"a": {"type": "string"}, "id": {"type": "string"}, "b": {"type": "string"}}}
    )

    def bodies(count: int, resources: int) -> list[dict[str, Any]]:
        return [{"id": f"r{i % resources}", "a": "x", "b": "y" if i else None} for i in range(count)]

    assert propose(evidence_of(spec, bodies(19, 5)), spec).tightenings == []  # 19 samples
    assert propose(evidence_of(spec, bodies(20, 2)), spec).tightenings == []  # 2 resources
    assert propose(evidence_of(spec, bodies(1, 1)), spec).tightenings == []  # one sample: nothing
    tightened = propose(evidence_of(spec, bodies(20, 3)), spec).tightenings
    # b was null once: never required; a and id were always there.
    assert ops(tightened) == [{"op": "add", "path": f"{THING}/required", "value": ["a", "id"]}]


def test_an_undocumented_status_is_added_with_a_lenient_schema() -> None:
    spec = small_spec({"properties": {"a": {"type": "string"}}})
    proposal = propose(evidence_of(spec, [{"error": "gone", "code": 410}] * 2, status=410), spec)
    assert ops(proposal.relaxations) == [
        {
            "op": "add",
            "path": "/paths/~1things~1{id}/get/responses/410",
            "value": {
                "description": "Not in the published spec: added from a recorded run's answers.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"code": {"type": "integer"}, "error": {"type": "string"}},
                        }
                    }
                },
            },
        }
    ]


@pytest.mark.parametrize(
    ("thing", "bodies", "content_type", "keyword"),
    [
        (
            {"properties": {"a": {"type": "string", "maxLength": 3}}},
            [{"a": "longer"}],
            "application/json",
            "maxLength",
        ),
        (
            {"properties": {"a": {"type": "string", "enum": ["x", "y"]}}},
            [{"a": "z"}],
            "application/json",
            "enum",
        ),
        ({"properties": {"a": {"type": "string"}}}, [b"<html>oops</html>"], "text/html", "content"),
        ({"properties": {"a": {"type": "string"}}}, [[1, 2]], "application/json", "type"),
    ],
)
def test_what_no_patch_can_say_is_unpatchable_and_never_silently_dropped(
    thing: dict[str, Any], bodies: list[Any], content_type: str, keyword: str
) -> None:
    spec = small_spec(thing)
    proposal = propose(evidence_of(spec, bodies, content_type=content_type), spec)
    assert [item["keyword"] for item in proposal.unpatchable] == [keyword]
    assert proposal.relaxations == []  # no enum grown, no maxLength dropped, no schema replaced


def test_a_group_refuses_to_remove_or_replace_without_a_test_before_it() -> None:
    with pytest.raises(ValueError, match="not preceded by a test"):
        Group(["x"], [{"op": "remove", "path": "/a"}])
    with pytest.raises(ValueError, match="never proposed"):
        Group(["x"], [{"op": "move", "from": "/a", "path": "/b"}])
    with pytest.raises(jsonpatch.JsonPatchTestFailed, match=r"operation 1 \(test /a\)"):
        apply({"a": 1}, [{"op": "test", "path": "/a", "value": 2}, {"op": "remove", "path": "/a"}])


def test_spec_propose_exits_1_and_reports_what_cannot_be_a_patch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = json.loads(json.dumps(spec_propose.generate.amended_spec()))
    recorder = Recorder(spec, [], salt=b"s")
    recorder.add(
        method="GET",
        url="http://h/management/v1/orgs/o/models",
        status=200,
        headers=[("content-type", "text/html")],
        content=b"<html>a proxy's page</html>",
        via="client",
    )
    recorded = tmp_path / "run"
    recorder.write(recorded)
    out = tmp_path / "proposal"
    code = spec_propose.main(
        ["--evidence", str(recorded / "evidence.json"), "--out", str(out), "--no-python-api"]
    )
    assert code == 1
    assert "1 unpatchable finding(s) from 1 responses" in capsys.readouterr().out
    report = (out / "report.md").read_text(encoding="utf-8")
    assert (
        "| `listModelArchitectures` | 200 | `` | content: a body of a content type the response does not "
        "document: text/html | 1 |" in report
    )
    assert sorted(p.name for p in out.iterdir()) == ["relaxations.yaml", "report.md", "tightenings.yaml"]
    write_responses(recorded / "responses.jsonl", recorder.responses)  # (unchanged: same bytes again)


def test_evidence_of_another_spec_is_judged_again_against_the_current_one(tmp_path: Path) -> None:
    current = json.loads(json.dumps(spec_propose.generate.amended_spec()))
    older = json.loads(json.dumps(current))
    older["components"]["schemas"]["ModelArchitectureList"]["properties"]["model_architectures"]["type"] = (
        "string"
    )
    recorder = Recorder(older, [], salt=b"s")
    recorder.add(
        method="GET",
        url="http://h/management/v1/orgs/o/models",
        status=200,
        headers=[("content-type", "application/json")],
        content=b'{"model_architectures": ["a", "b"]}',
        via="client",
    )
    recorded = tmp_path / "run"
    recorder.write(recorded)
    assert (
        json.loads((recorded / "evidence.json").read_text())["operations"]["listModelArchitectures"][
            "statuses"
        ]["200"]["bodies_with_errors"]
        == 1
    )  # against the spec it was recorded under: an array is no string
    out = tmp_path / "proposal"
    code = spec_propose.main(
        ["--evidence", str(recorded / "evidence.json"), "--out", str(out), "--no-python-api"]
    )
    assert code == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "were judged again against the working tree's amended spec" in report
    assert "| `listModelArchitectures` | 200 | 1 | 0 | yes |" in report  # it fits the current one
    assert (
        (out / "relaxations.yaml")
        .read_text()
        .endswith("# Nothing to relax: every recorded answer fits the spec.\n")
    )
