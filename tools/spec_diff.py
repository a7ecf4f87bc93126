"""What a spec change breaks for client users: compare the amended spec at a git ref with the working tree's.

    python tools/spec_diff.py                       # base HEAD, working tree as head
    python tools/spec_diff.py --base origin/main --fail-on-breaking
    python tools/spec_diff.py --base-spec old.yaml --head-spec new.yaml   # two files, spec part only

Sides. The base is `generated/cerebras_management_api/openapi.json` as committed at the base ref: the
amended spec that ref generated from. The head is what `tools/generate.py`'s `amended_spec()` builds
from the working tree's `openapi/` now. The comparison itself (tools/specdiff/compare.py) is
structural: `$ref`s followed, key order and YAML formatting ignored. The Python API part
(tools/specdiff/pyapi.py) runs griffe over `cerebras_management` and `cerebras_management_api` at the
base ref and in the working tree (a fresh build of the generated package when `generated/` is stale).

Output: a summary on stdout, `reports/spec-diff.md` (for a pull request) and `reports/spec-diff.json`.
Exit status: 0, or 1 with --fail-on-breaking when anything is breaking (or griffe could not compare
a package); 2 when a side cannot be read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/: generate.py and specdiff/

import generate
from specdiff import SpecError, diff_specs
from specdiff.pyapi import PACKAGES, compare_packages, extract_tree
from specdiff.report import Report, markdown, terminal

ROOT = generate.ROOT
BASE_SPEC = f"generated/{generate.PACKAGE}/openapi.json"


class InputError(Exception):
    """A side that cannot be read; the message names the side, the file and the problem."""


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)


def _short(problem: object, limit: int = 300) -> str:
    """One line about a problem: no dump of the whole document, no placeholder file name."""
    text = " ".join(str(problem).split()).replace('in "<unicode string>", ', "")
    text = text.split(" within {", 1)[0]  # jsonschema-style messages append the whole instance
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _validate(spec: Any, side: str) -> dict[str, Any]:
    """Check that `spec` is an OpenAPI document; raise InputError naming `side` if not."""
    if not isinstance(spec, dict):
        raise InputError(f"{side}: not an OpenAPI document (the top level is not a mapping)")
    try:
        validate(spec)
    except Exception as error:  # openapi-spec-validator raises several jsonschema-based types
        raise InputError(
            f"{side}: not a valid OpenAPI document: {_short(getattr(error, 'message', error))}"
        ) from None
    return spec


def resolve_ref(ref: str) -> str:
    """The commit id `ref` names; InputError if this is no git repository or the ref does not exist."""
    if _git("rev-parse", "--git-dir").returncode != 0:
        raise InputError(f"base: {ROOT} is not a git repository, so there is no ref {ref!r} to compare with")
    found = _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode != 0:
        raise InputError(
            f"base: the ref {ref!r} does not exist in this repository (no such branch, tag or commit)"
        )
    return found.stdout.strip()


def base_spec_at(ref: str, commit: str) -> dict[str, Any]:
    """The amended spec committed at `commit` (`generated/.../openapi.json`)."""
    side = f"base ({ref}): {BASE_SPEC}"
    shown = _git("show", f"{commit}:{BASE_SPEC}")
    if shown.returncode != 0:
        raise InputError(f"{side}: not found at that ref ({_short(shown.stderr)})")
    try:
        spec = json.loads(shown.stdout)
    except json.JSONDecodeError as error:
        raise InputError(f"{side}: not valid JSON: {error}") from None
    return _validate(spec, side)


def head_spec() -> dict[str, Any]:
    """The working tree's amended spec, from tools/generate.py; InputError naming the file at fault."""
    try:
        spec = generate.amended_spec()
    except Exception as error:
        raise InputError(_diagnose_head(error)) from None
    return _validate(json.loads(json.dumps(spec)), "head (working tree): the amended spec")


def _diagnose_head(error: Exception) -> str:
    """Say which of the working tree's files made `amended_spec()` fail, and how."""
    side = "head (working tree)"
    for path in sorted(generate.OPENAPI.glob("*.yaml")):
        if path.name == "generator-config.yaml":
            continue
        rel = path.relative_to(ROOT)
        try:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as problem:
            return f"{side}: {rel}: cannot be read: {problem.strerror}"
        except yaml.YAMLError as problem:
            return f"{side}: {rel}: not valid YAML: {_short(problem)}"
    if isinstance(error, generate.SpecSourceError):
        return f"{side}: {error}"
    if isinstance(error, OSError):
        return f"{side}: {error.filename or 'a spec file'}: cannot be read: {error.strerror}"
    if type(error).__module__.startswith(("jsonpatch", "jsonpointer")):
        return f"{side}: openapi/amendments.yaml: the JSON Patch does not apply: {_short(error)}"
    if type(error).__module__.startswith(("openapi_spec_validator", "jsonschema")):
        message = _short(getattr(error, "message", error))
        return f"{side}: the amended spec built from openapi/ is not valid OpenAPI: {message}"
    return f"{side}: building the amended spec failed: {type(error).__name__}: {_short(error)}"


def spec_file(path: Path, side: str) -> dict[str, Any]:
    """A spec read from a YAML or JSON file."""
    label = f"{side} ({path})"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{label}: cannot be read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{label}: not UTF-8 text: {error}") from None
    try:
        spec = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        kind = "JSON" if path.suffix == ".json" else "YAML"
        raise InputError(f"{label}: not valid {kind}: {_short(error)}") from None
    return _validate(json.loads(json.dumps(spec, default=str)), label)


def python_api(commit: str, head: dict[str, Any], scratch: Path, notes: list[str]) -> list[Any]:
    """griffe's comparison of both packages between `commit` and the working tree."""
    base_root = scratch / "base"
    base_root.mkdir()
    extract_tree(ROOT, commit, base_root, sorted(set(PACKAGES.values())))
    head_roots = {package: ROOT / folder for package, folder in PACKAGES.items()}
    committed = ROOT / BASE_SPEC
    current = json.loads(committed.read_text(encoding="utf-8")) if committed.exists() else None
    if current != head:
        fresh = scratch / "head-generated"
        try:
            generate.build(fresh / generate.PACKAGE)
        except (Exception, SystemExit) as error:
            notes.append(
                f"generated/ is stale and a fresh build failed ({_short(error)}): "
                "the Python API part compares the stale generated/"
            )
        else:
            head_roots[generate.PACKAGE] = fresh
            notes.append(
                "generated/ is stale (run `make generate`): the Python API part compares a fresh build "
                "of the working tree's spec"
            )
    return compare_packages(base_root, head_roots)


def run(args: argparse.Namespace) -> Report:
    """Load both sides, compare them, and return the report (InputError when a side is unusable)."""
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        if args.base_spec:
            base = spec_file(args.base_spec, "base")
            base_label, commit = f"`{args.base_spec}`", None
        else:
            commit = resolve_ref(args.base)
            base = base_spec_at(args.base, commit)
            base_label = f"`{args.base}` ({commit[:10]}), `{BASE_SPEC}`"
        if args.head_spec:
            head = spec_file(args.head_spec, "head")
            head_label = f"`{args.head_spec}`"
        else:
            head = head_spec()
            head_label = "working tree, the amended spec `tools/generate.py` builds from `openapi/`"
        try:
            spec = diff_specs(base, head)
        except SpecError as error:
            raise InputError(str(error)) from None
        python = None
        if commit is not None and not args.head_spec and not args.no_python_api:
            python = python_api(commit, head, Path(scratch), notes)
        elif not args.no_python_api:
            notes.append(
                "Python API not compared: spec files were given instead of a ref and the working tree"
            )
    return Report(base_label, head_label, spec, python, notes)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--base", default="HEAD", help="git ref whose committed amended spec is the base (HEAD)"
    )
    parser.add_argument("--base-spec", type=Path, help="compare this YAML/JSON spec file instead of --base")
    parser.add_argument(
        "--head-spec", type=Path, help="compare this YAML/JSON spec file instead of the working tree"
    )
    parser.add_argument(
        "--fail-on-breaking", action="store_true", help="exit 1 when anything breaking is found"
    )
    parser.add_argument("--no-python-api", action="store_true", help="skip the griffe comparison")
    parser.add_argument(
        "--out-dir", type=Path, default=ROOT / "reports", help="where the reports go (reports/)"
    )
    args = parser.parse_args(argv)
    try:
        report = run(args)
    except InputError as error:
        print(f"spec-diff: error: {error}", file=sys.stderr)
        return 2
    args.out_dir.mkdir(parents=True, exist_ok=True)
    md_path, json_path = args.out_dir / "spec-diff.md", args.out_dir / "spec-diff.json"
    md_path.write_text(markdown(report), encoding="utf-8")
    json_path.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(terminal(report))
    print(f"reports: {_display(md_path)}, {_display(json_path)}")
    # An incomplete Python API comparison cannot vouch for "nothing breaks".
    return 1 if args.fail_on_breaking and (report.breaking or report.incomplete) else 0


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
