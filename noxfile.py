"""`make matrix`: the client, CLI and mock tests across the supported range (run with nox).

What runs, and why this much:

- every Python >= 3.11 found on this machine (on PATH, or installed by pyenv even when not selected)
  with the newest httpx, httpcore and attrs that the declared ranges allow: what a fresh
  ``pip install`` gives users today;
- the oldest Python found with the lowest allowed versions: httpx 0.27.0 with httpcore 1.0.0 (the
  lowest httpcore that httpx 0.27.0 accepts, ``httpcore==1.*``) and attrs 23.1.0. The client reads a
  few httpx/httpcore internals (the sync deadline, the proxy guard), and those changed across this
  range; the Python version changes nothing there, so one lowest session keeps CI's time in bounds.

Each session installs only the package as users get it (a built wheel with the ``mock`` and ``cli``
extras, not the editable dev install and not the generator, whose own httpx pin would otherwise decide
the version) plus the test runner, then runs ``tests/client``, ``tests/cli`` and ``tests/mock``.
``nox -l`` lists the sessions (``newest-3.11``, ..., ``lowest-3.11``); ``nox -s newest-3.12`` runs one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).parent
MINIMUM = (3, 11)
TEST_DIRS = ("tests/client", "tests/cli", "tests/mock")
# The lowest versions the declared ranges allow (pyproject.toml: httpx>=0.27,<1 and attrs>=23.1).
LOWEST = ("httpx==0.27.0", "httpcore==1.0.0", "attrs==23.1.0")
# The runtime dependencies (and httpx's transport, whose internals the client reads), upgraded to the
# newest releases the declared ranges allow.
NEWEST = ("httpx", "httpcore", "attrs")
# The test runner and what the tests import, with the versions pyproject.toml's dev extra allows.
# pexpect: the command line on a pseudo-terminal; build and hatchling: the wheel of the sealed-test project.
TEST_NEEDS = ("pytest", "pytest-timeout", "pytest-xdist", "hypothesis", "pexpect", "build", "hatchling")

nox.options.default_venv_backend = "venv"
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = True
nox.options.reuse_venv = "no"


def _version_of(executable: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None  # e.g. a pyenv shim for a version that is installed but not selected
    return (int(out[0]), int(out[1])) if len(out) == 2 else None


def find_pythons() -> dict[str, str]:
    """Working interpreters >= 3.11, one per minor version: ``{"3.12": "/path/to/python3.12"}``.

    pyenv's versions come first (its shims only run the selected versions), then PATH.
    """
    candidates: list[str] = []
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for bin_dir in sorted((pyenv_root / "versions").glob("3.*/bin"), reverse=True):
        match = re.fullmatch(r"(3\.\d+)\.\d+", bin_dir.parent.name)
        if match:
            candidates.append(str(bin_dir / f"python{match.group(1)}"))
    for minor in range(MINIMUM[1], 30):
        found = shutil.which(f"python3.{minor}")
        if found:
            candidates.append(found)
    pythons: dict[str, str] = {}
    for candidate in candidates:
        version = _version_of(candidate)
        if version is not None and version >= MINIMUM:
            pythons.setdefault(f"{version[0]}.{version[1]}", candidate)
    return dict(sorted(pythons.items(), key=lambda item: tuple(map(int, item[0].split(".")))))


def _dev_requirements(names: tuple[str, ...]) -> list[str]:
    """The dev extra's requirement strings for ``names`` (so the matrix tests with the same ranges)."""
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    found = [req for req in dev if re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0] in names]
    missing = set(names) - {re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0] for req in found}
    if missing:
        raise RuntimeError(f"pyproject.toml's dev extra does not list {sorted(missing)}")
    return found


PYTHONS = find_pythons()
# nox looks interpreters up by name on PATH: put the working ones first, ahead of pyenv's shims.
os.environ["PATH"] = os.pathsep.join(
    [*dict.fromkeys(str(Path(path).parent) for path in PYTHONS.values()), os.environ.get("PATH", "")]
)
print(
    "make matrix: Pythons >= 3.11 found: "
    + (", ".join(f"{version} ({path})" for version, path in PYTHONS.items()) or "none"),
    flush=True,
)

if PYTHONS:
    OLDEST = next(iter(PYTHONS))

    @nox.session(python=list(PYTHONS))
    def newest(session: nox.Session) -> None:
        """Client, CLI and mock tests with the newest allowed httpx, httpcore and attrs."""
        _run(session, "newest")

    @nox.session(python=[OLDEST])
    def lowest(session: nox.Session) -> None:
        """Client, CLI and mock tests with httpx 0.27.0, httpcore 1.0.0 and attrs 23.1.0."""
        _run(session, "lowest")

else:

    @nox.session(python=False)
    def newest(session: nox.Session) -> None:
        """Fails: there is no Python >= 3.11 to test on."""
        session.error("no Python >= 3.11 found on PATH or under pyenv: nothing was tested")


def _run(session: nox.Session, deps: str) -> None:
    pins = LOWEST if deps == "lowest" else ()
    session.install(f"{ROOT}[mock,cli]", *pins, *_dev_requirements(TEST_NEEDS))
    if deps == "newest":
        session.install("--upgrade", *NEWEST)
    session.run("python", "-m", "pip", "check")
    session.run(
        "python",
        "-c",
        "import sys; from importlib.metadata import version as v; "
        "print('tested with: Python', sys.version.split()[0], "
        "*(f'| {name} {v(name)}' for name in ('httpx', 'httpcore', 'attrs', 'anyio', 'h11')))",
    )
    session.run(
        "python",
        "-m",
        "pytest",
        *TEST_DIRS,
        "-q",
        "-p",
        "no:cacheprovider",
        "-n",
        os.environ.get("MATRIX_WORKERS", "2"),
        *session.posargs,
    )
