"""Propose spec amendments from what a server answered: `make spec-propose EVIDENCE=DIR/evidence.json`.

    python tools/spec_propose.py --evidence DIR/evidence.json [--out reports/proposal] [--no-python-api]

Reads the evidence of a recording run (``CONTRACT_RECORD=DIR make contract``) and the working tree's
amended spec (`tools/generate.py`), and writes into ``--out``:

- ``relaxations.yaml``: JSON Patch groups that remove the failures the answers showed (to append to
  ``openapi/amendments.yaml``), each after a comment with its evidence;
- ``tightenings.yaml``: ``required`` additions the answers support (>= 20 samples, >= 3 resources),
  to append after the relaxations;
- ``report.md``: the findings, what was never seen, what no patch can express, and the
  ``make spec-diff`` report (OpenAPI and Python API) of the spec with each file applied.

When the spec changed since the recording and ``responses.jsonl`` lies beside the evidence, the
evidence is judged again against the current spec first. Exit status: 0; 1 when something observed
could not be expressed as a patch (see the report); 2 when an input cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/: generate.py, specdiff/, evidence/

import generate
from evidence import report
from evidence.aggregate import build_evidence, spec_digest
from evidence.patches import apply, render
from evidence.propose import Proposal, propose
from evidence.record import RESPONSES, read_responses
from specdiff import diff_specs
from specdiff.pyapi import PACKAGES, compare_packages
from specdiff.report import Report

ROOT = generate.ROOT
HOW_TO_APPLY = [
    "Append the groups you accept to openapi/amendments.yaml (after everything else, comments",
    "included), then run `make generate`.",
]


def _header(kind: str, evidence: dict[str, Any], label: str) -> list[str]:
    return [
        f"{kind}, proposed by `make spec-propose` from {label}",
        f"({evidence.get('responses', 0)} recorded responses; spec {str(evidence['spec']['sha256'])[:12]}).",
        *HOW_TO_APPLY,
    ]


def write_files(proposal: Proposal, evidence: dict[str, Any], label: str, out: Path) -> tuple[str, str]:
    """Write ``relaxations.yaml`` and ``tightenings.yaml``; return their text."""
    out.mkdir(parents=True, exist_ok=True)
    relaxations = render(
        [
            *_header("Relaxations", evidence, label),
            "Each group removes a failure the recorded answers showed. Every `remove` or `replace` follows",
            "a `test` of the value it expects: a group refuses to apply to a spec that has moved since.",
        ],
        proposal.relaxations,
        "Nothing to relax: every recorded answer fits the spec.",
    )
    tightenings = render(
        [
            *_header("Tightenings", evidence, label),
            "Apply after relaxations.yaml. Only `required` additions: presence is not a contract, so each",
            "rests on >= 20 samples from >= 3 resources; no enum or format is ever proposed from samples.",
        ],
        proposal.tightenings,
        "Nothing to tighten: no property passed the thresholds.",
    )
    (out / "relaxations.yaml").write_text(relaxations, encoding="utf-8")
    (out / "tightenings.yaml").write_text(tightenings, encoding="utf-8")
    return relaxations, tightenings


def _build(spec: dict[str, Any], scratch: Path, name: str) -> Path:
    """A tree ``<root>/generated/<package>`` + ``<root>/wrapper`` for griffe, built from ``spec`` (the
    repository itself when its committed ``generated/`` was built from that very spec)."""
    committed = ROOT / "generated" / generate.PACKAGE / "openapi.json"
    if committed.exists() and json.loads(committed.read_text(encoding="utf-8")) == spec:
        return ROOT
    root = scratch / name
    (root / PACKAGES[generate.PACKAGE]).mkdir(parents=True)
    generate.build(root / PACKAGES[generate.PACKAGE] / generate.PACKAGE, spec)
    (root / PACKAGES["cerebras_management"]).symlink_to(ROOT / PACKAGES["cerebras_management"])
    return root


def spec_changes(
    spec: dict[str, Any], proposal: Proposal, *, python_api: bool, scratch: Path
) -> list[tuple[str, Report]]:
    """The spec-diff reports of the spec with each file applied (relaxations, then tightenings).

    The generated packages griffe compares are built under ``scratch`` (``relaxed/``, ``tightened/``),
    each once; the base is the repository itself when its ``generated/`` is the spec's build.
    """
    relaxed = proposal.relaxed_spec
    tightened = relaxed
    for group in proposal.tightenings:
        tightened = apply(tightened, group.ops)
    sides = {"base": spec, "relaxed": relaxed, "tightened": tightened}
    steps = [
        (
            "relaxations.yaml applied",
            "base",
            "relaxed",
            "the working tree's amended spec",
            "with relaxations.yaml",
        ),
        (
            "then tightenings.yaml applied",
            "relaxed",
            "tightened",
            "with relaxations.yaml",
            "with tightenings.yaml too",
        ),
    ]
    trees: dict[str, Path] = {}

    def tree(name: str) -> Path:
        if name not in trees:
            trees[name] = _build(sides[name], scratch, name)
        return trees[name]

    reports = []
    for title, base_name, head_name, base_label, head_label in steps:
        base, head = sides[base_name], sides[head_name]
        python = None
        notes: list[str] = []
        if base == head:
            notes.append("Nothing to apply: the two sides are the same.")
        elif python_api:
            head_root = tree(head_name)
            python = compare_packages(
                tree(base_name), {package: head_root / folder for package, folder in PACKAGES.items()}
            )
        else:
            notes.append("Python API not compared (--no-python-api).")
        reports.append((title, Report(base_label, head_label, diff_specs(base, head), python, notes)))
    return reports


def load_evidence(path: Path, spec: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The evidence file, judged again against ``spec`` when it was recorded against another one."""
    evidence: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if evidence.get("spec", {}).get("sha256") == spec_digest(spec):
        return evidence
    responses = path.parent / RESPONSES
    if responses.exists():
        notes.append(
            f"The spec changed since the recording: the recorded responses ({responses.name}) were "
            "judged again against the working tree's amended spec."
        )
        return build_evidence(read_responses(responses), spec)
    notes.append(
        f"The spec changed since the recording and there is no {RESPONSES} beside the evidence: the "
        "proposal rests on answers judged against the old spec (its `test` operations still guard it)."
    )
    return evidence


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--evidence", type=Path, required=True, help="DIR/evidence.json of a recording run")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "proposal", help="(reports/proposal)")
    parser.add_argument("--no-python-api", action="store_true", help="skip the generated-client comparison")
    args = parser.parse_args(argv)
    notes: list[str] = []
    try:
        spec = json.loads(json.dumps(generate.amended_spec()))
        evidence = load_evidence(args.evidence, spec, notes)
    except (OSError, ValueError, generate.SpecSourceError) as error:
        print(f"spec-propose: error: {error}", file=sys.stderr)
        return 2
    proposal = propose(evidence, spec)
    label = str(args.evidence)
    write_files(proposal, evidence, label, args.out)
    with tempfile.TemporaryDirectory() as scratch:
        diffs = spec_changes(spec, proposal, python_api=not args.no_python_api, scratch=Path(scratch))
    text = report.render(evidence, label, proposal, diffs, notes)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(
        f"spec-propose: {len(proposal.relaxations)} relaxation(s), {len(proposal.tightenings)} "
        f"tightening(s), {len(proposal.unpatchable)} unpatchable finding(s) from "
        f"{evidence.get('responses', 0)} responses"
    )
    for title, diff in diffs:
        for package in diff.python or []:
            for change in package.changed_types:
                print(f"  {title}: {change['object']}: {change['old']} -> {change['new']}")
    written = [str(args.out / name) for name in ("relaxations.yaml", "tightenings.yaml", "report.md")]
    print(f"written: {', '.join(written)}")
    if proposal.unpatchable:
        print("spec-propose: some findings cannot be a patch (see report.md): exit 1", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
