"""Budgets, the printed table and ``reports/bench.json``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class Budget:
    """A bound on the ratio ours / raw: ``<=`` for costs, ``>=`` for throughput."""

    op: Literal["<=", ">="]
    limit: float

    def met(self, ratio: float) -> bool:
        """Whether ``ratio`` is within this budget."""
        return ratio <= self.limit if self.op == "<=" else ratio >= self.limit

    def __str__(self) -> str:
        return f"{self.op} {self.limit:.2f}x"


IMPORT_BUDGET = Budget("<=", 1.15)
PER_CALL_BUDGET = Budget("<=", 1.05)
LIST_BUDGET = Budget("<=", 1.90)
#: The list of 1,000 read by the `speedups` accelerator (msgspec).
SPEEDUPS_LIST_BUDGET = Budget("<=", 1.00)
BULK_BUDGET = Budget(">=", 0.95)
CLI_START_BUDGET = Budget("<=", 1.50)


@dataclass(frozen=True)
class Row:
    """One metric measured for both targets; ``ours`` is None when the wrapper could not be run.

    ``paired_ratio``: the ratio measured pair by pair (`bulk.median_paired_ratio`), when the row's
    ratio is that rather than ``ours / raw``. ``gc_share_ours``, ``gc_share_raw``: a per-call row's
    share of each side's figure spent in the garbage collector (0-1; `collector.Figure.gc_share`).
    """

    metric: str
    unit: str
    ours: float | None
    raw: float
    budget: Budget | None = None
    paired_ratio: float | None = None
    gc_share_ours: float | None = None
    gc_share_raw: float | None = None

    @property
    def ratio(self) -> float | None:
        """``paired_ratio`` if given, else ours / raw; None without ours."""
        if self.ours is None or self.raw == 0:
            return None
        return self.ours / self.raw if self.paired_ratio is None else self.paired_ratio

    @property
    def passed(self) -> bool | None:
        """Whether the ratio is within budget; None without a budget or without ours."""
        ratio = self.ratio
        return None if ratio is None or self.budget is None else self.budget.met(ratio)

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "metric": self.metric,
            "unit": self.unit,
            "ours": self.ours,
            "raw_httpx": self.raw,
            "ratio": self.ratio,
            "budget": None if self.budget is None else asdict(self.budget),
            "pass": self.passed,
            "gc_share": None
            if self.gc_share_raw is None
            else {"ours": self.gc_share_ours, "raw_httpx": self.gc_share_raw},
        }


def _number(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _result(row: Row) -> str:
    if row.budget is None:
        return "-"
    passed = row.passed
    return "n/a" if passed is None else ("pass" if passed else "FAIL")


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _gc_shares(row: Row) -> str:
    if row.gc_share_raw is None:
        return "-"
    return f"{_share(row.gc_share_ours)} / {_share(row.gc_share_raw)}"


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table (readable in a terminal and pasteable into the README)."""
    header = ["metric", "ours", "raw httpx", "ratio", "budget", "result", "GC share, ours / raw"]
    body = [
        [
            f"{row.metric} ({row.unit})",
            _number(row.ours),
            _number(row.raw),
            "n/a" if row.ratio is None else f"{row.ratio:.2f}x",
            "-" if row.budget is None else str(row.budget),
            _result(row),
            _gc_shares(row),
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def render(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if i else ":" + "-" * (width + 1) for i, width in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([render(header), rule, *(render(line) for line in body)])


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write ``payload`` to ``path`` (creating its folder) as indented JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", encoding="utf-8")
