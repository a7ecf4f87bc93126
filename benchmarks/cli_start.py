"""Start-up of the command line: ``cerebras-management --version`` against ``python -c "import httpx"``.

Both are whole fresh processes timed from spawn to exit (interpreter start-up included on both
sides, as an operator experiences it), sampled alternately so that drift in the machine affects both
alike. The console script is the one installed beside the running interpreter (``make install``
puts it in ``.venv/bin``); without it the row has no "ours".
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_SCRUBBED_ENV = ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONNODEBUGRANGES")
CLI_NAME = "cerebras-management"


def console_script() -> Path | None:
    """The installed ``cerebras-management`` next to this interpreter, if there is one."""
    path = Path(sys.executable).parent / CLI_NAME
    return path if path.is_file() and os.access(path, os.X_OK) else None


def commands() -> dict[str, list[str]]:
    """The command per target: ``raw`` imports httpx, ``ours`` runs the CLI's ``--version``."""
    targets = {"raw": [sys.executable, "-c", "import httpx"]}
    script = console_script()
    if script is not None:
        targets["ours"] = [str(script), "--version"]
    return targets


def run_once(command: list[str]) -> int:
    """Wall time of one run of ``command`` in microseconds (it must exit 0)."""
    env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED_ENV}
    start = time.perf_counter_ns()
    completed = subprocess.run(command, cwd=_ROOT, env=env, capture_output=True, check=False)
    elapsed = (time.perf_counter_ns() - start) // 1000
    if completed.returncode != 0:
        raise RuntimeError(f"{command} exited {completed.returncode}: {completed.stderr[-2000:]!r}")
    return elapsed


def measure_cli_start(repeats: int) -> dict[str, list[int]]:
    """``repeats`` wall times (us) per target, alternating targets and their order; one warm-up each."""
    targets = commands()
    for command in targets.values():
        run_once(command)  # writes bytecode caches, warms the page cache
    samples: dict[str, list[int]] = {name: [] for name in targets}
    names = list(targets)
    for repeat in range(repeats):
        for name in names if repeat % 2 == 0 else reversed(names):
            samples[name].append(run_once(targets[name]))
    return samples
