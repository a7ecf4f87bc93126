"""Recording a contract run: each response, redacted as it arrives, kept in memory, written at the end.

`Recorder.add` takes a response the client or schemathesis received, with the operation it answered
(schemathesis knows it from the case; for the client's own requests `specnav.PathMatcher` finds it
from the method and the path template). The response is redacted at once (`redact.Redactor`): the
recorder never holds, and `write` never writes, anything the redaction removed.

`write(DIR)` writes ``DIR/responses.jsonl`` (the redacted responses, one per line, sorted, so the same
responses in any order give the same bytes) and ``DIR/evidence.json`` (`aggregate.build_evidence`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from evidence.aggregate import build_evidence, dumps
from evidence.infer import canonical
from evidence.redact import Redactor
from evidence.specnav import PathMatcher, enum_values, literal_words

RESPONSES = "responses.jsonl"
EVIDENCE = "evidence.json"


def redactor_for(spec: dict[str, Any], keys: Iterable[str], *, salt: bytes | None = None) -> Redactor:
    """A `Redactor` that keeps ``spec``'s path words and enum values, and removes ``keys``."""
    return Redactor(keys, literals=literal_words(spec), enum_values=enum_values(spec), salt=salt)


def parse_body(content: bytes) -> tuple[str, Any]:
    """(``json``, the value), (``empty``, None) or (``not-json``, None)."""
    if not content.strip():
        return "empty", None
    try:
        return "json", json.loads(content)
    except (ValueError, RecursionError):
        return "not-json", None


def observation(
    redactor: Redactor,
    *,
    operation: str | None,
    method: str,
    template: str | None,
    url: str,
    status: int,
    headers: Iterable[tuple[str, str]],
    content: bytes,
    via: str,
) -> dict[str, Any]:
    """One recorded response, redacted (the shape `aggregate.build_evidence` reads)."""
    pairs = list(headers)
    content_type = next((value for name, value in pairs if name.lower() == "content-type"), None)
    kind, body = parse_body(content)
    recorded: dict[str, Any] = {
        "operation": operation,
        "method": method.upper(),
        "path": template,
        "resource": redactor.path(urlsplit(url).path),
        "status": status,
        "content_type": redactor.header("content-type", content_type)[1] if content_type else None,
        "headers": sorted({redactor.header(name, "")[0] for name, _ in pairs}),
        "body_kind": kind,
        "via": via,
    }
    if kind == "json":
        recorded["body"] = redactor.json(body)
    return recorded


class Recorder:
    """Collects redacted responses of one run (thread-safe); `write` puts them and their evidence on disk."""

    def __init__(self, spec: dict[str, Any], keys: Iterable[str], *, salt: bytes | None = None) -> None:
        self.spec = spec
        self.redactor = redactor_for(spec, keys, salt=salt)
        self.matcher = PathMatcher(spec)
        self._lock = threading.Lock()
        self.responses: list[dict[str, Any]] = []

    def add(
        self,
        *,
        method: str,
        url: str,
        status: int,
        headers: Iterable[tuple[str, str]],
        content: bytes,
        via: str,
        operation: str | None = None,
        template: str | None = None,
    ) -> None:
        """Record one response (found by method and path when ``operation`` is not given)."""
        if operation is None:
            found = self.matcher.match(method, urlsplit(url).path)
            operation, template = (found.operation_id, found.path) if found else (None, urlsplit(url).path)
        recorded = observation(
            self.redactor,
            operation=operation,
            method=method,
            template=template,
            url=url,
            status=status,
            headers=headers,
            content=content,
            via=via,
        )
        if operation is None:
            recorded["path"] = recorded["resource"]  # no template: the redacted path, never the real one
        with self._lock:
            self.responses.append(recorded)

    def add_httpx(self, response: Any, *, via: str = "client") -> None:
        """Record an ``httpx.Response`` (read) the client received."""
        request = response.request
        self.add(
            method=request.method,
            url=str(request.url),
            status=response.status_code,
            headers=response.headers.multi_items(),
            content=response.content,
            via=via,
        )

    def write(self, directory: Path) -> dict[str, Any]:
        """Write ``responses.jsonl`` and ``evidence.json`` into ``directory``; return the evidence."""
        directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            responses = list(self.responses)
        write_responses(directory / RESPONSES, responses)
        evidence = build_evidence(responses, self.spec)
        (directory / EVIDENCE).write_text(dumps(evidence), encoding="utf-8")
        return evidence


def write_responses(path: Path, responses: Iterable[Mapping[str, Any]]) -> None:
    """The responses, one canonical JSON document per line, sorted."""
    lines = sorted(canonical(response) for response in responses)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_responses(path: Path) -> list[dict[str, Any]]:
    """The responses `write_responses` wrote."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
