"""Recording a contract run (``CONTRACT_RECORD=DIR``), replaying its client scenarios (``CONTRACT_REPLAY``).

Recording. Every response the suite validates (`contract_support.validate`: schemathesis' calls and
the client's) and every response the client scenarios receive (`scenario_hooks`) goes to one
`evidence.record.Recorder`, redacted as it arrives. At the end of the session, whatever the tests
decided, ``DIR/evidence.json`` and ``DIR/responses.jsonl`` are written. The client scenarios
(``test_client_scenarios.py``) are also recorded as vcrpy cassettes under ``DIR/cassettes/``, through
the same redactor (`vcr_config`), with ``DIR/cassettes/replay.json`` saying where the recorded client
pointed (the recorded origin, the organization's pseudonym).

Replay. ``CONTRACT_REPLAY=DIR`` (``make contract-replay``) runs the scenarios against those
cassettes: vcrpy answers every request, a request that is not in the recording fails naming it, and
the network is blocked twice over (pytest-recording's ``--block-network``, and `block_sockets`,
which also refuses name lookups).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).resolve().parents[2] / "tools"
CASSETTES = "cassettes"
REPLAY_META = "replay.json"
REPLAY_API_KEY = "replay-key-never-sent"

_lock = threading.Lock()
_recorder: Any = None
_counts = {"replayed": 0, "in_cassettes": 0, "cassettes": 0}
_summary: list[str] = []
_paused = threading.Event()


def record_dir() -> Path | None:
    """``CONTRACT_RECORD`` as a path, or None."""
    value = os.environ.get("CONTRACT_RECORD", "").strip()
    return Path(value).resolve() if value else None


def replay_dir() -> Path | None:
    """``CONTRACT_REPLAY`` as a path, or None."""
    value = os.environ.get("CONTRACT_REPLAY", "").strip()
    return Path(value).resolve() if value else None


def recorder() -> Any:
    """The run's `Recorder` (created on first use, when recording), or None."""
    global _recorder
    if record_dir() is None:
        return None
    with _lock:
        if _recorder is None:
            if str(TOOLS) not in sys.path:
                sys.path.insert(0, str(TOOLS))
            from contract_support import amended_spec
            from evidence.record import Recorder

            keys = [os.environ.get("CEREBRAS_MANAGEMENT_API_KEY", "")]
            _recorder = Recorder(amended_spec(), [key for key in keys if key])
        return _recorder


def add_key(key: str) -> None:
    """A key the run uses (a mock's): never written in any form (pseudonyms remove it anyway)."""
    found = recorder()
    if found is not None:
        found.redactor.add_key(key)


def _bearer(headers: Any) -> str | None:
    value = headers.get("authorization") or headers.get("Authorization") if headers is not None else None
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not value:
        return None
    _, _, token = str(value).partition(" ")
    return token.strip() or None


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Record nothing inside (a test's own stand-in server, not the target the run records)."""
    _paused.set()
    try:
        yield
    finally:
        _paused.clear()


def record_case(case: Any, response: Any) -> None:
    """Record a response `contract_support.validate` is about to check (schemathesis' or httpx's).

    Not recorded: a case sent with a method its operation does not have (schemathesis probes
    unsupported methods: the 405 answers no operation of the spec), and anything while `paused`.
    """
    found = recorder()
    if found is None or _paused.is_set() or case.method.upper() != case.operation.method.upper():
        return
    request = response.request
    key = _bearer(request.headers)
    if key:
        found.redactor.add_key(key)
    raw = case.operation.definition.raw
    if isinstance(response.headers, dict):  # schemathesis: lower-cased names, lists of values
        headers = [(name, value) for name, values in response.headers.items() for value in values]
        via = "schemathesis"
    else:
        headers = response.headers.multi_items()
        via = "client"
    found.add(
        method=case.method,
        url=str(request.url),
        status=response.status_code,
        headers=headers,
        content=response.content,
        via=via,
        operation=raw.get("operationId"),
        template=case.operation.path,
    )


def scenario_hooks(is_async: bool) -> list[Any]:
    """httpx response hooks that record what a client scenario receives (none unless recording)."""
    found = recorder()
    if found is None:
        return []

    def note_key(response: Any) -> None:
        key = _bearer(response.request.headers)
        if key:
            found.redactor.add_key(key)

    if is_async:

        async def record_async(response: Any) -> None:
            await response.aread()
            note_key(response)
            found.add_httpx(response)

        return [record_async]

    def record_sync(response: Any) -> None:
        response.read()
        note_key(response)
        found.add_httpx(response)

    return [record_sync]


# --- cassettes -------------------------------------------------------------------------------------


def cassette_dir() -> Path | None:
    """Where the scenarios' cassettes are written or read (None: neither recording nor replaying)."""
    base = record_dir() or replay_dir()
    return base / CASSETTES if base is not None else None


def start_recording() -> None:
    """A recording starts with no cassette of an earlier one (each test's cassette is rewritten)."""
    directory = cassette_dir()
    if record_dir() is not None and directory is not None and directory.exists():
        shutil.rmtree(directory)


def _redact_request(request: Any) -> Any:
    redactor = recorder().redactor
    request.uri = redactor.url(request.uri)
    headers = {}
    for name, value in request.headers.items():
        shown, redacted = redactor.header(name, value)
        headers[shown] = redacted
    request.headers = headers
    if request.body:
        from evidence.record import parse_body

        kind, body = parse_body(
            request.body if isinstance(request.body, bytes) else str(request.body).encode()
        )
        request.body = json.dumps(redactor.json(body)).encode() if kind == "json" else b"[REDACTED]"
    return request


def _redact_response(response: dict[str, Any]) -> dict[str, Any]:
    from evidence.record import parse_body
    from evidence.redact import BODY_FRAMING_HEADERS

    redactor = recorder().redactor
    status = response["status"]
    try:
        standard = HTTPStatus(int(status["code"])).phrase
    except ValueError:
        standard = ""
    if status.get("message") and status["message"] != standard:
        status["message"] = redactor.string(str(status["message"]))
    headers: dict[str, list[str]] = {}
    for name, values in response["headers"].items():
        if name.lower() in BODY_FRAMING_HEADERS:
            continue
        for value in values:
            shown, redacted = redactor.header(name, value)
            headers.setdefault(shown, []).append(redacted)
    content = response["body"]["string"]
    content = content if isinstance(content, bytes) else str(content).encode()
    kind, body = parse_body(content)
    if kind == "json":
        content = json.dumps(redactor.json(body), ensure_ascii=False).encode()
    elif kind == "not-json":
        try:
            content = redactor.string(content.decode("utf-8")).encode()
        except UnicodeDecodeError:
            content = b"[REDACTED]"
    response["headers"] = headers
    response["body"] = {"string": content}
    return response


def vcr_config() -> dict[str, Any]:
    """The ``vcr_config`` of the scenario tests: redact when recording, match on method and path."""
    config: dict[str, Any] = {
        "match_on": ["method", "path", "query"],
        "decode_compressed_response": True,
        "allow_playback_repeats": False,
    }
    if record_dir() is not None:
        config.update(before_record_request=_redact_request, before_record_response=_redact_response)
    return config


def write_replay_meta(base_url: str, org_name: str) -> None:
    """``replay.json``: where the recorded client pointed, as the cassettes show it (redacted)."""
    found, directory = recorder(), cassette_dir()
    if found is None or directory is None:
        return
    from urllib.parse import urlsplit

    from evidence.redact import RECORDED_ORIGIN

    directory.mkdir(parents=True, exist_ok=True)
    meta = {
        "base_url": RECORDED_ORIGIN + found.redactor.path(urlsplit(base_url).path.rstrip("/")),
        "org_name": found.redactor.string(org_name, "path"),
    }
    path = directory / REPLAY_META
    if not path.exists():
        path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def replay_meta() -> dict[str, str]:
    """What `write_replay_meta` wrote (for the replayed scenarios' client)."""
    directory = cassette_dir()
    assert directory is not None
    path = directory / REPLAY_META
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: no recording here (record one with CONTRACT_RECORD={directory.parent})"
        )
    meta: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def count_cassette(cassette: Any) -> None:
    """Add a finished test's cassette to the counts the summary prints."""
    if cassette is None:
        return
    with _lock:
        _counts["cassettes"] += 1
        _counts["in_cassettes"] += len(cassette)
        _counts["replayed"] += cassette.play_count


def block_sockets() -> Iterator[None]:
    """Refuse every connection and every name lookup (a generator for a fixture)."""
    original = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)

    def blocked(what: str) -> OSError:
        return OSError(f"the network is blocked in a replay: {what} refused")

    def connect(_sock: Any, address: Any, *_: Any) -> Any:
        raise blocked(f"a connection to {address!r}")

    def create_connection(address: Any, *_: Any, **__: Any) -> Any:
        raise blocked(f"a connection to {address!r}")

    def getaddrinfo(host: Any, *_: Any, **__: Any) -> Any:
        raise blocked(f"a name lookup of {host!r}")

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    socket.create_connection = create_connection
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = (
            original  # type: ignore[method-assign]
        )


def finish() -> None:
    """At the end of the session, whatever the tests decided: write the evidence (when recording), and
    prepare the lines `summary` prints."""
    directory = record_dir()
    found = recorder() if directory is not None else None
    if found is not None and directory is not None:
        evidence = found.write(directory)
        statuses = sum(len(op["statuses"]) for op in evidence["operations"].values())
        _summary[:] = [
            f"recorded {evidence['responses']} responses of {len(evidence['operations'])} operations "
            f"({statuses} operation/status pairs), redacted: {directory / 'evidence.json'}",
            f"client scenarios: {_counts['in_cassettes']} requests in {_counts['cassettes']} cassettes under "
            f"{directory / CASSETTES}",
        ]
    elif replay_dir() is not None:
        _summary[:] = [
            f"replayed {_counts['replayed']} of {_counts['in_cassettes']} recorded requests from "
            f"{_counts['cassettes']} cassettes under {cassette_dir()}, network blocked",
        ]


def summary(terminal: Any) -> None:
    """Print what was recorded or replayed (the lines `finish` prepared)."""
    if _summary:
        terminal.section("recording" if record_dir() is not None else "replay")
        for line in _summary:
            terminal.write_line(line)
