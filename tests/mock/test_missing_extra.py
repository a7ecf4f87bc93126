"""Without the ``mock`` extra's packages, the mock and its pytest fixtures say which extra to install.

The packages are hidden from a subprocess by a meta path finder installed through ``sitecustomize``,
as if they had never been installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HINT = "pip install 'cerebras-management[mock]' (from a clone of the repository: pip install -e '.[mock]')"

BLOCKER = """
import importlib.abc
import sys

HIDDEN = {hidden!r}


class HideModules(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, HideModules())
"""


def run_without(tmp_path: Path, hidden: set[str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python *args`` in ``tmp_path`` with the ``hidden`` top-level packages not importable."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER.format(hidden=sorted(hidden)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("hidden", "named"), [({"uvicorn", "jsonschema"}, "jsonschema"), ({"uvicorn"}, "uvicorn")]
)
def test_importing_the_mock_names_the_extra(tmp_path: Path, hidden: set[str], named: str) -> None:
    result = run_without(tmp_path, hidden, "-c", "import cerebras_management.testing")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"ImportError: cerebras_management.testing (the mock server) needs the 'mock' extra, "
        f"and {named!r} is not installed: {HINT}"
    )
    assert "During handling" not in result.stderr  # one error, not a chain


def test_running_the_mock_names_the_extra(tmp_path: Path) -> None:
    result = run_without(tmp_path, {"uvicorn"}, "-m", "cerebras_management.testing", "--port", "0")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].endswith(f"'uvicorn' is not installed: {HINT}")


def test_the_client_itself_needs_no_extra(tmp_path: Path) -> None:
    code = (
        "import cerebras_management, sys;"
        "print(cerebras_management.ManagementClient.__name__, 'uvicorn' in sys.modules)"
    )
    result = run_without(tmp_path, {"uvicorn", "jsonschema"}, "-c", code)
    assert (result.returncode, result.stdout) == (0, "ManagementClient False\n"), result.stderr


def test_pytest_starts_and_only_tests_using_the_fixtures_fail(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            def test_plain():
                assert 1 + 1 == 2

            def test_with_the_mock(management_client):
                pass
            """
        )
    )
    result = run_without(
        tmp_path, {"uvicorn", "jsonschema"}, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist"
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 passed, 1 error" in output, output
    assert f"needs the 'mock' extra, and 'jsonschema' is not installed: {HINT}" in output
