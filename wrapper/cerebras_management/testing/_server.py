"""``MockServer``: the mock app under uvicorn in a daemon thread, plus the Python seeding API."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from ._app import MockApp, abort_socket
from ._faults import Fault, FaultQueue
from ._records import RecordedRequest, Recorder
from ._spec import SpecRouter, load_spec
from ._store import Store

__all__ = ["MockServer"]

_router: SpecRouter | None = None
_router_lock = threading.Lock()


class _Uvicorn(uvicorn.Server):
    """uvicorn polls ``should_exit`` every 100 ms; poll every 10 ms so :meth:`MockServer.stop` is quick."""

    async def main_loop(self) -> None:
        ticks = 0
        should_exit = await self.on_tick(0)
        while not should_exit:
            await asyncio.sleep(0.01)
            ticks = (ticks + 1) % 100
            # on_tick refreshes the Date header when its counter is a multiple of 10: about once a second.
            should_exit = await self.on_tick(0 if ticks == 0 else 1)


def _shared_router() -> SpecRouter:
    # Parsing the spec and building validators is the slow part of a start; every server shares one.
    global _router
    with _router_lock:
        if _router is None:
            _router = SpecRouter(load_spec())
        return _router


class MockServer:
    """A real HTTP server on loopback that serves the Management API from an in-memory store.

    Routes and validation come from the amended OpenAPI spec. Use it as a context manager
    (``with MockServer() as server:``) or call :meth:`start` and :meth:`stop`. ``port=0`` picks a free
    port. ``response_style="documented-example"`` answers in the shape of the spec's published examples
    (for DELETE ``{"name": ..., "deleted": true}``) instead of the schema's.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        org_name: str = "my-org",
        api_key: str | None = None,
        response_style: str = "schema",
        spec: dict[str, Any] | None = None,
    ) -> None:
        """Prepare (but do not start) a server.

        ``api_key`` fixes the default org's key (else a random one); ``spec`` replaces the amended spec
        (an OpenAPI document as a dict) for routing and validation.
        """
        self.host = host
        self.org_name = org_name
        self._store = Store()
        self.api_key = self._store.add_org(org_name, api_key)
        self._faults = FaultQueue()
        self._recorder = Recorder()
        self._stopping = threading.Event()
        self._app = MockApp(
            router=_shared_router() if spec is None else SpecRouter(spec),
            store=self._store,
            faults=self._faults,
            recorder=self._recorder,
            response_style=response_style,
            stopping=self._stopping,
            kill_connection=self._kill_connection,
        )
        self.response_style = response_style
        self._requested_port = port
        self._port: int | None = None
        self._uvicorn: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the server listens on (known once started)."""
        if self._port is None:
            raise RuntimeError("the mock server is not started")
        return self._port

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``.

        A server on every interface (``0.0.0.0`` or ``::``) gives its loopback URL: the address to
        connect to, and one the client sends a key to over plain http.
        """
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    def start(self) -> MockServer:
        """Bind, start serving in a daemon thread, and return once the server accepts requests."""
        if self._thread is not None:
            raise RuntimeError("the mock server is already started")
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit TCP_NODELAY: without it, uvicorn's separate header and body writes
        # meet delayed ACKs and every response takes ~40 ms on loopback.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.host, self._requested_port))
        self._port = sock.getsockname()[1]
        self._socket = sock
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            lifespan="off",
            access_log=False,
            http="h11",
            timeout_graceful_shutdown=2,
        )
        server = _Uvicorn(config)
        self._uvicorn = server
        self._stopping.clear()
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name=f"mock-server-{self._port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Shut down promptly: held (hanging) requests are dropped, then uvicorn exits."""
        if self._thread is None or self._uvicorn is None:
            return
        self._stopping.set()
        self._uvicorn.should_exit = True
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            self._uvicorn.force_exit = True
            self._thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()
        self._thread = None
        self._uvicorn = None
        self._socket = None

    def serve_forever(self) -> None:
        """Start (unless started), then block until interrupted (Ctrl-C), then stop."""
        if self._thread is None:
            self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(timeout=0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> MockServer:
        """Start the server."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    def _kill_connection(self, client: Any) -> None:
        # Runs in the server thread, inside the request: find that request's connection and RST it.
        server = self._uvicorn
        if server is None:
            return
        for connection in list(server.server_state.connections):
            if getattr(connection, "client", None) == (tuple(client) if client else None):
                abort_socket(connection.transport)
                return

    # --- state --------------------------------------------------------------------------------

    def add_org(self, org_name: str, api_key: str | None = None) -> str:
        """Create an organization and return its management key (a key of that org only)."""
        return self._store.add_org(org_name, api_key)

    def add_model_version(
        self, model_arch_id: str, aliases: list[str] | None = None, org_name: str | None = None
    ) -> int:
        """Add a version of ``model_arch_id``; ids count up from 1 per (org, architecture).

        Aliases must match the documented pattern and be unique per (org, architecture). The org
        defaults to :attr:`org_name` and is created if missing.
        """
        return self._store.add_model_version(org_name or self.org_name, model_arch_id, list(aliases or []))

    def has_model_version(self, model_arch_id: str, version: int | str, org_name: str | None = None) -> bool:
        """Whether an id or alias currently names a version."""
        return self._store.has_version(org_name or self.org_name, model_arch_id, str(version))

    def inject(
        self,
        fault: Fault,
        times: int = 1,
        *,
        method: str | None = None,
        path_contains: str | None = None,
    ) -> None:
        """Apply ``fault`` to the next ``times`` matching requests, in FIFO order with other faults.

        Faults act before authentication and validation, and a faulted request changes no state
        (except :meth:`Fault.delay`, after which the request is handled normally).
        """
        self._faults.add(fault, times, method, path_contains)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since start (or the last :meth:`reset`), oldest first."""
        return self._recorder.snapshot()

    def reset(self) -> None:
        """Clear versions, other orgs, pending faults and recorded requests.

        The default organization and its key survive, so :attr:`api_key` stays valid.
        """
        self._store.clear()
        self._store.add_org(self.org_name, self.api_key)
        self._faults.clear()
        self._recorder.clear()
