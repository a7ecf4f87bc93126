"""Finding one's way in an OpenAPI document: operations, JSON pointers, `$ref`s, response schemas.

Pure functions of the spec dict; no I/O. Pointers are RFC 6901 (``~0`` for ``~``, ``~1`` for ``/``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from specdiff.model import Side, escape
from specdiff.operations import METHODS


def join(pointer: str, *tokens: str | int) -> str:
    """``pointer`` with ``tokens`` appended (escaped)."""
    return pointer + "".join(f"/{escape(str(token))}" for token in tokens)


def get(document: Any, pointer: str) -> Any:
    """The value at ``pointer`` (`SpecError` when there is none)."""
    return Side(document, "the").lookup(pointer)


def ref_pointer(ref: str) -> str:
    """The pointer of a local ``$ref`` (``#/components/schemas/X`` -> ``/components/schemas/X``)."""
    if not ref.startswith("#"):
        raise ValueError(f"only local $refs are supported, not {ref!r}")
    return ref[1:]


def resolve_node(spec: dict[str, Any], node: Any, pointer: str = "") -> tuple[str, Any]:
    """Follow ``$ref``s from ``node`` (found at ``pointer``): (the pointer of the target, the target)."""
    target, where = Side(spec, "the").resolve(node, pointer)
    return where, target


def resolve(spec: dict[str, Any], pointer: str) -> tuple[str, Any]:
    """Follow ``$ref``s from ``pointer`` to the node that holds the keywords: (its pointer, the node)."""
    return resolve_node(spec, get(spec, pointer), pointer)


@dataclass(frozen=True)
class Operation:
    """One operation of the spec."""

    operation_id: str
    method: str  # upper case
    path: str  # the template, e.g. /management/v1/orgs/{org_name}/models
    pointer: str  # /paths/<escaped path>/<method>


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation, in the spec's order (an operation without an id is named ``METHOD path``)."""
    found = []
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            node = item.get(method) if isinstance(item, dict) else None
            if isinstance(node, dict):
                op_id = node.get("operationId") or f"{method.upper()} {path}"
                found.append(Operation(op_id, method.upper(), path, join("/paths", path, method)))
    return found


class PathMatcher:
    """Which operation a concrete method and path belong to (the most literal template wins)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._routes: list[tuple[int, re.Pattern[str], Operation]] = []
        for operation in operations(spec):
            parts = re.split(r"(\{[^}/]+\})", operation.path)
            regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
            literal = sum(len(part) for part in parts if not part.startswith("{"))
            self._routes.append((literal, re.compile(regex), operation))
        self._routes.sort(key=lambda route: -route[0])

    def match(self, method: str, path: str) -> Operation | None:
        """The operation of ``method`` ``path`` (a raw, still percent-encoded path), or None."""
        for _, regex, operation in self._routes:
            if operation.method == method.upper() and regex.fullmatch(path):
                return operation
        return None


def literal_words(spec: dict[str, Any]) -> set[str]:
    """The words of the literal parts of the spec's paths (``orgs``, ``models``, ``deployModel``)."""
    words: set[str] = set()
    for path in spec.get("paths") or {}:
        for part in re.split(r"\{[^}/]+\}", path):
            words.update(word for word in re.split(r"[/:]", part) if word)
    return words


def enum_values(spec: Any) -> set[str]:
    """Every string listed in an ``enum`` anywhere in the spec (public values, safe to keep)."""
    found: set[str] = set()
    todo = [spec]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            enum = node.get("enum")
            if isinstance(enum, list):
                found.update(value for value in enum if isinstance(value, str))
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def response_pointer(spec: dict[str, Any], operation: Operation, status: int) -> str | None:
    """The pointer of the documented response for ``status`` (``4XX`` and ``default`` too), resolved."""
    responses = get(spec, operation.pointer).get("responses") or {}
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            pointer, _ = resolve(spec, join(operation.pointer, "responses", key))
            return pointer
    return None


def media_schema_pointer(spec: dict[str, Any], response: str, content_type: str | None) -> str | None:
    """The pointer of the schema a response documents for ``content_type`` (JSON-ish types match
    ``application/json``), or None when it documents none."""
    content = get(spec, response).get("content") or {}
    base = (content_type or "").split(";")[0].strip().lower()
    for key in (base, "application/json" if base.endswith("json") else None, "*/*"):
        if key and key in content and "schema" in content[key]:
            return join(response, "content", key, "schema")
    return None


def walk_schemas(spec: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping in the document with its pointer (depth first, in document order)."""
    todo: list[tuple[str, Any]] = [(pointer, spec)]
    while todo:
        where, node = todo.pop()
        if isinstance(node, dict):
            yield where, node
            todo.extend((join(where, key), value) for key, value in reversed(list(node.items())))
        elif isinstance(node, list):
            todo.extend((join(where, index), value) for index, value in reversed(list(enumerate(node))))


def strict_copy(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy in which every object schema that says nothing about other properties forbids them.

    So an undocumented field shows as an error. A schema that allows them explicitly
    (``additionalProperties: true`` or a schema) is left open: that is a documented decision. Schemas
    combined with ``allOf`` are left alone (each branch would reject the other's properties).
    """
    strict = copy.deepcopy(spec)
    composed = set()
    for where, node in walk_schemas(strict):
        for index in range(len(node.get("allOf") or [])):
            composed.add(join(where, "allOf", index))
    for where, node in walk_schemas(strict):
        if where in composed or "allOf" in node or "additionalProperties" in node:
            continue
        if "properties" in node and isinstance(node["properties"], dict) and _is_schema_position(where):
            node["additionalProperties"] = False
    return strict


def _is_schema_position(pointer: str) -> bool:
    """Whether the mapping at ``pointer`` is a schema, not the ``properties`` map of one."""
    tokens = pointer.split("/")
    return not (len(tokens) >= 2 and tokens[-1] == "properties" and tokens[-2] != "properties")
