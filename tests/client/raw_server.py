"""A loopback HTTP/1.1 server that answers with exact bytes, for what the mock cannot send.

The mock server speaks well-formed HTTP through uvicorn; some tests need a reason phrase that echoes
the key, a body that lies about its encoding, a body or header block trickled slowly, or a server
that records what reached it (a proxy, a redirect target).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def raw_server(
    reply: bytes,
    *,
    trickle_seconds: float = 0.0,
    header_trickle_seconds: float = 0.0,
    host: str = "127.0.0.1",
    received: list[bytes] | None = None,
) -> Iterator[str]:
    """Serve `reply` to every request on a free port of `host`; yield the base URL.

    With `trickle_seconds`, the body (after the blank line) is sent one byte at a time, that far apart;
    with `header_trickle_seconds`, the status line and each header line are sent that far apart.
    Each request's head (request line and headers) is appended to `received`, if given.
    """
    listener = socket.socket()
    listener.bind((host, 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def send_slowly(connection: socket.socket, pieces: list[bytes], seconds: float) -> bool:
        for piece in pieces:
            if stop.wait(seconds):
                return False
            try:
                connection.sendall(piece)
            except OSError:
                return False
        return True

    def handle(connection: socket.socket) -> None:
        with contextlib.suppress(OSError):  # the client gave up (reset, closed): nothing to answer
            answer(connection)

    def answer(connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as stream:
            while not stop.is_set() and (line := stream.readline()):
                lines = [line]
                while (line := stream.readline()) not in (b"\r\n", b""):
                    lines.append(line)
                if received is not None:
                    received.append(b"".join(lines))
                head, _, body = reply.partition(b"\r\n\r\n")
                if header_trickle_seconds:
                    head_lines = [piece + b"\r\n" for piece in head.split(b"\r\n")] + [b"\r\n"]
                    if not send_slowly(connection, head_lines, header_trickle_seconds):
                        return
                    connection.sendall(body)
                elif trickle_seconds:
                    connection.sendall(head + b"\r\n\r\n")
                    body_bytes = [body[index : index + 1] for index in range(len(body))]
                    if not send_slowly(connection, body_bytes, trickle_seconds):
                        return
                else:
                    connection.sendall(reply)

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
        yield f"http://{host}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        # Wake the accept() at once (Linux: it fails with EINVAL) rather than at its next 0.2 s timeout.
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        thread.join(timeout=2)
        listener.close()


def http_reply(status_line: str, body: bytes, *headers: str) -> bytes:
    """An HTTP/1.1 response with Content-Length, as bytes."""
    lines = [status_line, f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
