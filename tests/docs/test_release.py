"""Release hygiene that a file can get wrong: the license, the changelog's shape, the wheel checker,
and the user-facing files pointing only inside the repository."""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
# Files users cannot see: the private design card and the read-only folder beside the repository.
# (Spelled in pieces so that a plain grep of the repository for them finds only real pointers.)
OUTSIDE = re.compile("|".join([r"DESIGN" + r"\.md", r"\.\./" + "shared", "shared" + "/reference"]))


def _check_dist() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_dist", ROOT / "tools" / "check_dist.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_dist", module)
    spec.loader.exec_module(module)
    return module


def test_license_is_the_apache_2_text_the_metadata_names() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert "APPENDIX: How to apply the Apache License" in text
    assert 'license = "Apache-2.0"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_changelog_follows_keep_a_changelog_with_a_verdict_per_spec_change() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, flags=re.MULTILINE)
    assert releases[0] == ("Unreleased", "")
    assert ("0.1.0", "2026-11-29") in releases
    version = re.search(r'"(.+)"', (ROOT / "wrapper/cerebras_management/_version.py").read_text())
    assert version is not None
    assert any(name == version[1] for name, _ in releases)
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        headings = re.findall(r"^### (.+)$", section, flags=re.MULTILINE)
        assert set(headings) <= {"Spec", "Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
        if "Spec" in headings:
            spec = section.split("### Spec", 1)[1].split("\n### ", 1)[0]
            entries = re.findall(r"^- ", spec, flags=re.MULTILINE)
            verdicts = re.findall(r"[Ss]pec-change verdict|verdict: ", spec)
            assert len(verdicts) >= len(entries), section.splitlines()[0]


def test_wheel_checker_flags_what_a_bad_wheel_gets_wrong() -> None:
    check = _check_dist()
    good = [*check.REQUIRED, "cerebras_management-0.1.0.dist-info/licenses/LICENSE"]
    assert check.wheel_problems(good) == []
    bad = [n for n in good if not n.endswith("cerebras_management/py.typed")] + ["tests/test_x.py"]
    assert check.wheel_problems(bad) == [
        "missing cerebras_management/py.typed",
        "unexpected top-level entry 'tests'",
        "a test file: tests/test_x.py",
    ]


def test_user_facing_files_point_only_inside_the_repository() -> None:
    files = [
        ROOT / "README.md",
        ROOT / "CHANGELOG.md",
        ROOT / "mkdocs.yml",
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "openapi").rglob("*.md"),
        *(ROOT / "openapi").glob("*.yaml"),
        *(ROOT / "examples").glob("*.py"),
    ]
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert hits == []


def test_docs_hook_unlinks_regex_brackets_but_keeps_name_references() -> None:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "tools" / "mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    regex = '<p>^<autoref identifier="a-zA-Z0-9-" optional>a-z</autoref>{0,126}$</p>'
    assert hooks.restore_non_names(regex) == "<p>^[a-z][a-zA-Z0-9-]{0,126}$</p>"
    name = '<autoref identifier="cerebras_management.NotFoundErorr">NotFoundError</autoref>'
    assert hooks.restore_non_names(name) == name  # left for autorefs, whose strict build then fails


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "tools" / "mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    return hooks


def test_docs_hook_warns_of_restructuredtext_left_raw_on_a_page() -> None:
    hooks = _hooks()
    page = (
        "<p>Call :meth:<code>~MockServer.stop</code> to end it.</p>\n"
        "<p>In a test file::</p>\n<pre><code>x = 1</code></pre>\n"
        "<p>.. note:: careful</p>\n"
        "<p>A <code>ratio::</code> in code, and a <code>:meth:</code> mention, are fine.</p>"
    )
    assert hooks.raw_rst(page) == [
        "Call :meth:~MockServer.stop to end it.",
        "In a test file::",
        ".. note:: careful",
    ]
    # What the strict build sees: one warning per piece, naming the page.
    page_object = SimpleNamespace(file=SimpleNamespace(src_uri="reference/testing.md"))

    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    hooks.log.addHandler(handler)
    try:
        hooks.on_page_content(page, page=page_object)
    finally:
        hooks.log.removeHandler(handler)
    assert records[0] == (
        "raw reStructuredText on reference/testing.md (write Markdown): "
        "Call :meth:~MockServer.stop to end it."
    )
    assert len(records) == 3


def test_the_mock_servers_options_table_is_made_from_its_parser() -> None:
    from cerebras_management.testing.__main__ import build_parser

    parser = build_parser()
    table = _hooks().mock_server_options(parser).splitlines()
    options = [o for action in parser._actions for o in action.option_strings if action.dest != "help"]
    assert len(table) == 2 + len(options)
    for option in options:
        assert sum(f"`{option}" in row for row in table) == 1, option
    assert "| `--quiet` | off | Do not log each request served (method, path, status). |" in table
    assert "| `--port PORT` | `8765` | Port to listen on (0: a free one). |" in table
    assert any(row.startswith("| `--response-style RESPONSE_STYLE` | `schema` |") for row in table)
    assert "<!-- mock-server-options -->" in (ROOT / "docs" / "guides" / "testing.md").read_text()
