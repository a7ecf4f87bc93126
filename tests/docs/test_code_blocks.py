"""Every Python block of README.md and docs/ runs against the mock and passes `mypy --strict`.

One script per page (see docblocks.py for the markers). The run happens in a fresh interpreter (a page
may configure logging or run an event loop) with the client's environment pointing at a mock server
that finishes syncs and rollouts on their first poll; the type check is one mypy run over all pages
and the examples/ scripts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cerebras_management.testing import MockServer
from docblocks import (
    ROOT,
    MarkerError,
    Script,
    collect,
    pages,
    relative,
    run_script,
    setup_script,
    typecheck_script,
)

PAGES = [page for page in pages() if any(block.mode != "setup" for block in collect(page))]
#: mypy's incremental cache, kept between runs (it is git-ignored): a cold cache re-checks httpx, the
#: wrapper and the generated package each time; the pages and examples are checked anew regardless,
#: as mypy re-checks any file whose contents changed and what depends on it.
MYPY_CACHE = ROOT / ".mypy_cache" / "docs-code-blocks"


@pytest.fixture(scope="module")
def docs_mock() -> Iterator[MockServer]:
    """A mock whose syncs and rollouts are done on their first read (so waiters return at once)."""
    with MockServer(
        sync_after_reads=None, sync_after_seconds=1e-6, rollout_after_reads=None, rollout_after_seconds=1e-6
    ) as server:
        yield server


def _with_origins(text: str, script: Script, filename: str) -> str:
    """Rewrite ``File "<filename>", line N`` in a traceback as the Markdown line it came from."""
    pattern = re.compile(rf'File "[^"]*{re.escape(filename)}", line (\d+)')
    return pattern.sub(lambda m: f"File {script.origin(int(m[1]))}", text)


def test_the_pages_have_python_blocks() -> None:
    """The collector finds the blocks (a broken fence regex would make every other test vacuous)."""
    names = {relative(page) for page in PAGES}
    assert {
        "README.md",
        "docs/guide.md",
        "docs/guides/testing.md",
        "docs/resources/model-versions.md",
    } <= names
    blocks = [block for page in pages() for block in collect(page)]
    runs = [block for block in blocks if block.mode == "run"]
    assert len(runs) >= 30, f"only {len(runs)} runnable blocks found"
    skipped = [block for block in blocks if block.mode in ("skip", "no-run")]
    assert len(skipped) <= 3, (
        f"too many blocks escape running: {[(relative(b.path), b.line) for b in skipped]}"
    )


@pytest.mark.parametrize("page", PAGES, ids=[relative(page) for page in PAGES])
def test_page_runs_against_the_mock(page: Path, docs_mock: MockServer, tmp_path: Path) -> None:
    blocks = collect(page)
    docs_mock.reset()
    setup = setup_script(blocks)
    if setup.text:
        exec(compile(setup.text, f"{relative(page)} (setup)", "exec"), {"mock": docs_mock})
    script = run_script(blocks)
    if not script.text:
        pytest.skip("no runnable block on this page")
    filename = "page_under_test.py"
    (tmp_path / filename).write_text(script.text, encoding="utf-8")
    env = {
        **os.environ,
        "CEREBRAS_MANAGEMENT_API_KEY": docs_mock.api_key,
        "CEREBRAS_ORG_NAME": docs_mock.org_name,
        "CEREBRAS_MANAGEMENT_BASE_URL": docs_mock.url,
        "CEREBRAS_MANAGEMENT_LOG": "",
    }
    result = subprocess.run(
        [sys.executable, filename], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90
    )
    assert result.returncode == 0, (
        f"a code block of {relative(page)} failed against the mock:\n"
        + _with_origins(result.stderr, script, filename)[-4000:]
    )
    # A block that shows pytest tests is a complete test file: it must pass under pytest on its own,
    # as a reader who copies it would run it (not only after the page's earlier blocks' imports).
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    for block in (block for block in blocks if block.mode == "run"):
        tests = re.findall(r"^(?:async )?def (test_\w+)\(", block.code, flags=re.MULTILINE)
        if not tests:
            continue
        alone = Script()
        alone.add(block)
        test_file = f"test_block_{block.line}.py"
        (tmp_path / test_file).write_text(alone.text, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:schemathesis",
             "-p", "no:hypothesispytest", test_file],  # not a reader's plugins: they cost seconds
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90,
        )  # fmt: skip
        assert f"{len(tests)} passed" in result.stdout, _with_origins(result.stdout, alone, test_file)[-4000:]


def test_blocks_and_examples_pass_mypy_strict(tmp_path: Path) -> None:
    scripts: dict[str, Script] = {}
    for index, page in enumerate(PAGES):
        script = typecheck_script(collect(page))
        name = f"page_{index}_{re.sub(r'[^a-z0-9]+', '_', relative(page).lower())}.py"
        (tmp_path / name).write_text(script.text, encoding="utf-8")
        scripts[name] = script
    examples = sorted((ROOT / "examples").glob("*.py"))
    assert examples, "examples/ has no script"
    config = tmp_path / "mypy.ini"
    config.write_text(
        "[mypy]\nstrict = True\npython_version = 3.11\n"
        "[mypy-uvicorn.*,jsonschema.*]\nignore_missing_imports = True\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--config-file", str(config),
            "--cache-dir", str(MYPY_CACHE), "--no-error-summary", "--hide-error-context",
            *scripts, *(str(path) for path in examples),
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    def where(match: re.Match[str]) -> str:
        return f"{scripts[match[1]].origin(int(match[2]))}:" if match[1] in scripts else match[0]

    report = re.sub(r"^(page_[^:]+\.py):(\d+):", where, result.stdout, flags=re.MULTILINE)
    assert result.returncode == 0, f"mypy --strict on the docs' code blocks:\n{report}{result.stderr}"


def test_markers_must_be_known_and_give_a_reason(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- docs-test: no-run -->\n```python\nx = 1\n```\n", encoding="utf-8")
    with pytest.raises(MarkerError, match="say why"):
        collect(page)
    page.write_text("<!-- docs-test: skipp (typo) -->\n```python\nx = 1\n```\n", encoding="utf-8")
    with pytest.raises(MarkerError, match="unknown docs-test marker"):
        collect(page)
    page.write_text(
        "<!-- docs-test: setup\nmock.reset()\n-->\n\n<!-- docs-test: no-run (needs staging) -->\n"
        "```python\nx = 1\n```\n\n  ```py\n  y = 2\n  ```\n\n```sh\nmake test\n```\n",
        encoding="utf-8",
    )
    blocks = collect(page)
    assert [(b.mode, b.line, b.code, b.reason) for b in blocks] == [
        ("setup", 2, "mock.reset()\n", None),
        ("no-run", 7, "x = 1\n", "needs staging"),
        ("run", 11, "y = 2\n", None),
    ]
