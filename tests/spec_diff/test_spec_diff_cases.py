"""The comparison core against fixture spec pairs: each change classified as the case expects."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import yaml
from openapi_spec_validator import validate
from specdiff import SpecError, diff_specs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE: dict[str, Any] = yaml.safe_load((FIXTURES / "base.yaml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "cases.yaml").read_text(encoding="utf-8"))


def _head(case: dict[str, Any]) -> dict[str, Any]:
    head: dict[str, Any] = jsonpatch.JsonPatch(case["patch"]).apply(copy.deepcopy(BASE))
    return head


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_fixture_pair_gets_the_expected_verdict(case: dict[str, Any]) -> None:
    head = _head(case)
    validate(head)  # every head is a valid spec: the verdicts are about real specs
    diff = diff_specs(copy.deepcopy(BASE), head)
    listed = [(c.kind, c.pointer) for c in diff.changes]
    for expected in case["expect"]:
        assert (expected["kind"], expected["pointer"]) in listed, listed
    if case.get("only"):
        assert len(listed) == len(case["expect"]), listed
    assert bool(diff.breaking) is case["breaking"], [c.message for c in diff.changes]
    if "documentation_only" in case:
        assert len(diff.documentation_changes) == case["documentation_only"], diff.documentation_changes


def test_a_reordered_and_reformatted_yaml_file_is_no_change_at_all() -> None:
    reordered = yaml.safe_load((FIXTURES / "base-reordered.yaml").read_text(encoding="utf-8"))
    assert reordered != BASE or list(reordered) != list(BASE)  # the file really differs
    diff = diff_specs(BASE, reordered)
    assert diff.changes == []
    assert diff.documentation_changes == []


def test_an_identical_spec_is_no_change() -> None:
    diff = diff_specs(BASE, copy.deepcopy(BASE))
    assert (diff.changes, diff.documentation_changes) == ([], [])


def test_a_shared_schema_change_is_one_change_naming_every_operation_that_reads_it() -> None:
    head = _head(next(c for c in CASES if c["id"] == "response-property-removed"))
    (change,) = diff_specs(BASE, head).changes
    assert change.message == "response property `Thing.name` removed"
    assert sorted(change.used_by) == [
        "GET /orgs/{org_name}/things/{thing_id} (getThing)",
        "POST /orgs/{org_name}/things (createThing)",
    ]
    assert change.base_pointer == "/components/schemas/Thing/properties/name"
    assert change.head_pointer is None


def test_the_description_only_case_lists_nothing_but_keeps_the_pointers() -> None:
    diff = diff_specs(BASE, _head(next(c for c in CASES if c["id"] == "description-only")))
    assert "/components/schemas/Thing/description" in diff.documentation_changes
    assert diff.as_dict()["documentation_only"] == len(diff.documentation_changes)


def test_a_property_named_like_a_keyword_is_compared_as_a_property() -> None:
    base = copy.deepcopy(BASE)
    base["components"]["schemas"]["Thing"]["properties"]["description"] = {"type": "string"}
    head = copy.deepcopy(base)
    del head["components"]["schemas"]["Thing"]["properties"]["description"]
    (change,) = diff_specs(base, head).changes
    assert change.kind == "response-property-removed"


def test_broken_refs_are_reported_not_crashed_on() -> None:
    head = copy.deepcopy(BASE)
    head["components"]["schemas"]["Thing"]["properties"]["children"]["items"] = {
        "$ref": "#/components/schemas/Nope"
    }
    with pytest.raises(SpecError, match=r"head spec: \$ref target #/components/schemas/Nope does not exist"):
        diff_specs(BASE, head)
    head["components"]["schemas"]["Thing"]["properties"]["children"]["items"] = {"$ref": "other.yaml#/X"}
    with pytest.raises(SpecError, match="only local"):
        diff_specs(BASE, head)


def _spec(schemas: dict[str, Any]) -> dict[str, Any]:
    """A one-operation spec whose 200 response is `Root`, with these component schemas."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/r": {
                "get": {
                    "operationId": "getRoot",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Root"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


def test_mutually_recursive_schemas_terminate_and_still_show_changes_deep_inside() -> None:
    base = _spec(
        {
            "Root": {"type": "object", "properties": {"node": {"$ref": "#/components/schemas/A"}}},
            "A": {
                "type": "object",
                "properties": {"b": {"$ref": "#/components/schemas/B"}, "x": {"type": "string"}},
            },
            "B": {
                "type": "object",
                "properties": {"a": {"$ref": "#/components/schemas/A"}, "y": {"type": "string"}},
            },
        }
    )
    head = copy.deepcopy(base)
    del head["components"]["schemas"]["B"]["properties"]["y"]
    (change,) = diff_specs(base, head).changes
    assert (change.kind, change.pointer) == (
        "response-property-removed",
        "/components/schemas/B/properties/y",
    )


def test_all_of_is_merged_and_nullable_spellings_compare_equal() -> None:
    base = _spec(
        {
            "Root": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "properties": {"n": {"type": ["integer", "null"]}}},
                ]
            },
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
        }
    )
    head = copy.deepcopy(base)
    # Same meaning, other spellings: `anyOf [X, null]` instead of a type list.
    head["components"]["schemas"]["Root"]["allOf"][1]["properties"]["n"] = {
        "anyOf": [{"type": "integer"}, {"type": "null"}]
    }
    assert diff_specs(base, head).changes == []
    head["components"]["schemas"]["Base"]["required"] = []  # reached through allOf
    (change,) = diff_specs(base, head).changes
    assert (change.kind, change.breaking) == ("response-property-optional", True)
    assert change.pointer == "/components/schemas/Base/properties/id"


def test_one_of_alternatives_are_matched_by_component_name() -> None:
    base = _spec(
        {
            "Root": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
            "Cat": {"type": "object", "properties": {"meow": {"type": "string"}}},
            "Dog": {"type": "object", "properties": {"bark": {"type": "string"}}},
            "Bird": {"type": "object", "properties": {"tweet": {"type": "string"}}},
        }
    )
    head = copy.deepcopy(base)
    head["components"]["schemas"]["Root"]["oneOf"].reverse()
    assert diff_specs(base, head).changes == []
    head["components"]["schemas"]["Root"]["oneOf"].append({"$ref": "#/components/schemas/Bird"})
    (change,) = diff_specs(base, head).changes
    assert (change.kind, change.breaking) == ("response-variant-added", True)  # readers meet a new shape
