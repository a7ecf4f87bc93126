"""Shared fixtures, and what keeps the suite's results the same under pytest-xdist (`make test`)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from cerebras_management.testing import MockServer

_TERMINAL = ("COLUMNS", "LINES")
_CONTROLLER_TERMINAL = "_CEREBRAS_TESTS_CONTROLLER_TERMINAL"


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001
    """Give xdist workers the controller's ``COLUMNS``/``LINES`` (or none), not the 80x24 they start with.

    A worker's environment gains ``COLUMNS=80`` and ``LINES=24``, which a plain run does not have: the
    CLI then lays tables out for 80 columns instead of its 200 for non-terminals, and tests reading
    those tables pass alone but fail in parallel.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        values = os.environ.get(_CONTROLLER_TERMINAL, ",").split(",")
        for name, value in zip(_TERMINAL, values, strict=True):
            if value:
                os.environ[name] = value
            else:
                os.environ.pop(name, None)
    else:
        os.environ[_CONTROLLER_TERMINAL] = ",".join(os.environ.get(name, "") for name in _TERMINAL)


@pytest.fixture
def mock_server() -> Iterator[MockServer]:
    """A fresh mock server on a free loopback port (schema response style, empty store), stopped after."""
    with MockServer() as server:
        yield server
