"""One line per request the mock serves, for a person watching it (`MockServer(request_log=...)`).

```
GET /management/v1/orgs/my-org/models -> 200 in 1.4 ms (req_3f2a...)
```

The method, the path as sent (with its query), the status (or ``no answer`` when a fault dropped the
connection), the time and the request id, which the client's ``-v`` lines show too. Never a header or
a body, so never a key.
"""

from __future__ import annotations

import threading
import time
from typing import Any, TextIO

from .._visible import visible
from ._app import Message, Receive, Scope, Send

__all__ = ["RequestLog"]


class RequestLog:
    """ASGI middleware around the mock's app: writes one line per HTTP request to ``stream``."""

    def __init__(self, app: Any, stream: TextIO) -> None:
        self.app = app
        self.stream = stream
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request through the app, then write its line."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answer: dict[str, Any] = {}
        started = time.perf_counter()

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["id"] = dict(message.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                # Before the last of the answer leaves: whoever has the answer finds its line written.
                self.write(scope, answer, (time.perf_counter() - started) * 1000)
                answer["logged"] = True
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            if not answer.get("logged"):  # no answer (a fault dropped the connection), or an error
                self.write(scope, answer, (time.perf_counter() - started) * 1000)

    def write(self, scope: Scope, answer: dict[str, Any], elapsed_ms: float) -> None:
        """Write the line of one request (errors writing it are ignored: the log is not the service)."""
        raw = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        target = raw.decode("latin-1").split("?", 1)[0] + (f"?{query.decode('latin-1')}" if query else "")
        status = answer.get("status", "no answer (connection dropped)")
        request_id = f" ({answer['id']})" if answer.get("id") else ""
        line = visible(f"{scope['method']} {target} -> {status} in {elapsed_ms:.1f} ms{request_id}")
        with self._lock:
            try:
                self.stream.write(line + "\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
