"""Shared fixtures, and what keeps the suite's results the same under pytest-xdist (`make test`)."""

from __future__ import annotations

import gc
import ipaddress
import os
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

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


#: Modules that take longest (subprocesses, regeneration, real deadlines), longest first. `make test`
#: runs `--dist loadscope --no-loadscope-reorder`: a module runs whole on one worker, in this order,
#: so the long ones start first and the two workers end together instead of one finishing a long
#: module alone (xdist's own order, most tests first, put these at the end). The module that mostly
#: waits (the deadlines) goes second: the first worker's subprocesses and `make test`'s checks, which
#: run beside the suite, use the core it leaves idle. Figures: seconds on one worker of a full run.
LONGEST_FIRST = (
    "tests/spec_diff/test_spec_diff_e2e.py",  # 34
    "tests/client/test_wait_deadlines.py",  # 20, waiting
    "tests/docs/test_code_blocks.py",  # 16
    "tests/test_bench_smoke.py",  # 15
    "tests/evidence/test_loop.py",  # 13
    "tests/test_pipeline.py",  # 13
    "tests/contract/test_mock_conformance.py",  # 12
    "tests/cli/test_cli_hidden_writes.py",  # 12
    "tests/client/test_retries.py",  # 11, waiting
    "tests/test_bench_work.py",  # 10
    "tests/client/test_review_secrets.py",  # 9
    "tests/mock/test_sealed_project.py",  # 9
    "tests/contract/test_staging_mode.py",  # 9
    "tests/client/test_review_transport.py",  # 8, waiting
    "tests/cli/test_cli_writes.py",  # 8, waiting
    "tests/client/test_reader_differential.py",  # 7
    "tests/cli/test_cli_output.py",  # 7
    "tests/cli/test_cli_basics.py",  # 5
    "tests/client/test_secrets.py",  # 5, waiting
    "tests/test_spec_sources.py",  # 4
    "tests/contract/test_client_conformance.py",  # 4
    "tests/test_regenerate.py",  # 4
    "tests/evidence/test_canary.py",  # 4
    "tests/cli/test_cli_json_stderr.py",  # 4
    "tests/mock/test_pytest_plugin.py",  # 4
    "tests/mock/test_missing_extra.py",  # 4
    "tests/client/test_waiters.py",  # 4
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist, put the modules of :data:`LONGEST_FIRST` first, in its order (the order within a
    module stays; a plain run, e.g. `make contract`, keeps the collection order)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    rank = {path: index for index, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


_frozen_for: list[object] = [None]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before each module's first test, collect the garbage and `gc.freeze` what is left alive.

    A full collection then walks only what the current module made. Without this, each one walked
    every object the run had built and kept so far (hypothesis, schemathesis, the generated package,
    session fixtures: 200,000 and more, about 0.25 s a walk), and the benchmark harness alone calls
    `gc.collect()` dozens of times: 30 s of a `make test` went to collections. The collection before
    the freeze runs the finalizers of what earlier modules dropped, so none of their warnings is
    lost. What it gives up: an object alive at a module's start that later becomes cyclic garbage
    stays until the worker exits, its finalizer unrun (session fixtures, which live that long anyway,
    are most of what is frozen). Frozen objects are still reachable, counted by ``gc.get_count()``
    deltas and walked by ``gc.get_referents``, and a test's own objects are never frozen while it runs.
    """
    module = getattr(item, "module", None)
    if module is not _frozen_for[0]:
        _frozen_for[0] = module
        gc.collect()
        gc.freeze()


@pytest.fixture(scope="session")
def stop_later() -> Iterator[Callable[[MockServer], None]]:
    """``stop_later(server)`` stops a test's own server in a background thread; all are joined at the end.

    A stop takes over 100 ms of waiting (uvicorn's shutdown sleeps before it closes), and hundreds of
    tests start a server of their own: the next test starts meanwhile. The server's port is its own
    (the OS picks a free one), so nothing of it reaches another test.
    """
    threads: list[threading.Thread] = []

    def stop(server: MockServer) -> None:
        thread = threading.Thread(target=server.stop, name=f"stop-{server.port}", daemon=True)
        thread.start()
        threads.append(thread)

    yield stop
    for thread in threads:
        thread.join(timeout=30)


@pytest.fixture
def mock_server(stop_later: Callable[[MockServer], None]) -> Iterator[MockServer]:
    """A fresh mock server on a free loopback port (schema response style, empty store), stopped after."""
    server = MockServer().start()
    yield server
    stop_later(server)


# --- one certificate store ------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def _one_certificate_store() -> Iterator[None]:
    """Every httpx client of the session shares one default TLS context instead of building its own.

    httpx builds an `ssl.SSLContext` for each client (and transport), loading the whole CA bundle
    into it: 35-45 ms of OpenSSL per client, whatever the URL. The suite makes some 900 clients (the
    contract suite one per generated case), so that was half a minute of CPU. No test talks TLS
    (loopback, plain HTTP), and httpx changes nothing in the context before a TLS handshake; a
    client asking for anything but the default (``verify=`` a context or False, ``cert=``) still
    gets its own, and so does another ``SSL_CERT_FILE``/``SSL_CERT_DIR`` or ``trust_env``.
    """
    import httpx._transports.default as transports  # the name httpx's transports call

    build = transports.create_ssl_context
    made: dict[tuple[object, ...], Any] = {}

    def shared(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
        if verify is not True or cert is not None:
            return build(verify=verify, cert=cert, trust_env=trust_env)
        key = (trust_env, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
        if key not in made:
            made[key] = build(verify=verify, cert=cert, trust_env=trust_env)
        return made[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transports, "create_ssl_context", shared)
        yield


# --- loopback only ----------------------------------------------------------------------------------


class NonLoopbackTraffic(AssertionError):  # not an OSError: code that handles network errors must not hide it
    """A test tried to use an address that is not loopback."""


def _is_loopback(host: Any) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str, address: Any) -> None:
    raise NonLoopbackTraffic(
        f"{what} {address!r}: the machines this suite runs on allow traffic to loopback only (127.0.0.0/8, "
        "::1), the machine's own outgoing address included. To test a remote host, use a name the test "
        "alone resolves to 127.0.0.1 (tests/client/test_review_transport.py: proxy_name)."
    )


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    """Every socket this process binds or connects, and every name it resolves, is loopback.

    Binding to all interfaces ("" or 0.0.0.0) counts as leaving loopback; Unix sockets are left alone.
    (Subprocesses are not watched: the ones this suite starts are given loopback addresses.)
    """
    real_bind, real_connect, real_connect_ex = (
        socket.socket.bind,
        socket.socket.connect,
        socket.socket.connect_ex,
    )
    real_getaddrinfo = socket.getaddrinfo

    def checked(what: str, address: Any, family: int) -> None:
        if family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            _refuse(what, address)

    def bind(self: socket.socket, address: Any) -> None:
        checked("bind to", address, self.family)
        real_bind(self, address)

    def connect(self: socket.socket, address: Any) -> None:
        checked("connect to", address, self.family)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        checked("connect to", address, self.family)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host.decode() if isinstance(host, bytes) else host):
            _refuse("resolving", host)
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "bind", bind)
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield
