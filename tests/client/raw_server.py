"""A loopback HTTP/1.1 server that answers with exact bytes, for what the mock cannot send.

The mock server speaks well-formed HTTP through uvicorn; some tests need a reason phrase that echoes
the key, a body that lies about its encoding, or a body trickled one byte at a time.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def raw_server(reply: bytes, *, trickle_seconds: float = 0.0) -> Iterator[str]:
    """Serve `reply` to every request on a free loopback port; yield the base URL.

    With `trickle_seconds`, the body (after the blank line) is sent one byte at a time, that far apart.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def handle(connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as stream:
            while not stop.is_set() and stream.readline():
                while stream.readline() not in (b"\r\n", b""):
                    pass
                head, _, body = reply.partition(b"\r\n\r\n")
                if not trickle_seconds:
                    connection.sendall(reply)
                    continue
                connection.sendall(head + b"\r\n\r\n")
                for index in range(len(body)):
                    if stop.wait(trickle_seconds):
                        return
                    try:
                        connection.sendall(body[index : index + 1])
                    except OSError:
                        return

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def http_reply(status_line: str, body: bytes, *headers: str) -> bytes:
    """An HTTP/1.1 response with Content-Length, as bytes."""
    lines = [status_line, f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
