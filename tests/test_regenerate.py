"""A property added to the spec reaches users after `make generate` alone, with no wrapper change.

In a temporary copy of openapi/, tools/ and generated/, a JSON Patch amendment adds ``sync_progress``
to ``ModelVersionStatus`` and tools/generate.py regenerates. A subprocess then imports the *real*
wrapper (this repository's wrapper/) over that regenerated package, and reads the new property from
``client.model_versions.get(...)`` against the mock server, typed and type-checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AMENDMENT = """
# Test amendment: a property the wrapper has never heard of.
- op: add
  path: /components/schemas/ModelVersionStatus/properties/sync_progress
  value:
    type: integer
    description: Percent of the weights synced so far.
"""

CLIENT = textwrap.dedent(
    """
    import json
    from pathlib import Path

    import cerebras_management
    import cerebras_management_api
    from cerebras_management import APIResponseValidationError, ManagementClient
    from cerebras_management.testing import Fault, MockServer
    from cerebras_management.types import ModelVersionStatus

    assert Path(cerebras_management.__file__).is_relative_to(Path(REAL_WRAPPER)), cerebras_management.__file__
    assert Path(cerebras_management_api.__file__).is_relative_to(Path(TMP_GENERATED))
    assert "sync_progress" in [f for f in ModelVersionStatus.__annotations__]

    name = "orgs/my-org/models/gpt-oss-120b/versions/1"
    with MockServer() as server:
        server.add_model_version("gpt-oss-120b", sync_status="in_progress")
        client = ManagementClient(api_key=server.api_key, org_name=server.org_name, base_url=server.url)
        status = {"sync_status": "in_progress", "sync_progress": 40}
        server.inject(Fault.body(200, json.dumps({"name": name, "done": False, "response": status}).encode()))
        version = client.model_versions.get("gpt-oss-120b", 1)
        assert version.response.sync_progress == 40, version
        assert version.response.additional_properties == {}
        server.inject(Fault.body(200, json.dumps({"name": name, "done": False, "response": {}}).encode()))
        assert client.model_versions.get("gpt-oss-120b", 1).response.sync_progress is None
        bad = {"name": name, "done": False, "response": {"sync_progress": "forty"}}
        server.inject(Fault.body(200, json.dumps(bad).encode()))
        try:
            client.model_versions.get("gpt-oss-120b", 1)
        except APIResponseValidationError as error:
            assert error.field == "response.sync_progress", error.field
        else:
            raise AssertionError("a string sync_progress was accepted")
    print("sync_progress read:", version.response.sync_progress)
    """
)


def test_a_property_added_to_the_spec_reaches_model_versions_get(tmp_path: Path) -> None:
    for part in ("openapi", "tools", "generated"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    amendments = tmp_path / "openapi" / "amendments.yaml"
    amendments.write_text(amendments.read_text(encoding="utf-8") + AMENDMENT, encoding="utf-8")
    subprocess.run([sys.executable, str(tmp_path / "tools" / "generate.py")], check=True, capture_output=True)
    model = tmp_path / "generated" / "cerebras_management_api" / "models" / "model_version_status.py"
    assert "sync_progress: int | None = None" in model.read_text(encoding="utf-8")

    tmp_generated = tmp_path / "generated"
    real_wrapper = ROOT / "wrapper"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_generated), str(real_wrapper)])}
    script = f"REAL_WRAPPER = {str(real_wrapper)!r}\nTMP_GENERATED = {str(tmp_generated)!r}\n" + CLIENT
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "sync_progress read: 40" in result.stdout
    # The wrapper was not touched: nothing under wrapper/ names the new property.
    assert not [p for p in real_wrapper.rglob("*.py") if "sync_progress" in p.read_text(encoding="utf-8")]
