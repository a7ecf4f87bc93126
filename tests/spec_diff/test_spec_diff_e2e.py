"""End to end, in a temporary clone: edit the spec, `make generate`, and the report names the change.

The clone gets this checkout's tools/ and Makefile (so uncommitted tool changes are what is tested)
and runs make with this checkout's .venv (`BIN=...`, the install step marked done), so nothing is
reinstalled. Scenarios share one clone to stay fast.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCHEMA = "/components/schemas/ModelVersionDeleteResponse"
BREAKING_EDIT = f"""
# Test edit: the DELETE response loses its `message` property.
- op: remove
  path: {SCHEMA}/properties/message
- op: remove
  path: {SCHEMA}/required
"""

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None
    or subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--git-dir"], capture_output=True).returncode != 0
    or not (BIN / "python").exists(),
    reason="needs git, a git checkout and a venv",
)


def _run(repo: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "GIT_"))}
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def _make(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(
        repo, "make", "--no-print-directory", "-o", "install", "-o", ".venv/.installed", f"BIN={BIN}", *args
    )


def _git(repo: Path, *args: str) -> None:
    done = _run(repo, "git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args)
    assert done.returncode == 0, done.stderr


def _report(repo: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((repo / "reports" / "spec-diff.json").read_text(encoding="utf-8"))
    return report


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("spec-diff-e2e") / "repo"
    _git(ROOT.parent, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(repo))
    shutil.rmtree(repo / "tools")
    shutil.copytree(ROOT / "tools", repo / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "Makefile", repo / "Makefile")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "--allow-empty", "-m", "this checkout's tools")
    return repo


def test_description_only_edit_regenerates_with_a_report_that_breaks_nothing(clone: Path) -> None:
    upstream = clone / "openapi" / "upstream.yaml"
    text = upstream.read_text(encoding="utf-8")
    assert "Autoincrementing integer" in text
    upstream.write_text(
        text.replace("Autoincrementing integer", "Auto-incrementing integer"), encoding="utf-8"
    )

    generated = _make(clone, "generate")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "documentation-only change(s), not listed" in generated.stdout
    report = _report(clone)
    assert report["breaking"] is False
    assert report["spec"]["changes"] == []
    assert report["spec"]["documentation_only"] >= 2  # the parameter's description and its schema's
    assert [p["breaking"] for p in report["python_api"]] == [[], []]  # griffe: no break either

    checked = _make(clone, "spec-diff", "FAIL_ON_BREAKING=1")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    _git(clone, "commit", "--quiet", "-am", "description-only edit")


def test_removed_response_property_is_named_by_generate_and_fails_the_check(clone: Path) -> None:
    amendments = clone / "openapi" / "amendments.yaml"
    amendments.write_text(amendments.read_text(encoding="utf-8") + BREAKING_EDIT, encoding="utf-8")

    # Before regenerating: the Python API part builds the generated package from the edited spec.
    before = _make(clone, "spec-diff")
    assert before.returncode == 0, before.stdout + before.stderr
    assert "generated/ is stale (run `make generate`)" in before.stdout
    assert "ModelVersionDeleteResponse.message: Public object was removed" in before.stdout

    generated = _make(clone, "generate")
    assert generated.returncode == 0, generated.stdout + generated.stderr  # the report informs; exit 0
    assert "BREAKING  response property `ModelVersionDeleteResponse.message` removed" in generated.stdout
    assert f"at {SCHEMA}/properties/message" in generated.stdout
    report = _report(clone)
    (change,) = report["spec"]["changes"]
    assert (change["kind"], change["pointer"], change["breaking"]) == (
        "response-property-removed",
        f"{SCHEMA}/properties/message",
        True,
    )
    api = {p["package"]: p["breaking"] for p in report["python_api"]}
    assert [b["object"] for b in api["cerebras_management_api"]] == [
        "cerebras_management_api.models.model_version_delete_response.ModelVersionDeleteResponse.message"
    ]
    markdown = (clone / "reports" / "spec-diff.md").read_text(encoding="utf-8")
    assert f"`{SCHEMA}/properties/message`" in markdown

    script = [str(BIN / "python"), "tools/spec_diff.py", "--no-python-api"]
    assert _run(clone, *script, "--fail-on-breaking").returncode == 1
    assert _run(clone, *script).returncode == 0
    assert _make(clone, "spec-diff", "FAIL_ON_BREAKING=1").returncode != 0
    assert _make(clone, "spec-diff", "BASE=HEAD~1", "FAIL_ON_BREAKING=1").returncode != 0
    _git(clone, "checkout", "--quiet", "--", ".")


def test_bad_input_names_the_side_the_file_and_the_problem(clone: Path) -> None:
    script = [str(BIN / "python"), "tools/spec_diff.py"]
    missing_ref = _run(clone, *script, "--base", "no-such-ref")
    assert missing_ref.returncode == 2
    assert "base: the ref 'no-such-ref' does not exist" in missing_ref.stderr

    amendments = clone / "openapi" / "amendments.yaml"
    original = amendments.read_text(encoding="utf-8")
    amendments.write_text(original + "\n- op: [unclosed\n", encoding="utf-8")
    broken = _run(clone, *script)
    assert broken.returncode == 2
    assert "head (working tree): openapi/amendments.yaml: not valid YAML" in broken.stderr
    amendments.write_text(
        original + "\n- {op: remove, path: /components/schemas/NoSuchSchema}\n", encoding="utf-8"
    )
    unpatchable = _run(clone, *script)
    assert unpatchable.returncode == 2
    assert "head (working tree): openapi/amendments.yaml: the JSON Patch does not apply" in unpatchable.stderr
    amendments.write_text(original, encoding="utf-8")

    spec = clone / "generated" / "cerebras_management_api" / "openapi.json"
    spec.write_text('{"openapi": "3.1.0"', encoding="utf-8")
    _git(clone, "commit", "--quiet", "-am", "a broken committed spec")
    not_json = _run(clone, *script)
    assert not_json.returncode == 2
    assert "base (HEAD): generated/cerebras_management_api/openapi.json: not valid JSON" in not_json.stderr
    _git(clone, "rm", "--quiet", str(spec))
    _git(clone, "commit", "--quiet", "-m", "no committed spec")
    gone = _run(clone, *script)
    assert gone.returncode == 2
    assert "base (HEAD): generated/cerebras_management_api/openapi.json: not found at that ref" in gone.stderr
