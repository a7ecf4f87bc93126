"""Import cost of a module, each sample in a fresh interpreter (``python -X importtime -c "import X"``).

The figure is the cumulative time ``-X importtime`` reports for the module's own top-level line,
which covers everything its import pulls in (httpx included, for the wrapper) and excludes
interpreter start-up. The wall time of the whole child process is kept alongside, for reference.
Samples of the modules are taken alternately so that drift in the machine affects all alike.

httpx imports its command line (``httpx._main``: click, rich, pygments) whenever those happen to be
installed, as they are in the dev environment, which inflates the baseline by about a third.
:data:`HTTPX_CLI_EXTRAS` lists them so that a run can hide them (``sys.modules[name] = None``) and
measure what a plain ``pip install cerebras-management`` sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_SCRUBBED_ENV = ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONNODEBUGRANGES")
HTTPX_CLI_EXTRAS = ("click", "rich", "pygments")


@dataclass(frozen=True)
class ImportSample:
    """One fresh-interpreter import: ``-X importtime`` cumulative and the child's wall time."""

    cumulative_us: int
    wall_us: int


def parse_cumulative_us(importtime_stderr: str, module: str) -> int:
    """The cumulative microseconds of ``module``'s top-level line in ``-X importtime`` output."""
    for line in importtime_stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line[len("import time:") :].split("|")
        if len(fields) != 3 or fields[2].rstrip() != f" {module}":
            continue
        return int(fields[1])
    raise ValueError(f"no top-level `import {module}` line in -X importtime output")


def import_code(module: str, hide: tuple[str, ...] = ()) -> str:
    """The ``-c`` program: make the ``hide`` packages unimportable, then ``import module``."""
    if not hide:
        return f"import {module}"
    return f"import sys; sys.modules.update(dict.fromkeys({list(hide)!r})); import {module}"


def import_sample(module: str, hide: tuple[str, ...] = ()) -> ImportSample:
    """Import ``module`` in a fresh interpreter (``hide`` made unimportable) and time it."""
    env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED_ENV}
    start = time.perf_counter_ns()
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", import_code(module, hide)],
        cwd=_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall_us = (time.perf_counter_ns() - start) // 1000
    if completed.returncode != 0:
        raise RuntimeError(f"`import {module}` failed:\n{completed.stderr[-2000:]}")
    return ImportSample(parse_cumulative_us(completed.stderr, module), wall_us)


def measure_imports(
    modules: list[str], repeats: int, hide: tuple[str, ...] = ()
) -> dict[str, list[ImportSample]]:
    """``repeats`` samples per module, alternating modules (and their order) sample by sample.

    One untimed import of each first writes any missing bytecode caches.
    """
    for module in modules:
        import_sample(module, hide)
    samples: dict[str, list[ImportSample]] = {module: [] for module in modules}
    for repeat in range(repeats):
        order = modules if repeat % 2 == 0 else list(reversed(modules))
        for module in order:
            samples[module].append(import_sample(module, hide))
    return samples
