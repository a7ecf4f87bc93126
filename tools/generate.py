"""Build `generated/` from `openapi/`: amend the upstream spec, validate it, run the generator.

    python tools/generate.py          # rewrite generated/ (stale files removed)
    python tools/generate.py --check  # exit 1 and name every stale file; change nothing

Steps: load `openapi/upstream.yaml` (the spec as published) and merge `openapi/reconstructed.yaml`
under it (`spec_merge`: a published operation always wins, and the overlap is reported), apply
`openapi/amendments.yaml` (an RFC 6902 JSON Patch) with `jsonpatch`, validate the result with
`openapi-spec-validator`, check that our template overrides (`openapi/templates/`) were made from the
pinned generator's stock templates, run openapi-python-client into a scratch directory, add `py.typed`
and the amended spec (`openapi.json`, which the mock server and the contract tests load), then compare
that tree with `generated/cerebras_management_api/` and replace it whole, so no stray file survives.
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
from typing import Any

import jsonpatch
import jsonpointer
import yaml
from openapi_spec_validator import validate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evidence.patches import apply
from spec_merge import MergeReport, merge
from template_overrides import check_overrides

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "openapi"
PACKAGE = "cerebras_management_api"
TARGET = ROOT / "generated" / PACKAGE
TEMPLATES = OPENAPI / "templates"


class SpecSourceError(Exception):
    """A file in openapi/ cannot be read, or the amendments do not apply; the message says which."""


def _load_yaml(name: str) -> Any:
    path = OPENAPI / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SpecSourceError(f"openapi/{name}: cannot read it: {error}") from None


def merged_sources() -> tuple[dict[str, Any], MergeReport]:
    """upstream.yaml with reconstructed.yaml merged under it, and what the merge kept or ignored."""
    return merge(_load_yaml("upstream.yaml"), _load_yaml("reconstructed.yaml"))


def amended_spec() -> dict[str, Any]:
    """Return the merged sources with our amendments applied, validated as OpenAPI."""
    spec, _ = merged_sources()
    try:
        amended: dict[str, Any] = apply(spec, _load_yaml("amendments.yaml") or [])
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as error:
        # apply() names the failing operation (and so the group it belongs to).
        raise SpecSourceError(
            f"openapi/amendments.yaml: the JSON Patch does not apply to the merged spec: {error}. An "
            "amendment names a place the spec no longer has (or a `test` found another value): update it."
        ) from None
    validate(amended)
    return amended


def build(out: Path, spec: dict[str, Any] | None = None) -> None:
    """Generate the package into `out` (which must not exist) from `spec` (default: `amended_spec()`)."""
    check_overrides(TEMPLATES)
    if spec is None:
        spec = amended_spec()
    else:
        validate(spec)
    spec_json = json.dumps(spec, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
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
                "--custom-template-path",
                str(TEMPLATES),
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
    try:
        return _run(check=args.check)
    except SpecSourceError as error:
        print(error, file=sys.stderr)
        return 1


def _run(*, check: bool) -> int:
    if not check:
        print("\n".join(merged_sources()[1].lines()))
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / PACKAGE
        build(fresh)
        stale = stale_files(fresh, TARGET)
        if check:
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
