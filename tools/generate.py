"""Build `generated/` from `openapi/`: amend the upstream spec, validate it, run the generator.

    python tools/generate.py          # rewrite generated/ (stale files removed)
    python tools/generate.py --check  # exit 1 and name every stale file; change nothing

Steps: load `openapi/upstream.yaml` (the spec as published), apply `openapi/amendments.yaml`
(an RFC 6902 JSON Patch) with `jsonpatch`, validate the result with `openapi-spec-validator`, run
the pinned openapi-python-client into a scratch directory, add `py.typed` and the amended spec
(`openapi.json`, which the mock server and the contract tests load), then compare that tree with
`generated/cerebras_management_api/` and replace it whole, so no stray file survives.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonpatch
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi"
PACKAGE = "cerebras_management_api"
TARGET = ROOT / "generated" / PACKAGE


def amended_spec() -> dict[str, object]:
    """Return the upstream spec with our amendments applied, validated as OpenAPI."""
    upstream = yaml.safe_load((OPENAPI / "upstream.yaml").read_text(encoding="utf-8"))
    patch = jsonpatch.JsonPatch(yaml.safe_load((OPENAPI / "amendments.yaml").read_text(encoding="utf-8")))
    spec: dict[str, object] = patch.apply(upstream)
    validate(spec)
    return spec


def build(out: Path) -> None:
    """Generate the package into `out` (which must not exist)."""
    spec_json = json.dumps(amended_spec(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    with tempfile.TemporaryDirectory() as scratch:
        spec_path = Path(scratch) / "openapi.json"
        spec_path.write_text(spec_json, encoding="utf-8")
        # The generator's post hooks call `ruff`: use the pinned one from this interpreter's venv.
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(spec_path),
                "--config",
                str(OPENAPI / "generator-config.yaml"),
                "--meta",
                "none",
                "--output-path",
                str(out),
                "--fail-on-warning",
            ],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"openapi-python-client failed (exit {result.returncode})")
    (out / "py.typed").write_text("", encoding="utf-8")
    (out / "openapi.json").write_text(spec_json, encoding="utf-8")


def stale_files(fresh: Path, current: Path) -> list[str]:
    """Relative paths that differ between the two trees (added, removed or changed)."""

    def files(root: Path) -> set[str]:
        if not root.exists():
            return set()
        return {
            str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        }

    fresh_files, current_files = files(fresh), files(current)
    changed = sorted(fresh_files ^ current_files)
    changed += sorted(
        name
        for name in fresh_files & current_files
        if not filecmp.cmp(fresh / name, current / name, shallow=False)
    )
    return sorted(changed)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only report stale files; exit 1 if any")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / PACKAGE
        build(fresh)
        stale = stale_files(fresh, TARGET)
        if args.check:
            if stale:
                print("generated/ is stale: these files differ from what openapi/ produces:", file=sys.stderr)
                for name in stale:
                    print(f"  generated/{PACKAGE}/{name}", file=sys.stderr)
                print("Run `make generate` and commit the result.", file=sys.stderr)
                return 1
            print("generated/ is up to date with openapi/")
            return 0
        if stale:
            shutil.rmtree(TARGET, ignore_errors=True)
            TARGET.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(fresh, TARGET)
        print(f"generated/{PACKAGE}: {len(stale)} file(s) changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
