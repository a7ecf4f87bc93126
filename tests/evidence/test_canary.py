"""The secret canary: a server that echoes the key everywhere, recorded; no trace of it under DIR.

A proxy in front of the mock echoes the Bearer key each request carried: in response headers (a
value, a header's name, ``Set-Cookie``, percent-encoded), and in the JSON bodies (a value, a property
name, inside a list, inside a URI, JSON-escaped character by character, with ``\\/``), and sends one
operation's bodies as UTF-16. A recording contract run goes through it. Every byte written under DIR
is then searched for the key in every form the client's own redaction knows (`_secrets.KeyMatcher`:
as written, JSON-escaped, percent-encoded), in UTF-16 and UTF-32, in base64, and in every string a
JSON or YAML file holds once decoded.
"""

from __future__ import annotations

import base64
import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from cerebras_management._secrets import KeyMatcher
from cerebras_management.testing import MockServer
from evidence_support import Run, contract_run


def _escaped(key: str) -> str:
    return "".join(f"\\u{ord(char):04x}" for char in key)


def echoed_body(content: bytes, key: str) -> bytes:
    """The JSON object ``content`` with the key added in plain and escaped forms (else unchanged)."""
    try:
        body = json.loads(content)
    except ValueError:
        return content
    if not isinstance(body, dict):
        return content
    body.update(
        {"echo": key, key: "the key as a name", "echo_list": [key], "echo_uri": f"s3://b/{quote(key)}"}
    )
    slashed = key.replace("-", "\\/")  # a JSON escape of "/" where the key had "-" (a key with "/")
    text = json.dumps(body)[:-1] + f', "echo_escaped": "{_escaped(key)}", "echo_slashed": "{slashed}"}}'
    return text.encode()


class EchoProxy(ThreadingHTTPServer):
    """Forwards to ``upstream`` and echoes the request's Bearer key back in each answer."""

    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.client = httpx.Client(base_url=upstream)
        self.echoes = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: EchoProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        answer = self.server.client.request(self.command, self.path, headers=headers, content=body)
        key = self.headers.get("authorization", "").partition(" ")[2]
        content, extra, content_type = answer.content, [], answer.headers.get("content-type", "")
        if key:
            self.server.echoes += 1
            content = echoed_body(content, key)
            extra = [
                ("X-Echo", key),
                ("Set-Cookie", f"session={key}; Path=/; HttpOnly"),
                (f"X-Echo-{key}", "1"),
                ("X-Echo-Url", quote(key, safe="")),
            ]
            if self.path.endswith("/endpoints") and content_type.startswith("application/json"):
                content, content_type = content.decode().encode("utf-16"), "application/json; charset=utf-16"
        self.send_response(answer.status_code)
        for name, value in answer.headers.items():
            if name.lower() not in (
                "content-length",
                "content-type",
                "transfer-encoding",
                "connection",
                "date",
                "server",
            ):
                self.send_header(name, value)
        for name, value in extra:
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PATCH = do_DELETE = _forward


@pytest.fixture(scope="module")
def canary_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, str, EchoProxy]]:
    directory = tmp_path_factory.mktemp("canary") / "run"
    with MockServer() as server:
        server.add_model_version("gpt-oss-120b", aliases=["canary"])
        proxy = EchoProxy(server.url)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            # The proxy really echoes: the raw answer holds the key, in a header and in the body.
            raw = httpx.get(
                f"{proxy.url}/management/v1/orgs/{server.org_name}/models",
                headers={"Authorization": f"Bearer {server.api_key}"},
            )
            assert raw.headers["x-echo"] == server.api_key
            assert server.api_key in raw.headers["set-cookie"]
            assert raw.json()["echo"] == raw.json()["echo_escaped"] == server.api_key
            run = contract_run(
                proxy.url, server.api_key, server.org_name, directory, CONTRACT_RECORD=str(directory)
            )
        finally:
            proxy.shutdown()
            proxy.client.close()
        yield run, server.api_key, proxy


def _strings(value: Any) -> Iterator[str]:
    """Every string in a decoded JSON/YAML value, mapping keys included (JSON text inside, decoded too)."""
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, bytes):
            todo.append(item.decode("utf-8", "replace"))
        elif isinstance(item, str):
            yield item
            if item[:1] in "[{":
                with contextlib.suppress(ValueError):
                    todo.append(json.loads(item))


def _decoded(path: Path, data: bytes) -> Iterator[Any]:
    text = data.decode("utf-8")
    if path.suffix == ".jsonl":
        yield from (json.loads(line) for line in text.splitlines() if line)
    elif path.suffix == ".json":
        yield json.loads(text)
    elif path.suffix == ".yaml":
        yield yaml.safe_load(text)
    else:
        yield text


def test_a_server_echoing_the_key_leaves_no_trace_of_it_under_the_recording(
    canary_run: tuple[Run, str, EchoProxy],
) -> None:
    run, key, proxy = canary_run
    evidence = json.loads((run.directory / "evidence.json").read_text("utf-8"))
    unauthenticated = evidence["operations"]["listModelArchitectures"]["statuses"]["401"]["responses"]
    # Every authenticated answer the run recorded echoed the key (schemathesis' checks also send a few
    # requests of their own, whose answers it does not hand to the suite; and the fixture's one).
    assert proxy.echoes >= evidence["responses"] - unauthenticated + 1
    files = sorted(p for p in run.directory.rglob("*") if p.is_file())
    assert {p.name for p in files} >= {
        "evidence.json",
        "responses.jsonl",
        "replay.json",
        "test_read_everything.yaml",
        "test_read_everything_async.yaml",
    }
    matcher = KeyMatcher(key)
    anchor = matcher.anchor
    byte_forms = [key.encode(), _escaped(key).encode(), base64.b64encode(key.encode())]
    byte_forms += [key.encode(codec) for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")]
    byte_forms += [anchor[: len(anchor) // 2].encode(), anchor[len(anchor) // 2 :].encode()]  # a half of it
    for path in files:
        data = path.read_bytes()
        assert not matcher.found_in(data), f"{path}: the key, as written or escaped"
        for form in byte_forms:
            assert form not in data, f"{path}: {form[:12]!r}..."
        for document in _decoded(path, data):
            for text in _strings(document):
                assert matcher.pattern.search(text) is None, f"{path}: the key, decoded, in {text[:60]!r}"
    # What it echoed was recorded, under redaction: the echo fields' names (values replaced), the
    # header names, the UTF-16 bodies read.
    models = evidence["operations"]["listModelArchitectures"]["statuses"]["200"]
    assert {"set-cookie", "x-echo", "x-echo-url"} <= set(models["headers"])
    assert models["pointers"]["/echo"]["types"] == {"string": models["responses"]}
    assert models["pointers"]["/echo_escaped"]["types"] == {"string": models["responses"]}
    assert evidence["operations"]["listEndpoints"]["statuses"]["200"]["bodies"] == {"json": 3}
    cassette = (run.directory / "cassettes" / "test_read_everything.yaml").read_text("utf-8")
    assert "set-cookie:\n      - '[REDACTED]'" in cassette
