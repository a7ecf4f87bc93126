"""The architecture page's layer table is the import-linter contract that `make lint` checks, row for row.

The contract in ``pyproject.toml`` is the source; the page must list the same layers, in the same order,
with the same modules in each, so a reader never learns a layering the build does not enforce.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "project" / "architecture.md"
#: A row of the layer table: ``| N | `module` \\| `module` | what it holds |``.
ROW = re.compile(r"^\| (\d+) \| (.+?) \| [^|]")
MODULE = re.compile(r"`([^`]+)`")


def _contract_layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (package,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "package"]
    return [{name.strip() for name in layer.split("|")} for layer in package["layers"]]


def _page_layers() -> list[tuple[int, set[str]]]:
    rows = []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            modules = {name.removesuffix(".py").removesuffix("/") for name in MODULE.findall(found[2])}
            rows.append((int(found[1]), modules))
    return rows


def test_the_page_lists_the_contracts_layers_in_order() -> None:
    page = _page_layers()
    assert [number for number, _ in page] == list(range(1, len(page) + 1))
    assert [modules for _, modules in page] == _contract_layers()


def test_the_page_says_the_contract_is_the_source() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "[tool.importlinter]" in text
    assert "lint-imports" in text
