"""The two spec sources, their merge, the named schemas and the generator's template override."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from spec_merge import HTTP_METHODS, differences, merge  # noqa: E402

AMENDED = ROOT / "generated" / "cerebras_management_api" / "openapi.json"
OPERATION_IDS = {
    "listModelArchitectures": "models",
    "listModelVersions": "model_versions",
    "uploadModelVersion": "model_versions",
    "getModelVersion": "model_versions",
    "setModelVersionAliases": "model_versions",
    "deleteModelVersion": "model_versions",
    "listEndpoints": "endpoints",
    "getEndpoint": "endpoints",
    "deployModel": "endpoints",
}


def _notes() -> str:
    return (ROOT / "openapi" / "NOTES.md").read_text(encoding="utf-8")


def _yaml(name: str) -> Any:
    return yaml.safe_load((ROOT / "openapi" / name).read_text(encoding="utf-8"))


def _operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


# --- merge() on small documents ---------------------------------------------------------------


def _doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas or {}}}  # fmt: skip


def test_merge_adds_what_only_the_reconstruction_has() -> None:
    upstream = _doc({"/a": {"delete": {"summary": "published"}}})
    reconstructed = _doc(
        {"/a": {"get": {"summary": "rebuilt"}}, "/b": {"post": {"summary": "rebuilt"}}},
        {"B": {"type": "object"}},
    )
    spec, report = merge(upstream, reconstructed)
    assert spec["paths"] == {
        "/a": {"delete": {"summary": "published"}, "get": {"summary": "rebuilt"}},
        "/b": {"post": {"summary": "rebuilt"}},
    }
    assert spec["components"]["schemas"] == {"B": {"type": "object"}}
    assert report.added_operations == ["GET /a", "POST /b"]
    assert report.added_components == ["components/schemas/B"]
    assert report.overlaps == []


def test_merge_keeps_the_published_operation_and_names_what_it_ignored() -> None:
    published = {"summary": "published", "parameters": [{"name": "id", "schema": {"type": "string"}}]}
    rebuilt = {"summary": "rebuilt", "parameters": [{"name": "id", "schema": {"type": "integer"}}], "x": 1}
    upstream = _doc({"/a": {"delete": published}}, {"S": {"type": "string"}})
    reconstructed = _doc({"/a": {"delete": rebuilt}}, {"S": {"type": "string"}})
    before = copy.deepcopy(upstream)

    spec, report = merge(upstream, reconstructed)

    assert spec["paths"]["/a"]["delete"] == published
    assert upstream == before, "merge must not modify its inputs"
    overlap, schema = report.overlaps
    assert overlap.where == "DELETE /a"
    assert overlap.ignored == ["/summary", "/parameters/0/schema/type", "/x"]
    assert schema.where == "components/schemas/S"
    assert schema.ignored == []
    text = "\n".join(report.lines())
    assert "DELETE /a: published in upstream.yaml, which wins" in text
    assert "/parameters/0/schema/type" in text
    assert "identical and can be deleted" in text


def test_differences_escape_pointer_tokens() -> None:
    assert differences({"a/b": 1, "c~d": [1, 2]}, {"a/b": 2, "c~d": [1, 3]}) == ["/a~1b", "/c~0d/1"]
    assert differences([1], [1, 2]) == [""]


# --- the real sources --------------------------------------------------------------------------


def test_reconstructed_source_keeps_every_provenance_marker() -> None:
    text = (ROOT / "openapi" / "reconstructed.yaml").read_text(encoding="utf-8")
    for marker in ("# NOT SEEN", "FROM RENDERED PAGE", "INFERRED FROM EXAMPLE"):
        assert marker in text
    # Not edited by hand (corrections are amendments): openapi/NOTES.md records its sha256.
    recorded = re.search(r"<!-- reconstructed-sha256 -->`([0-9a-f]{64})`", _notes())
    assert recorded is not None, "openapi/NOTES.md must record reconstructed.yaml's sha256"
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == recorded.group(1)


def test_the_amended_spec_has_nine_operations_named_and_tagged() -> None:
    amended = json.loads(AMENDED.read_text(encoding="utf-8"))
    operations = _operations(amended)
    assert len(operations) == 9
    assert {op["operationId"]: op["tags"] for op in operations.values()} == {
        name: [tag] for name, tag in OPERATION_IDS.items()
    }
    for where, operation in operations.items():
        codes = set(operation["responses"])
        assert {"400", "401", "403", "404", "422", "429", "500", "503"} <= codes, where
        assert ("409" in codes) == (not where.startswith("GET")), where


def _resolved(value: Any, spec: dict[str, Any]) -> Any:
    """`value` with every $ref replaced by its target, and annotations (description, title) dropped."""
    if isinstance(value, dict):
        if "$ref" in value:
            target = spec
            for token in value["$ref"].removeprefix("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            return _resolved(target, spec)
        return {
            k: _resolved(v, spec) for k, v in value.items() if k not in ("description", "title", "example")
        }
    if isinstance(value, list):
        return [_resolved(item, spec) for item in value]
    return value


#: Fields the amendments widen on purpose: a type INFERRED FROM EXAMPLE that another source
#: contradicts becomes the union of what the sources show (see the end of amendments.yaml).
#: (operation, place, path in the resolved schema) -> (the source's type, the amended type)
WIDENED = {
    (
        "POST /management/v1/endpoints/{endpoint_id}:deployModel",
        "responses",
        ("properties", "response", "properties", "version_id"),
    ): ({"type": "integer"}, {"type": ["integer", "string"]}),
}


def _widen(schema: dict[str, Any], path: tuple[str, ...], was: Any, now: Any) -> None:
    parent = schema
    for key in path[:-1]:
        parent = parent[key]
    assert parent[path[-1]] == was, f"the source no longer says {was} at {path}: review the widening"
    parent[path[-1]] = now


def test_named_schemas_accept_exactly_what_the_sources_inlined() -> None:
    """Moving an inline schema to a named one may not change what it accepts (but for `WIDENED`)."""
    amended = json.loads(AMENDED.read_text(encoding="utf-8"))
    merged, _ = merge(_yaml("upstream.yaml"), _yaml("reconstructed.yaml"))
    for where, source in _operations(merged).items():
        ours = _operations(amended)[where]
        for place in ("requestBody", "responses"):
            if place == "responses":
                mine, theirs = ours["responses"]["200"], source["responses"]["200"]
            elif place in source:
                mine, theirs = ours[place], source[place]
            else:
                continue
            schema_mine = _resolved(mine["content"]["application/json"]["schema"], amended)
            schema_theirs = _resolved(theirs["content"]["application/json"]["schema"], merged)
            for (operation, widened_place, path), (was, now) in WIDENED.items():
                if (operation, widened_place) == (where, place):
                    _widen(schema_theirs, path, was, now)
            assert schema_mine == schema_theirs, f"{where} {place}"


def test_the_named_schemas_exist() -> None:
    schemas = json.loads(AMENDED.read_text(encoding="utf-8"))["components"]["schemas"]
    for name in (
        "ModelArchitectureList", "ModelVersion", "ModelVersionList", "ModelVersionStatus",
        "ModelVersionUploadRequest", "ModelVersionUploadRequestModel", "ModelVersionAliasesUpdate",
        "ModelVersionAliases", "Endpoint", "EndpointList", "EndpointStatus", "DeployedModel",
        "DeployModelRequest", "Deployment", "DeploymentMetadata",
    ):  # fmt: skip
        assert name in schemas, name


# --- generated models: absent and null read as None ------------------------------------------------


def test_absent_and_null_optional_fields_read_as_none() -> None:
    from cerebras_management_api.models import ModelVersion, ModelVersionStatus

    version = ModelVersion.from_dict({"name": "orgs/o/models/m/versions/1", "done": False, "response": None})
    assert version.response is None
    status = ModelVersionStatus.from_dict({"sync_status": None, "version_aliases": ["a"], "extra": 1})
    assert status.sync_status is None
    assert status.customer_s3_uri is None
    assert status.version_aliases == ["a"]
    assert status.additional_properties == {"extra": 1}
    assert status.to_dict() == {"version_aliases": ["a"], "extra": 1}, "None is left out, not sent as null"
    assert ModelVersion(name="n", done=True).to_dict() == {"name": "n", "done": True}


def test_a_missing_required_field_still_fails_in_the_generated_model() -> None:
    from cerebras_management_api.models import ModelVersion

    with pytest.raises(KeyError, match="done"):
        ModelVersion.from_dict({"name": "n"})


# --- make generate ---------------------------------------------------------------------------------


def _copy_tree(tmp_path: Path) -> list[str]:
    for part in ("openapi", "tools", "generated"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    return [sys.executable, str(tmp_path / "tools" / "generate.py")]


def test_generate_names_the_overlap_of_the_two_sources(tmp_path: Path) -> None:
    script = _copy_tree(tmp_path)
    reconstructed = tmp_path / "openapi" / "reconstructed.yaml"
    text = reconstructed.read_text(encoding="utf-8")
    # The reconstruction's copy of the published DELETE drifts: the build keeps upstream and says where.
    marker = "    delete:\n      summary: Delete model version\n"
    assert text.count(marker) == 1
    reconstructed.write_text(
        text.replace(marker, marker.replace("Delete model", "Remove model")), encoding="utf-8"
    )

    result = subprocess.run(script, capture_output=True, text=True, check=True)

    assert "8 operation(s)" in result.stdout
    assert (
        "DELETE /management/v1/orgs/{org_name}/models/{model_arch_id}/versions/{version_id}" in result.stdout
    )
    assert "differs at 1 place(s), ignored:\n    /summary" in result.stdout
    assert "0 file(s) changed" in result.stdout, "upstream won: nothing generated changed"


def test_generate_stops_when_the_stock_template_changed(tmp_path: Path) -> None:
    script = _copy_tree(tmp_path)
    (tmp_path / "openapi" / "templates" / "stock.sha256").write_text("0" * 64 + "  model.py.jinja\n")

    result = subprocess.run([*script, "--check"], capture_output=True, text=True, check=False)

    assert result.returncode != 0
    assert "openapi/templates/model.py.jinja was made from another version" in result.stderr
    assert "CEREBRAS OVERRIDE" in result.stderr
