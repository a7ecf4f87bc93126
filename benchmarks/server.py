"""A minimal keep-alive HTTP/1.1 server that answers with fixed responses, chosen by the request line.

``DELETE`` anything: the fixed DELETE response. ``GET .../versions/<id>``: one ModelVersion.
``GET .../versions``: a ModelVersionList of :data:`LIST_SIZE` versions (built once at start).
It runs in its own process (plain asyncio, no framework) so that the client being measured gets the
benchmark process to itself and the server is never the bottleneck. Run it directly with
``python -m benchmarks.server [--port N]``; it prints the bound port on its first stdout line.
Use :func:`running_server` to start and stop it from Python.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

RESPONSE_BODY = b'{"message":"Model version 1 deleted"}'
LIST_SIZE = 1000


def model_version(version_id: int) -> dict[str, object]:
    """One ModelVersion as the API shows a synced version (every documented field set)."""
    return {
        "name": f"orgs/my-org/models/gpt-oss-120b/versions/{version_id}",
        "done": True,
        "response": {
            "customer_s3_uri": f"s3://my-bucket/fine-tuned/gpt-oss-120b/{version_id}/",
            "version_aliases": [f"v{version_id}"],
            "sync_status": "done",
            "system_fingerprint_suffix": "ft",
        },
    }


GET_BODY = json.dumps(model_version(1), separators=(",", ":")).encode()
LIST_BODY = json.dumps(
    {"model_versions": [model_version(i) for i in range(1, LIST_SIZE + 1)]}, separators=(",", ":")
).encode()


def _head(body: bytes) -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\n"
        b"content-type: application/json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n"
        b"x-request-id: req_"
    )


#: (head up to the request id, body) per kind of request.
_DELETE = (_head(RESPONSE_BODY), RESPONSE_BODY)
_GET = (_head(GET_BODY), GET_BODY)
_LIST = (_head(LIST_BODY), LIST_BODY)


def _reply_for(head: bytes) -> tuple[bytes, bytes]:
    """The fixed response for a request, from its request line."""
    line = head[: head.find(b"\r\n")] if b"\r\n" in head else head
    if line.startswith(b"GET "):
        path = line.split(b" ", 2)[1]
        return _LIST if path.endswith(b"/versions") else _GET
    return _DELETE


_HEADER_END = b"\r\n\r\n"
_ROOT = Path(__file__).resolve().parent.parent


def _content_length(head: bytes) -> int:
    """The request body length declared in ``head`` (request line and headers), 0 when absent."""
    lowered = head.lower()
    start = lowered.find(b"\r\ncontent-length:")
    if start < 0:
        return 0
    start += len(b"\r\ncontent-length:")
    end = lowered.find(b"\r\n", start)
    return int(lowered[start : end if end >= 0 else None].strip())


class FixedResponseProtocol(asyncio.Protocol):
    """Answers each complete request on a connection, in order, with its fixed 200 JSON response."""

    counter = 0

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport to write responses to."""
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        """Consume every complete request in the buffer and write all their responses at once."""
        buffer = self._buffer + data
        out: list[bytes] = []
        close = False
        while True:
            end = buffer.find(_HEADER_END)
            if end < 0:
                break
            head = buffer[:end]
            total = end + len(_HEADER_END) + _content_length(head)
            if len(buffer) < total:
                break
            buffer = buffer[total:]
            FixedResponseProtocol.counter += 1
            reply_head, reply_body = _reply_for(head)
            out.append(b"%s%08x\r\n\r\n%s" % (reply_head, FixedResponseProtocol.counter, reply_body))
            if b"\r\nconnection: close" in head.lower():
                close = True
                break
        self._buffer = buffer
        if self._transport is None:
            return
        if out:
            self._transport.write(b"".join(out))
        if close:
            self._transport.close()


async def serve(host: str, port: int) -> None:
    """Serve forever on ``host:port``, printing the bound port once listening."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(FixedResponseProtocol, host, port, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


@contextlib.contextmanager
def running_server(host: str = "127.0.0.1") -> Iterator[str]:
    """Start the server in a child process on a free port; yield its base URL; stop it on exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server", "--host", host, "--port", "0"],
        cwd=_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.isdigit():
            raise RuntimeError(f"benchmark server did not start (said {line!r})")
        yield f"http://{host}:{int(line)}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m benchmarks.server --host 127.0.0.1 --port 0``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
