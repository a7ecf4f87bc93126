"""Build the sdist and the wheel as a release would, and check them (`make dist-check`).

`python -m build` builds the sdist, then the wheel *from the sdist* (so a file the sdist leaves out
breaks the build); `twine check` validates the metadata and that the README renders on PyPI; then the
wheel must hold both packages and their `py.typed` markers, the license, and no tests.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = (
    "cerebras_management/__init__.py",
    "cerebras_management/py.typed",
    "cerebras_management/testing/__init__.py",
    "cerebras_management/cli/__init__.py",
    "cerebras_management_api/__init__.py",
    "cerebras_management_api/py.typed",
    "cerebras_management_api/openapi.json",
)
TOP_LEVEL = {"cerebras_management", "cerebras_management_api"}


def wheel_problems(names: list[str]) -> list[str]:
    """What is wrong with a wheel holding ``names`` (empty when nothing is)."""
    problems = [f"missing {name}" for name in REQUIRED if name not in names]
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    problems += [f"unexpected top-level entry {top!r}" for top in sorted(tops - TOP_LEVEL)]
    problems += [f"a test file: {name}" for name in names if "/tests/" in name or name.startswith("tests/")]
    if not any(name.endswith(".dist-info/licenses/LICENSE") for name in names):
        problems.append("no LICENSE in .dist-info/licenses/")
    return problems


def main() -> int:
    """Build into a temporary directory (``--outdir``; nothing left in the tree), check, print."""
    with tempfile.TemporaryDirectory(prefix="dist-check-") as out:
        subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--outdir", out, str(ROOT)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        built = sorted(Path(out).iterdir())
        subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, built)], check=True)
        wheel = next(path for path in built if path.suffix == ".whl")
        names = zipfile.ZipFile(wheel).namelist()
        print(f"{wheel.name}: {len(names)} files")
        for name in names:
            print(f"  {name}")
        problems = wheel_problems(names)
        for problem in problems:
            print(f"dist-check: {problem}", file=sys.stderr)
        return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
