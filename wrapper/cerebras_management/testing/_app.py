"""The mock's ASGI application: record, inject faults, route by the spec, authenticate, validate, act."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import struct
import threading
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ._faults import Fault, FaultQueue
from ._handlers_endpoints import ENDPOINT_HANDLERS
from ._handlers_versions import VERSION_HANDLERS
from ._records import RecordedRequest, Recorder
from ._spec import Match, Operation, SpecRouter
from ._state import ApiError, Call
from ._store import Access, Store

__all__ = ["RESPONSE_STYLES", "MockApp"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
#: Given the client address of a request, abort its TCP connection with an RST.
ConnectionKiller = Callable[[Any], None]

RESPONSE_STYLES = ("schema", "documented-example")

_log = logging.getLogger("cerebras_management.testing")

Handler = Callable[[Store, Call], tuple[int, Any]]


class _Reply:
    """A response about to be sent."""

    def __init__(
        self,
        status: int,
        body: bytes,
        content_type: str | None = "application/json",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers


def _json(status: int, document: object, headers: tuple[tuple[str, str], ...] = ()) -> _Reply:
    return _Reply(status, json.dumps(document, separators=(",", ":")).encode(), headers=headers)


#: Marks an answer that the mock's own failure produced (never one the API would give).
MOCK_ERROR_HEADER = "x-mock-error"


def mock_failure(exc: Exception) -> _Reply:
    """The JSON 500 for an exception inside the mock: it names the mock, not the API, as its origin."""
    detail = (
        f"The mock server (cerebras_management.testing) failed: {type(exc).__name__}: {exc}. This is a "
        "bug in the mock or in how it was set up, not an answer the API gives."
    )
    return _json(500, {"detail": detail}, headers=((MOCK_ERROR_HEADER, type(exc).__name__),))


def _bearer(headers: dict[str, str]) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def abort_socket(transport: Any) -> None:
    """Close ``transport`` with an RST: ``SO_LINGER`` on with a zero timeout, then abort."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


class MockApp:
    """ASGI callable serving the spec's operations from a `Store`.

    Every answer it sends, errors and injected faults included, carries an ``x-request-id`` header
    (``req_`` and 32 hex digits, new for each answer); only the ``reset`` and ``hang`` faults, which
    drop the connection, send nothing.
    """

    def __init__(
        self,
        *,
        router: SpecRouter,
        store: Store,
        faults: FaultQueue,
        recorder: Recorder,
        response_style: str,
        stopping: threading.Event,
        kill_connection: ConnectionKiller,
    ) -> None:
        """Wire the app to its state; ``stopping`` wakes held requests when the server shuts down."""
        if response_style not in RESPONSE_STYLES:
            raise ValueError(f"response_style must be one of {RESPONSE_STYLES}, not {response_style!r}")
        self.router = router
        self.store = store
        self.faults = faults
        self.recorder = recorder
        self.response_style = response_style
        self.stopping = stopping
        self.kill_connection = kill_connection
        self.handlers: dict[str, Handler] = {**VERSION_HANDLERS, **ENDPOINT_HANDLERS}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request (lifespan and websocket scopes are ignored).

        Whatever fails inside the mock (a handler, a fault, sending the answer) answers a JSON 500
        that says the mock failed, with its request id, unless the answer had already started
        (uvicorn then drops the connection). The traceback is logged on ``cerebras_management.testing``.
        """
        if scope["type"] != "http":
            return
        started = False

        async def send_and_note(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._serve(scope, receive, send_and_note)
        except Exception as exc:
            _log.exception("the mock server failed on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await self._send(send, mock_failure(exc))

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        method: str = scope["method"]
        raw_path = scope.get("raw_path") or scope["path"].encode()
        raw_path_text = raw_path.decode("latin-1").split("?", 1)[0]
        query_string = scope.get("query_string", b"").decode("latin-1")
        headers: dict[str, str] = {}
        for key, value in scope["headers"]:
            name = key.decode("latin-1").lower()
            text = value.decode("latin-1")
            headers[name] = f"{headers[name]}, {text}" if name in headers else text
        body = await self._read_body(receive)
        match = self.router.match(raw_path_text)
        operation = match.operations.get(method) if match else None
        api_key = _bearer(headers)
        self.recorder.append(
            RecordedRequest(
                method=method,
                raw_path=raw_path_text,
                query_string=query_string,
                path_params=dict(match.path_params) if match else {},
                operation_id=operation.operation_id if operation else None,
                api_key=api_key,
                headers=headers,
                body=body,
            )
        )
        fault = self.faults.take(method, raw_path_text)
        reply: _Reply | None
        if fault is not None:
            reply = await self._apply_fault(fault, scope, receive, headers)
            if reply is None and fault.kind != "delay":
                return  # the connection was dropped on purpose
        if fault is None or fault.kind == "delay":
            try:
                reply = self._handle(match, operation, api_key, query_string, headers, body)
            except Exception as exc:  # a bug in the mock: still one JSON answer with its request id
                _log.exception("the mock server failed on %s %s", method, raw_path_text)
                reply = mock_failure(exc)
        assert reply is not None
        await self._send(send, reply)

    @staticmethod
    async def _read_body(receive: Receive) -> bytes:
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    async def _send(send: Send, reply: _Reply) -> None:
        raw_headers = [
            (b"x-request-id", f"req_{uuid.uuid4().hex}".encode()),
            (b"content-length", str(len(reply.body)).encode()),
        ]
        if reply.content_type is not None:
            raw_headers.append((b"content-type", reply.content_type.encode()))
        raw_headers.extend((name.encode(), value.encode()) for name, value in reply.headers)
        await send({"type": "http.response.start", "status": reply.status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": reply.body})

    async def _hold(self, seconds: float, receive: Receive) -> bool:
        """Wait up to ``seconds``; return True if it ended early (client gone or server stopping)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        disconnect = asyncio.ensure_future(receive())
        try:
            while loop.time() < deadline:
                if self.stopping.is_set() or disconnect.done():
                    return True
                await asyncio.sleep(min(0.05, max(0.0, deadline - loop.time())))
            return False
        finally:
            disconnect.cancel()

    async def _apply_fault(
        self, fault: Fault, scope: Scope, receive: Receive, headers: dict[str, str]
    ) -> _Reply | None:
        if fault.kind == "delay":
            await self._hold(fault.seconds, receive)
            return None
        if fault.kind in ("hang", "reset"):
            if fault.kind == "hang":
                await self._hold(fault.seconds, receive)
            self.kill_connection(scope.get("client"))
            # Let the server notice the dropped connection, so it does not try to answer for us.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(receive(), timeout=1.0)
            return None
        if fault.kind == "echo_authorization":
            received = headers.get("authorization", "")
            return _json(fault.code, {"detail": f"Invalid credentials: Authorization: {received}"})
        content_type = None if fault.kind == "empty" else fault.content_type
        return _Reply(fault.code, fault.payload, content_type, fault.headers)

    def _handle(
        self,
        match: Match | None,
        operation: Operation | None,
        api_key: str | None,
        query_string: str,
        headers: dict[str, str],
        body: bytes,
    ) -> _Reply:
        if match is None:
            return _json(404, {"detail": "Not Found"})
        if operation is None:
            return _json(405, {"detail": "Method Not Allowed"}, headers=(("allow", match.allow),))
        org_name = match.path_params.get("org_name")
        access = self.store.check_access(api_key, org_name)
        if access is Access.UNAUTHENTICATED:
            detail = "Invalid management API key" if api_key else "Not authenticated: send a Bearer key"
            return _json(401, {"detail": detail}, headers=(("www-authenticate", "Bearer"),))
        if access is Access.FORBIDDEN:
            return _json(403, {"detail": f"This key may not act on organization {org_name!r}"})
        if access is Access.NO_SUCH_ORG:
            return _json(404, {"detail": f"Organization {org_name!r} not found"})
        errors = self.router.validate(operation, match.path_params, query_string, headers, body)
        if errors:
            return _json(422, {"detail": errors})
        handler = self.handlers.get(operation.operation_id or "")
        if handler is None:
            return _json(501, {"detail": f"The mock does not implement {operation.operation_id}"})
        caller = self.store.org_of_key(api_key)
        if caller is None:  # the key was replaced since check_access
            return _json(
                401, {"detail": "Invalid management API key"}, headers=(("www-authenticate", "Bearer"),)
            )
        document = json.loads(body) if body and operation.body_validator is not None else None
        call = Call(caller, match.path_params, document, self.response_style)
        try:
            status, answer = handler(self.store, call)
        except ApiError as error:
            return _json(error.status, {"detail": error.detail})
        return _json(status, answer)
