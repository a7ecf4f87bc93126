"""Rendering for `tools/spec_diff.py`: the terminal summary, the Markdown report and the JSON report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specdiff.model import Change, SpecDiff
from specdiff.pyapi import PackageApiDiff

ADDED_SHOWN = 25  # additions listed per package in the Markdown report; the JSON has them all


@dataclass
class Report:
    """Everything one run found, with where the two sides came from."""

    base_label: str
    head_label: str
    spec: SpecDiff
    python: list[PackageApiDiff] | None
    notes: list[str] = field(default_factory=list)

    @property
    def python_breaking(self) -> int:
        """How many breaking changes griffe found, all packages together."""
        return sum(len(p.breaking) for p in self.python or [])

    @property
    def incomplete(self) -> bool:
        """Whether griffe failed on a package (so a break there may have gone unseen)."""
        return any(p.failed for p in self.python or [])

    @property
    def breaking(self) -> bool:
        """Whether anything breaking was found, in the spec or in the Python API."""
        return bool(self.spec.breaking) or self.python_breaking > 0

    def verdict(self) -> str:
        """One line: the counts that matter."""
        spec = self.spec
        head = (
            f"{len(spec.breaking)} breaking, {len(spec.non_breaking)} not breaking, "
            f"{len(spec.documentation_changes)} documentation-only"
        )
        py = "not compared" if self.python is None else f"{self.python_breaking} breaking"
        if self.incomplete:
            py += " (INCOMPLETE: a package could not be compared)"
        word = "BREAKING" if self.breaking else "no breaking change"
        return f"{word}: spec {head}; Python API {py}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON report."""
        return {
            "base": self.base_label,
            "head": self.head_label,
            "breaking": self.breaking,
            "incomplete": self.incomplete,
            "verdict": self.verdict(),
            "spec": self.spec.as_dict(),
            "python_api": None if self.python is None else [p.as_dict() for p in self.python],
            "notes": self.notes,
        }


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _used_by(change: Change) -> str:
    return "<br>".join(f"`{_md(u)}`" for u in change.used_by) if change.used_by else ""


def markdown(report: Report) -> str:
    """The report as Markdown, fit to paste into a pull request."""
    spec = report.spec
    lines = [
        "## Spec change report",
        "",
        f"Base: {report.base_label}  ",
        f"Head: {report.head_label}",
        "",
        f"**{report.verdict()}**",
        "",
    ]
    lines += [f"> {note}" for note in report.notes]
    if report.notes:
        lines.append("")
    for title, changes in (("Breaking", spec.breaking), ("Not breaking", spec.non_breaking)):
        if not changes:
            continue
        lines += [
            f"### {title} ({len(changes)})",
            "",
            "| Change | JSON pointer | Operations |",
            "|---|---|---|",
        ]
        lines += [f"| {_md(c.message)} | `{_md(c.pointer)}` | {_used_by(c)} |" for c in changes]
        lines.append("")
    if spec.documentation_changes:
        lines += [
            f"{len(spec.documentation_changes)} documentation-only change(s) (descriptions, summaries, "
            "titles, examples, `x-*` extensions): not listed, see `reports/spec-diff.json`.",
            "",
        ]
    if not spec.changes and not spec.documentation_changes:
        lines += ["The two specs are the same (structurally).", ""]
    lines += ["### Python API (griffe)", ""]
    if report.python is None:
        lines += ["Not compared.", ""]
        return "\n".join(lines)
    for package in report.python:
        if package.note:
            lines.append(f"- `{package.package}`: {package.note}")
            continue
        counts = f"{len(package.breaking)} breaking, {len(package.added)} public name(s) added"
        if package.changed_types:
            counts += f", {len(package.changed_types)} annotation(s) changed"
        lines.append(f"- `{package.package}`: {counts}")
        lines += [f"  - BREAKING {_md(b['explanation'])}" for b in package.breaking]
        lines += [
            f"  - type of `{_md(c['object'])}`: `{_md(c['old'])}` -> `{_md(c['new'])}`"
            for c in package.changed_types
        ]
        shown = package.added[:ADDED_SHOWN]
        lines += [f"  - added `{name}`" for name in shown]
        if len(package.added) > len(shown):
            lines.append(f"  - ... and {len(package.added) - len(shown)} more added (all in the JSON report)")
    lines.append("")
    return "\n".join(lines)


def terminal(report: Report) -> str:
    """A short plain-text summary for the terminal."""
    spec = report.spec
    lines = [f"spec-diff: {report.base_label} -> {report.head_label}"]
    lines += [f"  note: {note}" for note in report.notes]
    for change in spec.changes:
        lines.append(f"  {'BREAKING' if change.breaking else 'ok      '}  {change.message}")
        lines.append(f"            at {change.pointer}")
        lines += [f"            in {u}" for u in change.used_by]
    if spec.documentation_changes:
        lines.append(f"  {len(spec.documentation_changes)} documentation-only change(s), not listed")
    if not spec.changes and not spec.documentation_changes:
        lines.append("  spec: no change")
    if report.python is not None:
        for package in report.python:
            if package.note:
                lines.append(f"  python {package.package}: {package.note}")
                continue
            lines.append(
                f"  python {package.package}: {len(package.breaking)} breaking, {len(package.added)} added"
                + (f", {len(package.changed_types)} annotation(s) changed" if package.changed_types else "")
            )
            lines += [f"  BREAKING  {b['explanation']}" for b in package.breaking]
            lines += [f"  type      {c['object']}: {c['old']} -> {c['new']}" for c in package.changed_types]
    lines.append(report.verdict())
    return "\n".join(lines)
