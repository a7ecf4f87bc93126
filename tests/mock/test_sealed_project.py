"""Sealed tests as a user meets them: a temporary project with the *wheel* installed, run by pytest.

One wheel is built and installed into one virtualenv for the module (its dependencies are read from
this checkout's .venv through a plain path entry, so nothing is downloaded and the editable install's
own path hook is not used: `cerebras_management` is imported from the wheel). The shell around each
run exports real-looking values of the client's variables, which a sealed test must never use.

- The testing guide's file "that shows each rule" passes as written, under pytest-xdist, and the
  shell's values are back after each sealed test.
- The fixtures' clients, `ManagementClient()` built from the environment and the command line inside
  a sealed test never go through the proxy of `HTTP_PROXY`/`ALL_PROXY`, on loopback or a remote name
  (`proxy.invalid`, which only this project's conftest resolves, to the stand-in proxy on loopback).
"""

from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import sysconfig
import threading
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guides" / "testing.md"

#: What a user's shell might export: a key and a URL of the real service, never to be used by a test.
SHELL = {
    "CEREBRAS_MANAGEMENT_API_KEY": "csk-mgmt-7Hq2vXe9LrT4sWbN8yKc3ZpD6fGjA1uM",
    "CEREBRAS_MANAGEMENT_BASE_URL": "https://api.cerebras.ai",
    "CEREBRAS_ORG_NAME": "acme-prod",
}

#: Appended to the guide's file: after the sealed tests (same process, file order), the shell is back.
AFTER = """

def test_zz_the_shell_values_are_back_after_the_sealed_tests() -> None:
    import cerebras_management

    assert cerebras_management.__file__.startswith(sys.prefix)  # the wheel, not the checkout
    assert os.environ["CEREBRAS_MANAGEMENT_BASE_URL"] == "https://api.cerebras.ai"
    assert os.environ["CEREBRAS_ORG_NAME"] == "acme-prod"
    assert os.environ["CEREBRAS_MANAGEMENT_API_KEY"] == "csk-mgmt-7Hq2vXe9LrT4sWbN8yKc3ZpD6fGjA1uM"
    assert "CEREBRAS_MANAGEMENT_ALLOWED_SERVERS" not in os.environ
    assert "NO_PROXY" not in os.environ
    with ManagementClient() as client:  # nothing is sent: only the configuration is read
        assert (client.base_url, client.org_name) == ("https://api.cerebras.ai", "acme-prod")
"""

#: Resolves the name `proxy.invalid` to loopback for this project's tests only.
PROXY_NAME_CONFTEST = """
import socket

_real_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    return _real_getaddrinfo("127.0.0.1" if host == "proxy.invalid" else host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo
"""

PROXY_TESTS = """
import httpx
import pytest
from cerebras_management import AsyncManagementClient, ManagementClient
from cerebras_management.testing import MockServer

ARCHITECTURES = ["gpt-oss-120b", "llama3.1-8b"]


def test_a_plain_httpx_client_uses_the_proxy() -> None:  # the proxy variable is in effect
    assert httpx.get("http://127.0.0.1:1/probe", timeout=5).status_code == 403


def test_the_fixture_client(management_client: ManagementClient, management_mock: MockServer) -> None:
    assert management_client.models.list() == ARCHITECTURES
    assert len(management_mock.requests) == 1


@pytest.mark.anyio
async def test_the_async_fixture_client(async_management_client: AsyncManagementClient) -> None:
    assert await async_management_client.models.list() == ARCHITECTURES


def test_a_client_from_the_environment(management_mock: MockServer) -> None:
    with ManagementClient() as client:
        assert client.models.list() == ARCHITECTURES
    assert len(management_mock.requests) == 1
"""


def _guide_file() -> str:
    """The guide's complete test file that shows each sealing rule."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("A test file that shows each rule:", 1)[1]
    block = re.search(r"^```python\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)
    assert block is not None, "docs/guides/testing.md lost its sealed-test file"
    return block[1]


@pytest.fixture(scope="module")
def wheel_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a virtualenv with the wheel built from this checkout installed."""
    base = tmp_path_factory.mktemp("wheel-project")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(base / "dist"),
         str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = (base / "dist").glob("*.whl")
    venv.EnvBuilder(with_pip=False).create(base / "venv")
    python = base / "venv" / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-index", "--disable-pip-version-check", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # A plain path entry: the .pth files there (the editable install's) are not processed.
    Path(purelib, "dependencies-from-the-checkout.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def run_project(python: Path, project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run pytest in ``project`` with the wheel's interpreter and the shell above; its output."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "COV_", "CEREBRAS_")) and not name.lower().endswith("_proxy")
    }
    environment.update(SHELL)
    environment["PATH"] = f"{python.parent}{os.pathsep}{environment.get('PATH', '')}"
    environment.update(env or {})
    # This checkout's heavy pytest plugins (schemathesis' costs seconds per process) are not a user's.
    quiet = ["-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:hypothesispytest"]
    result = subprocess.run(
        [str(python), "-m", "pytest", "-v", *quiet, *args],
        cwd=project, env=environment, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    return result.stdout + result.stderr


class _RecordingProxy(http.server.ThreadingHTTPServer):
    """A stand-in HTTP proxy on loopback: records each request line and refuses it (403)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(handler) -> None:
                self.seen.append(f"{handler.command} {handler.path}")
                handler.send_response(403)
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            do_POST = do_DELETE = do_PATCH = do_GET

            def log_message(self, format: str, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def proxy() -> Iterator[_RecordingProxy]:
    server = _RecordingProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_guides_sealed_test_file_passes_under_xdist_behind_a_loopback_proxy(
    wheel_python: Path, tmp_path: Path, proxy: _RecordingProxy
) -> None:
    tests = _guide_file() + AFTER
    (tmp_path / "test_rules.py").write_text(tests)
    (tmp_path / "test_rules_on_another_worker.py").write_text(tests)
    (tmp_path / "test_proxies.py").write_text(PROXY_TESTS)
    address = f"http://127.0.0.1:{proxy.server_address[1]}"
    env = {"HTTP_PROXY": address, "ALL_PROXY": address}
    output = run_project(wheel_python, tmp_path, "-n", "2", "--dist", "loadfile", env=env)
    assert "created: 2/2 workers" in output, output
    names = re.findall(r"^(?:async )?def (test_\w+)", tests, flags=re.MULTILINE)
    assert len(names) == 5
    for name in names:
        for module in ("test_rules.py", "test_rules_on_another_worker.py"):
            assert re.search(rf"PASSED {module}::{name} *$", output, flags=re.MULTILINE), (
                module,
                name,
                output,
            )
    assert "14 passed" in output, output
    assert proxy.seen == ["GET http://127.0.0.1:1/probe"]  # the plain client's probe, nothing else


def test_sealed_clients_ignore_a_remote_named_proxy(
    wheel_python: Path, tmp_path: Path, proxy: _RecordingProxy
) -> None:
    (tmp_path / "conftest.py").write_text(PROXY_NAME_CONFTEST)
    (tmp_path / "test_proxies.py").write_text(PROXY_TESTS)
    address = f"http://proxy.invalid:{proxy.server_address[1]}"
    output = run_project(wheel_python, tmp_path, env={"HTTP_PROXY": address, "ALL_PROXY": address})
    assert "4 passed" in output, output
    assert proxy.seen == ["GET http://127.0.0.1:1/probe"]  # through proxy.invalid, resolved here alone
