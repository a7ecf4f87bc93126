"""Collect the Python code blocks of README.md and docs/ into one script per page.

A page's ```python blocks form one script, in order (a later block may use what an earlier one
defined). Markers, each an HTML comment the site does not show:

- ``<!-- docs-test: setup`` ... ``-->``: hidden code run in the test process before the page's script,
  with the running mock server as ``mock`` (to seed versions, endpoints or faults);
- ``<!-- docs-test: no-run (reason) -->`` on the line before a block: type-checked, not run;
- ``<!-- docs-test: skip (reason) -->`` on the line before a block: neither (say why).

Anything else after ``docs-test:`` is an error, so a typo cannot silently skip a block. A block that
only includes a file (``--8<-- "examples/guide.py"``) is not collected: the examples are run and
type-checked as files (tests/docs/test_examples.py, test_code_blocks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<kind>no-run|skip)\s*(?:\((?P<reason>[^)]+)\))?\s*-->\s*$")
ANY_MARKER = re.compile(r"^\s*<!--\s*docs-test:")
SETUP_START = re.compile(r"^\s*<!--\s*docs-test:\s*setup\s*$")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
PYTHON = {"python", "py", "python3"}
#: A pymdownx.snippets line, ``--8<-- "examples/guide.py"``: the block shows that file.
SNIPPET = re.compile(r'^\s*--8<--\s+"[^"]+"\s*$')

# What the type checker sees before a page's code: the name the setup blocks use.
TYPECHECK_PRELUDE = "from cerebras_management.testing import MockServer\n\nmock: MockServer\n"


class MarkerError(ValueError):
    """A ``docs-test:`` comment that is not one of the markers above, or lacks a reason."""


@dataclass(frozen=True)
class Block:
    """One code block: where it starts (1-based line of its first code line) and how it is checked."""

    path: Path
    line: int
    code: str
    mode: str  # "run" (run and type-check), "no-run", "skip", "setup"
    reason: str | None = None


@dataclass
class Script:
    """Code with a map from each of its lines back to the Markdown line it came from."""

    text: str = ""
    origins: list[tuple[Path, int] | None] = field(default_factory=list)

    def add(self, block: Block) -> None:
        """Append a block (and a blank line), remembering where each line came from."""
        for offset, line in enumerate(block.code.splitlines()):
            self.text += line + "\n"
            self.origins.append((block.path, block.line + offset))
        self.text += "\n"
        self.origins.append((block.path, block.line + len(block.code.splitlines())))

    def origin(self, lineno: int) -> str:
        """``path:line`` of the Markdown source of the script's 1-based line ``lineno``."""
        origin = self.origins[lineno - 1] if 1 <= lineno <= len(self.origins) else None
        if origin is None:
            return f"<prelude line {lineno}>"
        return f"{relative(origin[0])}:{origin[1]}"


def relative(path: Path) -> str:
    """The path relative to the repository root."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def pages() -> list[Path]:
    """README.md and every Markdown page under docs/, sorted."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def collect(path: Path) -> list[Block]:
    """Every Python block and setup comment of one Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    pending: tuple[str, str | None, int] | None = None  # a marker waiting for its block
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            indent, mark = len(fence["indent"]), fence["fence"]
            language = (fence["info"].split() or [""])[0].strip("{}.").lower()
            body: list[str] = []
            i += 1
            while i < len(lines) and not re.match(rf"^\s*{re.escape(mark[0])}{{{len(mark)},}}\s*$", lines[i]):
                body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
                i += 1
            if language in PYTHON and any(body) and all(SNIPPET.match(line) for line in body if line.strip()):
                pass  # a file of examples/ included whole: run and type-checked as itself
            elif language in PYTHON:
                mode, reason = ("run", None) if pending is None else pending[:2]
                blocks.append(Block(path, i - len(body) + 1, "\n".join(body) + "\n", mode, reason))
            elif pending is not None:
                raise MarkerError(f"{relative(path)}:{pending[2]}: marker before a block that is not Python")
            pending = None
            i += 1
            continue
        if SETUP_START.match(line):
            start = i + 1
            i += 1
            while i < len(lines) and lines[i].strip() != "-->":
                i += 1
            blocks.append(Block(path, start + 1, "\n".join(lines[start:i]) + "\n", "setup"))
            i += 1
            continue
        marker = MARKER.match(line)
        if marker:
            if not marker["reason"]:
                raise MarkerError(f"{relative(path)}:{i + 1}: say why in parentheses: {line.strip()}")
            pending = (marker["kind"], marker["reason"], i + 1)
        elif ANY_MARKER.search(line):
            raise MarkerError(f"{relative(path)}:{i + 1}: unknown docs-test marker: {line.strip()}")
        elif line.strip() and pending is not None:
            raise MarkerError(f"{relative(path)}:{pending[2]}: a marker must be right before its block")
        i += 1
    return blocks


def run_script(blocks: list[Block]) -> Script:
    """The page's blocks that run, in order (setup blocks run separately, in the test process)."""
    script = Script()
    for block in blocks:
        if block.mode == "run":
            script.add(block)
    return script


def setup_script(blocks: list[Block]) -> Script:
    """The page's hidden setup code."""
    script = Script()
    for block in blocks:
        if block.mode == "setup":
            script.add(block)
    return script


def typecheck_script(blocks: list[Block]) -> Script:
    """Prelude, setup and every block but the skipped ones, in order."""
    script = Script(TYPECHECK_PRELUDE, [None] * len(TYPECHECK_PRELUDE.splitlines()))
    for block in blocks:
        if block.mode in ("run", "no-run", "setup"):
            script.add(block)
    return script
