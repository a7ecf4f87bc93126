"""Counting what the bodies held, pointer by pointer, beside the schema that documents each pointer.

A body is walked together with its documented schema. Pointers are normalized: an array item is
``*`` (``/model_versions/*/done``), so the counts of all items add up. For each pointer:

- ``samples``: how often it could have been there (the objects that hold it; for ``*``, the items);
- ``present``, ``null``, a histogram of JSON ``types``;
- ``values``: the distinct enum-like strings (see `redact.enum_like`), ``null`` when there were
  more than `redact.ENUM_VALUES_MAX`;
- ``formats``: how many strings look like a date-time, a date, a UUID, a URI;
- where the spec documents it: ``declared`` (where its schema is written), ``schema`` (that schema
  with ``$ref``s followed), or ``parent`` (the object schema that does not document it).

Per object schema (2xx answers only) it also counts, for each property, the distinct *resources*
it was present and non-null in: an object is identified by its own ``id``, ``name`` or ``*_id``
field (pseudonyms, consistent within a run), else by the object it sits in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from evidence.redact import ENUM_VALUES_MAX, enum_like, id_field
from evidence.specnav import get, join, resolve

MAX_DEPTH = 32
COMPOSITE = ("anyOf", "oneOf", "allOf", "not", "if")
FORMATS = {
    "date-time": re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "uuid": re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    "uri": re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+"),
}


def json_type(value: Any) -> str:
    """The JSON Schema type of a parsed value (an integral float counts as an integer, as in the
    validator)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


@dataclass
class Place:
    """Where the spec documents one normalized pointer of one response schema."""

    documented: bool
    declared: str | None = None  # where the schema is written (a property's own node)
    schema: str | None = None  # the schema with $refs followed (where its keywords are)
    parent: str | None = None  # for an undocumented property: its object's schema
    composite: bool = False  # under anyOf/oneOf/allOf: not mapped further


@dataclass
class PointerTally:
    """The counts of one pointer."""

    samples: int = 0
    present: int = 0
    null: int = 0
    types: Counter[str] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)
    formats: Counter[str] = field(default_factory=Counter)
    samples_of: Any = None  # the values seen, for an undocumented property (schema inference)


@dataclass
class PropertyTally:
    """One property of one object schema, over every 2xx answer that held such an object."""

    present: int = 0
    null: int = 0
    resources: set[str] = field(default_factory=set)
    samples: list[Any] = field(default_factory=list)  # values, when undocumented


@dataclass
class SchemaTally:
    """One object schema, over every 2xx answer that held it."""

    objects: int = 0
    resources: set[str] = field(default_factory=set)
    properties: dict[str, PropertyTally] = field(default_factory=dict)


class Locator:
    """Maps (response schema pointer, normalized pointer tokens) to a `Place` (cached)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self._cache: dict[tuple[str, tuple[str, ...]], Place] = {}

    def place(self, root: str, tokens: tuple[str, ...]) -> Place:
        """Where ``tokens`` below the schema at ``root`` is documented."""
        key = (root, tokens)
        if key not in self._cache:
            self._cache[key] = self._find(root, tokens)
        return self._cache[key]

    def _find(self, root: str, tokens: tuple[str, ...]) -> Place:
        declared = root
        resolved, node = resolve(self.spec, declared)
        for token in tokens:
            if not isinstance(node, dict) or any(k in node for k in COMPOSITE):
                return Place(documented=True, composite=True)
            if token == "*":
                if not isinstance(node.get("items"), dict):
                    return Place(documented=False, parent=resolved)
                declared = join(resolved, "items")
            else:
                if token not in (node.get("properties") or {}):
                    return Place(documented=False, parent=resolved)
                declared = join(resolved, "properties", token)
            resolved, node = resolve(self.spec, declared)
        composite = isinstance(node, dict) and any(k in node for k in COMPOSITE)
        return Place(documented=True, declared=declared, schema=resolved, composite=composite)


def identity_of(value: dict[str, Any]) -> str | None:
    """An object's own identity: its ``id``, ``name``, or first ``*_id`` string field."""
    for name in ("id", "name", *sorted(k for k in value if k.endswith("_id"))):
        found = value.get(name)
        if isinstance(found, str) and found:
            return f"{name}={found}"
    return None


class BodyTally:
    """The counts of one (operation, status) bucket: pointers, plus the shared per-schema counts."""

    def __init__(self, locator: Locator, root: str | None, schemas: dict[str, SchemaTally] | None) -> None:
        self.locator = locator
        self.root = root  # the documented media schema, or None (undocumented)
        self.schemas = schemas  # per-schema counts to add to (2xx only), or None
        self.pointers: dict[str, PointerTally] = {}
        self.places: dict[str, Place] = {}

    def add(self, body: Any, resource: str) -> None:
        """Count one body (``resource``: the identity of the answer as a whole, e.g. its path)."""
        self._value(body, (), None, resource, 0, counted=True)

    def _tally(self, tokens: tuple[str, ...]) -> PointerTally:
        pointer = self._pointer(tokens)
        if pointer not in self.pointers:
            self.pointers[pointer] = PointerTally()
            if self.root is not None:
                self.places[pointer] = self.locator.place(self.root, tokens)
        return self.pointers[pointer]

    def _value(
        self, value: Any, tokens: tuple[str, ...], name: str | None, resource: str, depth: int, counted: bool
    ) -> None:
        tally = self._tally(tokens)
        if counted:
            tally.samples += 1
        tally.present += 1
        kind = json_type(value)
        tally.types[kind] += 1
        if value is None:
            tally.null += 1
        elif isinstance(value, str):
            for fmt, pattern in FORMATS.items():
                if pattern.fullmatch(value):
                    tally.formats[fmt] += 1
            if enum_like(value) and not id_field(name) and len(tally.values) <= ENUM_VALUES_MAX:
                tally.values[value] += 1
        if depth >= MAX_DEPTH:
            return
        if isinstance(value, dict):
            own = identity_of(value)
            here = own if own is not None else resource
            self._object(value, tokens, here, depth)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                item_resource = (
                    resource if isinstance(item, dict) and identity_of(item) else f"{resource}/{index}"
                )
                self._tally((*tokens, "*")).samples += 1
                self._value(item, (*tokens, "*"), name, item_resource, depth + 1, counted=False)

    def _object(self, value: dict[str, Any], tokens: tuple[str, ...], resource: str, depth: int) -> None:
        place = self.places.get(self._pointer(tokens)) if self.root is not None else None
        schema_node = None
        if place is not None and place.documented and not place.composite and place.schema is not None:
            schema_node = get(self.locator.spec, place.schema)
        documented = (
            set((schema_node or {}).get("properties") or {}) if isinstance(schema_node, dict) else set()
        )
        for name in sorted(documented - set(value)):
            self._tally((*tokens, name)).samples += 1  # could have been there, was not
        for name, item in value.items():
            self._tally((*tokens, name)).samples += 1
            self._value(item, (*tokens, name), name, resource, depth + 1, counted=False)
        if (
            self.schemas is not None
            and place is not None
            and place.schema is not None
            and not place.composite
        ):
            self._count_schema(place.schema, value, documented, resource)

    def _count_schema(self, schema: str, value: dict[str, Any], documented: set[str], resource: str) -> None:
        assert self.schemas is not None
        counts = self.schemas.setdefault(schema, SchemaTally())
        counts.objects += 1
        counts.resources.add(resource)
        for name in sorted(documented | set(value)):
            prop = counts.properties.setdefault(name, PropertyTally())
            if name not in value:
                continue
            prop.present += 1
            if value[name] is None:
                prop.null += 1
            else:
                prop.resources.add(resource)
            if name not in documented:
                prop.samples.append(value[name])

    @staticmethod
    def _pointer(tokens: tuple[str, ...]) -> str:
        return join("", *tokens)
