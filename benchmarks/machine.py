"""A description of the machine and software the benchmarks ran on."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata


def cpu_model() -> str:
    """The first ``model name`` in ``/proc/cpuinfo``, else what :mod:`platform` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, str | int | None]:
    """CPU count and model, OS, and the Python, httpx and cerebras-management versions."""
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "httpx": _version("httpx"),
        "httpcore": _version("httpcore"),
        "cerebras_management": _version("cerebras-management"),
    }


def machine_line(info: dict[str, str | int | None]) -> str:
    """``info`` as the one line printed above the table."""
    return (
        f"{info['nproc']} x {info['cpu_model']}, {info['platform']}, "
        f"{info['python_implementation']} {info['python']}, httpx {info['httpx']}, "
        f"httpcore {info['httpcore']}, cerebras-management {info['cerebras_management']}"
    )
