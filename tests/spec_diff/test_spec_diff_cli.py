"""tools/spec_diff.py as a command: reports written, exit codes, and bad input named clearly."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import spec_diff
import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE_FILE = FIXTURES / "base.yaml"
BASE: dict[str, Any] = yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))


def _write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def _run(tmp_path: Path, *args: str) -> int:
    return spec_diff.main([*args, "--out-dir", str(tmp_path / "reports")])


def test_breaking_pair_exits_1_only_with_fail_on_breaking_and_writes_both_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = copy.deepcopy(BASE)
    del head["components"]["schemas"]["Thing"]["properties"]["name"]
    head_file = _write(tmp_path / "head.yaml", head)
    files = ("--base-spec", str(BASE_FILE), "--head-spec", str(head_file))
    assert _run(tmp_path, *files) == 0
    assert _run(tmp_path, *files, "--fail-on-breaking") == 1
    out = capsys.readouterr().out
    assert "BREAKING  response property `Thing.name` removed" in out
    assert "at /components/schemas/Thing/properties/name" in out
    report = json.loads((tmp_path / "reports" / "spec-diff.json").read_text(encoding="utf-8"))
    assert report["breaking"] is True
    assert report["spec"]["changes"][0]["pointer"] == "/components/schemas/Thing/properties/name"
    markdown = (tmp_path / "reports" / "spec-diff.md").read_text(encoding="utf-8")
    assert "### Breaking (1)" in markdown
    assert (
        "| response property `Thing.name` removed | `/components/schemas/Thing/properties/name` |" in markdown
    )


def test_description_only_pair_exits_0_even_with_fail_on_breaking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = copy.deepcopy(BASE)
    head["components"]["schemas"]["Thing"]["description"] = "Reworded."
    head_file = _write(tmp_path / "head.yaml", head)
    assert (
        _run(tmp_path, "--base-spec", str(BASE_FILE), "--head-spec", str(head_file), "--fail-on-breaking")
        == 0
    )
    out = capsys.readouterr().out
    assert "1 documentation-only change(s), not listed" in out
    assert "no breaking change" in out


def test_unreadable_or_invalid_spec_names_the_side_the_file_and_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths: {\n", encoding="utf-8")
    assert _run(tmp_path, "--base-spec", str(broken), "--head-spec", str(BASE_FILE)) == 2
    assert f"base ({broken}): not valid YAML" in capsys.readouterr().err

    missing = tmp_path / "missing.yaml"
    assert _run(tmp_path, "--base-spec", str(BASE_FILE), "--head-spec", str(missing)) == 2
    assert f"head ({missing}): cannot be read" in capsys.readouterr().err

    not_openapi = _write(tmp_path / "not-openapi.yaml", {"openapi": "3.1.0", "paths": {"/x": {"get": {}}}})
    assert _run(tmp_path, "--base-spec", str(BASE_FILE), "--head-spec", str(not_openapi)) == 2
    assert f"head ({not_openapi}): not a valid OpenAPI document" in capsys.readouterr().err

    dangling = copy.deepcopy(BASE)
    dangling["components"]["schemas"]["Thing"]["properties"]["id"] = {"$ref": "#/components/schemas/Gone"}
    dangling_file = _write(tmp_path / "dangling.yaml", dangling)
    # The validator may or may not resolve refs; either way the error names the head and the ref.
    assert _run(tmp_path, "--base-spec", str(BASE_FILE), "--head-spec", str(dangling_file)) == 2
    err = capsys.readouterr().err
    assert "head" in err
    assert "Gone" in err
    assert not (tmp_path / "reports").exists()


def test_a_base_ref_that_does_not_exist_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if spec_diff._git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    assert _run(tmp_path, "--base", "no-such-ref-for-spec-diff") == 2
    assert "base: the ref 'no-such-ref-for-spec-diff' does not exist" in capsys.readouterr().err
