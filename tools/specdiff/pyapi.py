"""The Python side of `tools/spec_diff.py`: what changed in the packages users import, with griffe.

The base tree is `git archive`d out of the repository at the base ref into a scratch folder (read-only
for the repository: unlike `griffe.load_git`, no worktree is added to the `.git` that parallel
worktrees share). Both trees are loaded statically with `griffe.load` and compared with
`griffe.find_breaking_changes`; public objects that only the head has are listed as additions.
griffe does not compare annotations (a model attribute going from ``str | None`` to ``str``, a
return type widened), so public attributes, parameters and return types whose annotation changed
are listed beside, as ``changed_types``: what a user's type checker sees differently.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import griffe

# Package -> the folder (relative to the repository root) that holds it.
PACKAGES = {"cerebras_management": "wrapper", "cerebras_management_api": "generated"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOCATION = re.compile(r"^\S+:\d+: ")


@dataclass
class PackageApiDiff:
    """griffe's verdict for one package."""

    package: str
    breaking: list[dict[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed_types: list[dict[str, str]] = field(default_factory=list)
    note: str | None = None
    failed: bool = False  # griffe could not compare it: the verdict is unknown

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "package": self.package,
            "breaking": self.breaking,
            "added": self.added,
            "changed_types": self.changed_types,
            "note": self.note,
            "failed": self.failed,
        }


def extract_tree(root: Path, ref: str, dest: Path, folders: list[str]) -> list[str]:
    """Write `folders` as they are at `ref` into `dest`; return the folders that exist at `ref`."""
    present = [
        f
        for f in folders
        if subprocess.run(
            ["git", "-C", str(root), "cat-file", "-e", f"{ref}:{f}"], capture_output=True, check=False
        ).returncode
        == 0
    ]
    if not present:
        return []
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", ref, "--", *present],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return present


def _load(package: str, folder: Path) -> griffe.Object | griffe.Alias | None:
    if not (folder / package / "__init__.py").exists():
        return None
    loaded = griffe.load(package, search_paths=[folder], try_relative_path=False, allow_inspection=False)
    if loaded.filepath is None or folder.resolve() not in Path(str(loaded.filepath)).resolve().parents:
        raise RuntimeError(f"griffe loaded {package} from {loaded.filepath}, not from {folder}")
    return loaded


def _explain(breakage: griffe.Breakage) -> str:
    text = _ANSI.sub("", breakage.explain(style=griffe.ExplanationStyle.ONE_LINE))
    text = _LOCATION.sub("", text)
    # griffe names the object relative to its module; give the full import path instead.
    _, _, rest = text.partition(": ")
    return f"{breakage.obj.path}: {rest}"


def _public_paths(obj: Any) -> set[str]:
    """Import paths of the public names reachable from `obj` (griffe's notion: `__all__` when a
    module has one, else names without a leading underscore that are not imported from elsewhere);
    re-exports are listed, not followed."""
    found: set[str] = set()
    for name, member in obj.members.items():
        if not member.is_public:
            continue
        found.add(f"{obj.path}.{name}")
        if not member.is_alias and (member.is_module or member.is_class):
            found |= _public_paths(member)
    return found


def _annotations(obj: Any, found: dict[str, str] | None = None) -> dict[str, str]:
    """Import path -> annotation text of the public attributes, parameters and return types under
    `obj` (re-exports are not followed: each object is listed where it is defined)."""
    found = {} if found is None else found
    for name, member in obj.members.items():
        if not member.is_public or member.is_alias:
            continue
        path = f"{obj.path}.{name}"
        if member.is_attribute and member.annotation is not None:
            found[path] = str(member.annotation)
        elif member.is_function:
            if member.returns is not None:
                found[f"{path}() -> return"] = str(member.returns)
            for parameter in member.parameters:
                if parameter.annotation is not None and parameter.name not in ("self", "cls"):
                    found[f"{path}({parameter.name})"] = str(parameter.annotation)
        elif member.is_module or member.is_class:
            _annotations(member, found)
    return found


def _union_members(annotation: str) -> frozenset[str]:
    """The members of a top-level ``X | Y`` union (brackets respected), so order does not count."""
    members, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            members.append(annotation[start:index].strip())
            start = index + 1
    members.append(annotation[start:].strip())
    return frozenset(members)


def changed_annotations(old: Any, new: Any) -> list[dict[str, str]]:
    """The annotations present on both sides that differ (``int | None`` and ``None | int`` do not):
    ``{"object", "old", "new"}``, sorted."""
    before, after = _annotations(old), _annotations(new)
    return [
        {"object": path, "old": before[path], "new": after[path]}
        for path in sorted(before.keys() & after.keys())
        if _union_members(before[path]) != _union_members(after[path])
    ]


def compare_packages(base_root: Path, head_roots: dict[str, Path]) -> list[PackageApiDiff]:
    """Compare each package under `base_root/<folder>` with the one under `head_roots[package]`."""
    logging.getLogger("griffe").setLevel(logging.ERROR)
    results = []
    for package, folder in PACKAGES.items():
        result = PackageApiDiff(package)
        results.append(result)
        try:
            old = _load(package, base_root / folder)
            new = _load(package, head_roots[package])
            if old is None or new is None:
                result.note = f"not present at the {'base' if old is None else 'head'}"
                continue
            result.breaking = [
                {"kind": b.kind.value, "object": b.obj.path, "explanation": _explain(b)}
                for b in griffe.find_breaking_changes(old, new)
            ]
            result.added = sorted(_public_paths(new) - _public_paths(old))
            result.changed_types = changed_annotations(old, new)
        except Exception as error:  # griffe on code it cannot parse: say so, never pass silently
            result.failed = True
            result.note = f"could not be compared: {type(error).__name__}: {error}"
    return results
