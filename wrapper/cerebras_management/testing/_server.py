"""``MockServer``: the mock app under uvicorn in a daemon thread, plus the Python seeding API."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import Any, TextIO

import uvicorn

from .._seal import mock_started, mock_stopped
from ._app import MockApp, abort_socket
from ._drift import drifted
from ._faults import Fault, FaultQueue
from ._records import RecordedRequest, Recorder
from ._request_log import RequestLog
from ._spec import SpecRouter, load_spec
from ._state import Progression
from ._store import DEFAULT_ARCHITECTURES, Store

__all__ = ["MockServer"]

_router: SpecRouter | None = None
_router_lock = threading.Lock()


class _Uvicorn(uvicorn.Server):
    """uvicorn polls ``should_exit`` every 100 ms; poll every 10 ms so `MockServer.stop` is quick."""

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
    (``with MockServer() as server:``) or call [`start`][start] and [`stop`][stop]. ``port=0`` picks a free
    port. ``response_style="documented-example"`` answers in the shape of the spec's published examples
    (for DELETE ``{"name": ..., "deleted": true}``) instead of the schema's.

    What it serves: every organization has the architectures ``model_architectures``; the default
    organization also has one endpoint per architecture, ``{org_name}-{arch}`` (``seed_endpoints``).
    Versions get integer ids counting up from 1 per organization and architecture; aliases are unique
    per organization and architecture (409 naming the holder) and must match the documented pattern
    (422). Another organization's versions and endpoints answer 403.

    Long-running operations advance when read. An upload starts ``queued``, then its ``sync_status``
    moves ``queued`` -> ``in_progress`` -> ``done`` (``done: true``), one step per
    ``sync_after_reads`` reads of the version (a get, or a list that includes it) or per
    ``sync_after_seconds`` seconds, whichever is further along. A deployment's entry in the
    endpoint's ``deployed_models`` moves ``not_started`` -> ``in_progress`` -> ``complete`` the same way
    on reads of the endpoint (``rollout_after_reads``/``rollout_after_seconds``); when it completes,
    it replaces the deployment that was complete before. [`fail_next_sync`][fail_next_sync] and
    [`fail_next_rollout`][fail_next_rollout] make the next ones end ``failed`` instead.

    ``drift=True`` makes it answer as a server whose truth differs from the spec, in ways a contract
    run records and ``make spec-propose`` turns into amendments: an undocumented ``size_bytes`` in
    every version's status, ``created`` of endpoints as an ISO 8601 string, a ``null``
    ``system_fingerprint_suffix``, the required ``done`` left out while false, and an undocumented
    ``409`` for an endpoint never deployed to (the module ``_drift`` lists them exactly).
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
        model_architectures: Sequence[str] = DEFAULT_ARCHITECTURES,
        seed_endpoints: bool = True,
        sync_after_reads: int | None = 1,
        sync_after_seconds: float | None = None,
        rollout_after_reads: int | None = 1,
        rollout_after_seconds: float | None = None,
        request_log: TextIO | None = None,
        drift: bool = False,
    ) -> None:
        """Prepare (but do not start) a server.

        ``api_key`` fixes the default org's key (else a random one); ``spec`` replaces the amended spec
        (an OpenAPI document as a dict) for routing and validation. ``model_architectures`` are the
        architectures every organization has; ``seed_endpoints=False`` starts without endpoints.
        ``sync_after_*``/``rollout_after_*``: how fast syncs and rollouts advance (see the class);
        ``None`` for both of a pair means they advance only through [`finish_sync`][finish_sync] /
        [`finish_rollout`][finish_rollout]. ``request_log``: a stream (e.g. ``sys.stderr``) that gets
        one line per request served: method, path, status, time and request id (the standalone
        server writes them unless ``--quiet``). ``drift``: answer in drift mode (see the class).
        """
        self.host = host
        self.org_name = org_name
        self._architectures = tuple(model_architectures)
        self._seed_endpoints = seed_endpoints
        self._store = Store(
            architectures=self._architectures,
            sync=Progression(sync_after_reads, sync_after_seconds),
            rollout=Progression(rollout_after_reads, rollout_after_seconds),
        )
        self.api_key = self._store.add_org(org_name, api_key)
        self._seed()
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
        if drift:
            self._app.handlers = drifted(self._app.handlers)
        self.drift = drift
        self._served: Any = self._app if request_log is None else RequestLog(self._app, request_log)
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
            self._served,
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
        mock_started(self.url)  # a sealed test's clients may reach every mock of this process
        return self

    def stop(self) -> None:
        """Shut down promptly: held (hanging) requests are dropped, then uvicorn exits."""
        if self._thread is None or self._uvicorn is None:
            return
        mock_stopped(self.url)
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

    def _seed(self) -> None:
        if self._seed_endpoints:
            for arch in self._architectures:
                self._store.endpoints.add_endpoint(f"{self.org_name}-{arch}", arch, self.org_name)

    def add_model_version(
        self,
        model_arch_id: str,
        aliases: Iterable[str] | None = None,
        org_name: str | None = None,
        *,
        weight_uri: str | None = None,
        system_fingerprint_suffix: str | None = None,
        sync_status: str = "done",
    ) -> int:
        """Add a version of ``model_arch_id`` and return its id; ids count up from 1 per (org, architecture).

        Aliases must match the documented pattern and be unique per (org, architecture) (else
        ``ValueError``). The org defaults to `org_name` and is created if missing, as is the
        architecture. ``weight_uri`` is reported as ``customer_s3_uri``. ``sync_status`` is where its
        sync stands: ``"done"`` (ready to deploy), ``"queued"`` or ``"in_progress"`` (it then advances
        like an upload), or ``"failed"``.
        """
        if isinstance(aliases, str):
            raise TypeError("aliases must be a list of strings, not a string")
        return self._store.add_model_version(
            org_name or self.org_name,
            model_arch_id,
            list(aliases or []),
            weight_uri=weight_uri,
            system_fingerprint_suffix=system_fingerprint_suffix,
            sync_status=sync_status,
        )

    def add_model_versions(self, model_arch_id: str, count: int, org_name: str | None = None) -> list[int]:
        """Add ``count`` synced versions without aliases (e.g. 1,000 for a list benchmark); their ids."""
        return [self.add_model_version(model_arch_id, org_name=org_name) for _ in range(count)]

    def has_model_version(self, model_arch_id: str, version: int | str, org_name: str | None = None) -> bool:
        """Whether an id or alias currently names a version."""
        return self._store.has_version(org_name or self.org_name, model_arch_id, str(version))

    def model_version(
        self, model_arch_id: str, version: int | str, org_name: str | None = None
    ) -> dict[str, Any]:
        """The version's ``ModelVersion`` JSON as the API would show it, without counting a read.

        ``KeyError`` if no such version.
        """
        return self._store.peek_version(org_name or self.org_name, model_arch_id, str(version))

    def fail_next_sync(self, times: int = 1, *, message: str = "the weight sync failed") -> None:
        """Make the next ``times`` uploads fail: they end with ``done: true``, ``sync_status: "failed"``
        and an ``error`` object ``{"code": 13, "message": message}``, after the usual progression.
        """
        self._store.fail_next_syncs(times, message)

    def finish_sync(
        self, model_arch_id: str, version: int | str, org_name: str | None = None, *, error: str | None = None
    ) -> None:
        """End a version's sync now: ``done``, or ``failed`` with ``error`` as the message."""
        self._store.finish_sync(org_name or self.org_name, model_arch_id, str(version), error)

    def add_endpoint(self, endpoint_id: str, model_arch_id: str, org_name: str | None = None) -> None:
        """Add a dedicated endpoint serving ``model_arch_id``, managed by ``org_name`` (default: the
        server's; created if missing). It starts with no ``deployed_models``. ``ValueError`` if the id
        is taken (endpoint ids are global, like the API's paths).
        """
        self._store.endpoints.add_endpoint(endpoint_id, model_arch_id, org_name or self.org_name)

    def add_deployment(
        self, endpoint_id: str, model_arch_id: str, version: int | str, *, state: str = "complete"
    ) -> str:
        """Put an existing version of the endpoint's organization on ``endpoint_id`` at rollout
        ``state`` (``not_started``, ``in_progress``, ``complete`` or ``failed``); the deployment id.
        """
        return self._store.endpoints.add_deployment(endpoint_id, model_arch_id, str(version), state)

    def endpoint(self, endpoint_id: str) -> dict[str, Any]:
        """The endpoint's ``EndpointStatus`` JSON, without counting a read (``KeyError`` if missing)."""
        return self._store.endpoints.peek_endpoint(endpoint_id)

    def fail_next_rollout(self, times: int = 1, *, message: str = "the rollout failed") -> None:
        """Make the next ``times`` deployments fail: their ``deployed_models`` entry ends with
        ``state: "failed"`` and an ``error`` object ``{"code": 13, "message": message}`` after the usual
        progression (the deploy itself still answers 200); ``wait_for_deployment`` raises
        `OperationFailedError` with ``reason == message``.
        """
        self._store.endpoints.fail_next_rollouts(times, message)

    def finish_rollout(self, endpoint_id: str, deployment_id: str, *, error: str | None = None) -> None:
        """End a rollout now: ``complete``, or ``failed`` with ``error`` as the message."""
        self._store.endpoints.finish_rollout(endpoint_id, deployment_id, error)

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
        (except [`Fault.delay`][Fault.delay], after which the request is handled normally).
        """
        self._faults.add(fault, times, method, path_contains)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since start (or the last [`reset`][reset]), oldest first."""
        return self._recorder.snapshot()

    def reset(self) -> None:
        """Back to the state at construction: clears versions, added endpoints and deployments, other
        orgs, pending faults and failures, and recorded requests.

        The default organization and its key survive, so `api_key` stays valid; the
        architectures and seeded endpoints come back.
        """
        self._store.clear()
        self._store.add_org(self.org_name, self.api_key)
        self._seed()
        self._faults.clear()
        self._recorder.clear()
