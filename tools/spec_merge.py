"""Merge the reconstructed spec under the published one: a published operation always wins.

`openapi/upstream.yaml` is what Cerebras published; `openapi/reconstructed.yaml` holds the operations
whose YAML was never published whole, rebuilt from the reference pages. `merge` lays the second under
the first, one operation (path + method) and one component (section + name) at a time:

- an operation or component only in the reconstruction is added;
- one in both is taken from upstream, and the differences of the reconstruction's copy are recorded
  as JSON pointers, so that on the day a complete published spec replaces upstream.yaml the build
  names the reconstruction's leftovers (which can then be deleted from reconstructed.yaml);
- document-level fields (`openapi`, `info`, `servers`, `security`, ...) come from upstream.

The function is pure (no I/O); `tools/generate.py` prints its report.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class Overlap:
    """One operation or component found in both sources (upstream's copy was kept)."""

    where: str
    """What it is: ``DELETE /path`` or ``components/schemas/Name``."""
    ignored: list[str] = field(default_factory=list)
    """JSON pointers (relative to it) where the reconstruction's copy differs and was ignored."""


@dataclass
class MergeReport:
    """What `merge` did: what it added from the reconstruction and what it ignored."""

    added_operations: list[str] = field(default_factory=list)
    added_components: list[str] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    ignored_document_fields: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as lines of text for the terminal."""
        out = [
            f"openapi/reconstructed.yaml: {len(self.added_operations)} operation(s) and "
            f"{len(self.added_components)} component(s) added under upstream.yaml"
        ]
        for overlap in self.overlaps:
            if overlap.ignored:
                out.append(
                    f"  {overlap.where}: published in upstream.yaml, which wins; the reconstruction's copy "
                    f"differs at {len(overlap.ignored)} place(s), ignored:"
                )
                out.extend(f"    {pointer or '/'}" for pointer in overlap.ignored)
            else:
                out.append(
                    f"  {overlap.where}: published in upstream.yaml, which wins; the reconstruction's "
                    "copy is identical and can be deleted from reconstructed.yaml"
                )
        for name in self.ignored_document_fields:
            out.append(f"  /{name}: differs from upstream.yaml, ignored (upstream wins)")
        return out


def differences(ours: Any, theirs: Any, pointer: str = "") -> list[str]:
    """JSON pointers under which `theirs` differs from `ours` (missing, extra or changed values)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found: list[str] = []
        for key in list(ours) + [key for key in theirs if key not in ours]:
            child = f"{pointer}/{_escape(str(key))}"
            if key not in theirs or key not in ours:
                found.append(child)
            else:
                found.extend(differences(ours[key], theirs[key], child))
        return found
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        found = []
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            found.extend(differences(mine, other, f"{pointer}/{index}"))
        return found
    return [] if ours == theirs else [pointer]


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def merge(upstream: dict[str, Any], reconstructed: dict[str, Any]) -> tuple[dict[str, Any], MergeReport]:
    """Return (upstream with the reconstruction's missing operations and components added, report)."""
    spec = copy.deepcopy(upstream)
    report = MergeReport()
    for key, value in reconstructed.items():
        if key in ("paths", "components"):
            continue
        if key not in spec:
            spec[key] = copy.deepcopy(value)
        elif spec[key] != value:
            report.ignored_document_fields.append(key)

    paths: dict[str, Any] = spec.setdefault("paths", {})
    for path, item in (reconstructed.get("paths") or {}).items():
        target = paths.setdefault(path, {})
        for key, value in item.items():
            where = f"{key.upper()} {path}" if key in HTTP_METHODS else f"{path} ({key})"
            if key not in target:
                target[key] = copy.deepcopy(value)
                if key in HTTP_METHODS:
                    report.added_operations.append(where)
            else:
                report.overlaps.append(Overlap(where, differences(target[key], value)))

    components: dict[str, Any] = spec.setdefault("components", {})
    for section, entries in (reconstructed.get("components") or {}).items():
        target = components.setdefault(section, {})
        for name, value in entries.items():
            where = f"components/{section}/{name}"
            if name not in target:
                target[name] = copy.deepcopy(value)
                report.added_components.append(where)
            else:
                report.overlaps.append(Overlap(where, differences(target[name], value)))
    return spec, report
