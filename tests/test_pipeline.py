"""The spec pipeline: upstream kept as published, amendments additive, generated/ in sync."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DELETE_PATH = "/management/v1/orgs/{org_name}/models/{model_arch_id}/versions/{version_id}"
AMENDED = ROOT / "generated" / "cerebras_management_api" / "openapi.json"


def _load_upstream() -> dict[str, object]:
    return yaml.safe_load((ROOT / "openapi" / "upstream.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_upstream_is_the_published_copy_byte_for_byte() -> None:
    # openapi/NOTES.md records the sha256 of the YAML as Cerebras published it; replacing upstream.yaml
    # with a newer published copy means recording the new hash there too.
    notes = (ROOT / "openapi" / "NOTES.md").read_text(encoding="utf-8")
    recorded = re.search(r"<!-- upstream-sha256 -->`([0-9a-f]{64})`", notes)
    assert recorded is not None, "openapi/NOTES.md must record the published copy's sha256"
    published = (ROOT / "openapi" / "upstream.yaml").read_bytes()
    assert hashlib.sha256(published).hexdigest() == recorded.group(1)
    assert yaml.safe_load(published)["paths"][DELETE_PATH]["delete"]["summary"] == "Delete model version"


def test_amendments_leave_the_published_success_response_untouched() -> None:
    upstream, amended = _load_upstream(), json.loads(AMENDED.read_text(encoding="utf-8"))
    published = upstream["paths"][DELETE_PATH]["delete"]  # type: ignore[index]
    ours = amended["paths"][DELETE_PATH]["delete"]
    assert ours["responses"]["200"] == published["responses"]["200"]
    assert (
        amended["components"]["schemas"]["ModelVersionDeleteResponse"]
        == (
            upstream["components"]["schemas"]["ModelVersionDeleteResponse"]  # type: ignore[index]
        )
    )
    assert ours["parameters"] == published["parameters"]


def test_amendments_add_operation_id_tag_and_error_responses() -> None:
    ours = json.loads(AMENDED.read_text(encoding="utf-8"))["paths"][DELETE_PATH]["delete"]
    assert ours["operationId"] == "deleteModelVersion"
    assert ours["tags"] == ["model_versions"]
    assert set(ours["responses"]) == {"200", "400", "401", "403", "404", "409", "422", "429", "500", "503"}
    assert (ROOT / "generated/cerebras_management_api/api/model_versions/delete_model_version.py").exists()


def test_check_generated_names_stale_files_and_generate_fixes_them(tmp_path: Path) -> None:
    for part in ("openapi", "tools", "generated"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    script = [sys.executable, str(tmp_path / "tools" / "generate.py")]
    assert subprocess.run([*script, "--check"], capture_output=True, check=False).returncode == 0

    upstream = tmp_path / "openapi" / "upstream.yaml"
    upstream.write_text(
        upstream.read_text(encoding="utf-8").replace("Autoincrementing integer", "Auto-incrementing integer"),
        encoding="utf-8",
    )
    stray = tmp_path / "generated" / "cerebras_management_api" / "stray.py"
    stray.write_text("", encoding="utf-8")
    stale = subprocess.run([*script, "--check"], capture_output=True, text=True, check=False)
    assert stale.returncode == 1
    assert "cerebras_management_api/openapi.json" in stale.stderr
    assert "cerebras_management_api/api/model_versions/delete_model_version.py" in stale.stderr
    assert "cerebras_management_api/stray.py" in stale.stderr

    subprocess.run(script, capture_output=True, check=True)
    assert not stray.exists()
    assert subprocess.run([*script, "--check"], capture_output=True, check=False).returncode == 0
