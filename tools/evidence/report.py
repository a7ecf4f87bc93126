"""`report.md` of `make spec-propose`: the findings in words, and what each proposed file changes.

The spec-change parts are the `make spec-diff` report (`specdiff.report.markdown`) of the spec with
``relaxations.yaml`` applied (against the working tree's amended spec), then with
``tightenings.yaml`` applied on top, OpenAPI and Python API alike, headings moved one level down.
"""

from __future__ import annotations

from typing import Any

from specdiff.report import Report, markdown

from evidence.propose import Proposal


def _nested(text: str) -> list[str]:
    """A spec-diff report's Markdown with its headings one level deeper."""
    return [("#" + line) if line.startswith("#") else line for line in text.splitlines()]


def _first_line(group: Any) -> str:
    return " ".join(group.comment).replace("|", "\\|")


def render(
    evidence: dict[str, Any],
    evidence_label: str,
    proposal: Proposal,
    diffs: list[tuple[str, Report]],
    notes: list[str],
) -> str:
    """The Markdown report."""
    operations = evidence.get("operations") or {}
    lines = [
        "# Proposed spec amendments from a recorded run",
        "",
        f"Evidence: {evidence_label}: {evidence.get('responses', 0)} responses of {len(operations)} "
        f"operation(s), judged against the spec `{str((evidence.get('spec') or {}).get('sha256'))[:12]}`.",
        "",
    ]
    lines += [f"> {note}" for note in notes]
    if notes:
        lines.append("")
    lines += [
        "## Responses seen",
        "",
        "| Operation | Status | Responses | With errors | Documented |",
        "|---|---|---|---|---|",
    ]
    for op_id, operation in sorted(operations.items()):
        for status, entry in sorted(operation.get("statuses", {}).items()):
            errors = entry.get("bodies_with_errors", "-")
            documented = "yes" if entry["documented"] else "NO"
            lines.append(f"| `{op_id}` | {status} | {entry['responses']} | {errors} | {documented} |")
    lines.append("")
    for title, groups, empty in (
        (
            "Relaxations (`relaxations.yaml`): each removes a failure",
            proposal.relaxations,
            "None: every answer fits.",
        ),
        (
            "Tightenings (`tightenings.yaml`): always present, over enough samples and resources",
            proposal.tightenings,
            "None: no property passed the thresholds.",
        ),
    ):
        lines += [f"## {title}", ""]
        lines += [f"- {_first_line(group)}" for group in groups] or [empty]
        lines.append("")
    lines += _unobserved(evidence) + _unpatchable(proposal)
    lines += ["## What they change for users", ""]
    for title, report in diffs:
        lines += [f"### {title}", "", *_nested(markdown(report))[2:], ""]
    return "\n".join(lines).rstrip() + "\n"


def _unobserved(evidence: dict[str, Any]) -> list[str]:
    found = evidence.get("unobserved") or []
    lines = [
        "## Documented, never seen (`unobserved`)",
        "",
        "Properties the spec documents that no 2xx answer held. Never seen is not removed: nothing is "
        "proposed for them.",
        "",
    ]
    if not found:
        return [*lines, "None.", ""]
    lines += ["| Schema | Property | Objects seen |", "|---|---|---|"]
    lines += [f"| `{item['schema']}` | `{item['property']}` | {item['objects']} |" for item in found]
    return [*lines, ""]


def _unpatchable(proposal: Proposal) -> list[str]:
    lines = ["## Seen, but no patch can say it (`unpatchable`)", ""]
    if not proposal.unpatchable:
        return [*lines, "None.", ""]
    lines += [
        "A person has to decide these (`make spec-propose` exits 1 while there are any):",
        "",
        "| Operation | Status | Where | What | Count |",
        "|---|---|---|---|---|",
    ]
    for item in proposal.unpatchable:
        where = item.get("instance") or item.get("schema") or ""
        what = f"{item.get('keyword', '')}: {item.get('detail', '')}".replace("|", "\\|")
        status, count = item.get("status", ""), item.get("count", "")
        lines.append(f"| `{item.get('operation')}` | {status} | `{where}` | {what} | {count} |")
    return [*lines, ""]
