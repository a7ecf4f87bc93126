"""Schema comparison: two JSON Schemas, read by clients (`response`) or written by them (`request`).

The rule behind every verdict: a request schema that accepts less than before breaks clients that
send what it no longer accepts; a response schema that may carry more than before (a new type, a
`null`, a missing property, an unknown enum value) breaks clients that read it. Schemas are
normalised first: `$ref`s followed, `allOf` merged, `X | null` unions (`anyOf`/`oneOf` with a
`null` alternative, or OpenAPI 3.0's `nullable`) collapsed, so equivalent spellings compare equal.
Recursive schemas are compared once per pair of places.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from specdiff.model import DOC_KEYS, Change, Direction, Side, escape, show, strip_docs, unescape

# Keywords with a rule below; any other non-documentation keyword that differs is still listed
# (not breaking, to review).
HANDLED = frozenset(
    (
        "$ref",
        "type",
        "nullable",
        "format",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "maximum",
        "exclusiveMaximum",
        "maxLength",
        "maxItems",
        "maxProperties",
        "minimum",
        "exclusiveMinimum",
        "minLength",
        "minItems",
        "minProperties",
        "pattern",
        "multipleOf",
        "uniqueItems",
    )
)
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")


@dataclass(frozen=True)
class Schema:
    """A schema normalised for comparison.

    `label` names it for messages: the component it is (`Thing`), or the path from the nearest one
    (`Thing.children[]`), or where an inline schema sits (`response 200 body`).
    """

    node: dict[str, Any]
    pointer: str
    label: str
    types: frozenset[str]
    properties: dict[str, tuple[Any, str]]  # name -> (schema, pointer)
    required: frozenset[str]
    variants: tuple[tuple[Any, str], ...] | None  # anyOf/oneOf alternatives left after collapsing


def _types_text(types: frozenset[str]) -> str:
    return " | ".join(sorted(types)) if types else "any"


def _covered(kind: str, types: frozenset[str]) -> bool:
    return not types or kind in types or (kind == "integer" and "number" in types)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _enum(node: dict[str, Any]) -> frozenset[str] | None:
    if isinstance(node.get("enum"), list):
        return frozenset(show(v) for v in node["enum"])
    if "const" in node:
        return frozenset({show(node["const"])})
    return None


def normalise(side: Side, node: Any, pointer: str, label: str) -> Schema:
    """Follow `$ref`s, merge `allOf`, collapse `X | null` unions."""
    if isinstance(node, dict) and "$ref" in node:
        node, pointer = side.resolve(node, pointer)
        if pointer.startswith("/components/schemas/"):
            label = unescape(pointer.split("/")[3])
    if not isinstance(node, dict):
        node = {} if node is True or node is None else {"not": {}}
    merged = dict(node)
    properties = {
        name: (schema, f"{pointer}/properties/{escape(name)}")
        for name, schema in (node.get("properties") or {}).items()
    }
    required = set(node.get("required") or [])
    for i, part in enumerate(merged.pop("allOf", None) or []):
        piece = normalise(side, part, f"{pointer}/allOf/{i}", label)
        for key, value in piece.node.items():
            merged.setdefault(key, value)
        for name, entry in piece.properties.items():
            properties.setdefault(name, entry)
        required |= piece.required
    nullable = merged.get("nullable") is True
    variants: tuple[tuple[Any, str], ...] | None = None
    union = "anyOf" if "anyOf" in merged else "oneOf" if "oneOf" in merged else None
    if union:
        concrete = []
        for i, variant in enumerate(merged.pop(union)):
            where = f"{pointer}/{union}/{i}"
            resolved, _ = side.resolve(variant, where)
            if isinstance(resolved, dict) and resolved.get("type") == "null":
                nullable = True
            else:
                concrete.append((variant, where))
        if len(concrete) == 1:  # `X | null`: compare as X, nullable
            inner = normalise(side, concrete[0][0], concrete[0][1], label)
            types = inner.types | {"null"} if nullable and inner.types else inner.types
            extra = {k: v for k, v in merged.items() if k not in HANDLED}
            return Schema(
                {**inner.node, **extra},
                inner.pointer,
                inner.label,
                frozenset(types),
                inner.properties,
                inner.required,
                inner.variants,
            )
        variants = tuple(concrete)
    raw = merged.get("type")
    kinds = set([raw] if isinstance(raw, str) else raw or [])
    if not kinds and properties:
        kinds.add("object")
    if not kinds and "items" in merged:
        kinds.add("array")
    if nullable and (kinds or variants):
        kinds.add("null")
    return Schema(merged, pointer, label, frozenset(kinds), properties, frozenset(required), variants)


class SchemaDiffer:
    """Compares schemas of two specs, remembering pairs already compared (and recursion)."""

    def __init__(self, base: Side, head: Side) -> None:
        self.base = base
        self.head = head
        self._done: dict[tuple[str, str, str, str], list[Change]] = {}
        self._active: set[tuple[str, str, str]] = set()

    def compare(
        self, direction: Direction, base: Any, head: Any, base_ptr: str, head_ptr: str, label: str
    ) -> list[Change]:
        """Changes between two schemas found at `base_ptr` and `head_ptr`."""
        old = normalise(self.base, base, base_ptr, label)
        new = normalise(self.head, head, head_ptr, label)
        key = (direction, old.pointer, new.pointer, old.label)
        if key in self._done:
            return self._done[key]
        if key[:3] in self._active:  # a recursive schema: the comparison already under way covers it
            return []
        self._active.add(key[:3])
        try:
            found = list(self._changes(direction, old, new))
        finally:
            self._active.discard(key[:3])
        self._done[key] = found
        return found

    def _changes(self, direction: Direction, old: Schema, new: Schema) -> Iterator[Change]:
        request = direction == "request"
        what = f"{direction} `{new.label}`"

        def at(kind: str, breaking: bool, message: str, sub: str = "") -> Change:
            return Change(
                f"{direction}-{kind}", breaking, f"{what}: {message}", old.pointer + sub, new.pointer + sub
            )

        if old.types != new.types:
            widened = any(not _covered(t, old.types) for t in new.types) or bool(old.types and not new.types)
            narrowed = any(not _covered(t, new.types) for t in old.types) or bool(new.types and not old.types)
            yield at(
                "type-changed",
                narrowed if request else widened,
                f"type {_types_text(old.types)} -> {_types_text(new.types)}",
                "/type",
            )
            if old.types and new.types and not old.types & new.types:
                return  # another kind of value altogether: details would only be noise
        if old.node.get("format") != new.node.get("format"):
            yield at(
                "format-changed",
                True,
                f"format {old.node.get('format')} -> {new.node.get('format')} "
                "(the generated Python type may change)",
                "/format",
            )
        yield from self._enum(direction, old, new, at)
        yield from self._properties(direction, old, new)
        yield from self._additional_properties(direction, old, new, at)
        if "items" in old.node and "items" in new.node:
            yield from self.compare(
                direction,
                old.node["items"],
                new.node["items"],
                f"{old.pointer}/items",
                f"{new.pointer}/items",
                f"{new.label}[]",
            )
        yield from self._variants(direction, old, new, what)
        yield from self._constraints(request, old, new, at)
        for keyword in ("default", "deprecated", "readOnly", "writeOnly"):
            before, after = old.node.get(keyword), new.node.get(keyword)
            if before != after:
                yield at(
                    f"{keyword}-changed", False, f"{keyword} {show(before)} -> {show(after)}", f"/{keyword}"
                )
        for keyword in sorted((set(old.node) | set(new.node)) - HANDLED - DOC_KEYS):
            if not keyword.startswith("x-") and strip_docs(old.node.get(keyword)) != strip_docs(
                new.node.get(keyword)
            ):
                yield at(
                    "keyword-changed",
                    False,
                    f"`{keyword}` changed (not classified: review it)",
                    f"/{keyword}",
                )

    @staticmethod
    def _enum(direction: Direction, old: Schema, new: Schema, at: Any) -> Iterator[Change]:
        request = direction == "request"
        before, after = _enum(old.node), _enum(new.node)
        if before is None and after is None:
            return
        if before is None or after is None:
            added = after is not None
            word = "added" if added else "removed"
            yield at(
                f"enum-constraint-{word}", added if request else not added, f"enum constraint {word}", "/enum"
            )
            return
        for value in sorted(before - after):
            why = "the server no longer accepts it" if request else "code that names it breaks"
            yield at("enum-value-removed", True, f"enum value {value} removed ({why})", "/enum")
        for value in sorted(after - before):
            why = (
                ""
                if request
                else " (readers that do not know it fail: generated enums reject unknown values)"
            )
            yield at("enum-value-added", not request, f"enum value {value} added{why}", "/enum")

    def _properties(self, direction: Direction, old: Schema, new: Schema) -> Iterator[Change]:
        request = direction == "request"
        for name in sorted(set(old.properties) | set(new.properties)):
            where = f"{direction} property `{new.label}.{name}`"
            if name not in new.properties:
                yield Change(
                    f"{direction}-property-removed", True, f"{where} removed", old.properties[name][1], None
                )
                continue
            if name not in old.properties:
                required = name in new.required
                yield Change(
                    f"{direction}-property-added",
                    request and required,
                    f"{where} added ({'required' if required else 'optional'})",
                    None,
                    new.properties[name][1],
                )
                continue
            (old_schema, old_ptr), (new_schema, new_ptr) = old.properties[name], new.properties[name]
            was, now = name in old.required, name in new.required
            if was and not now:
                why = "" if request else " (readers may get None)"
                yield Change(
                    f"{direction}-property-optional",
                    not request,
                    f"{where} no longer required{why}",
                    old_ptr,
                    new_ptr,
                )
            elif now and not was:
                yield Change(
                    f"{direction}-property-required", request, f"{where} made required", old_ptr, new_ptr
                )
            yield from self.compare(
                direction, old_schema, new_schema, old_ptr, new_ptr, f"{new.label}.{name}"
            )

    def _additional_properties(
        self, direction: Direction, old: Schema, new: Schema, at: Any
    ) -> Iterator[Change]:
        before, after = old.node.get("additionalProperties"), new.node.get("additionalProperties")
        if isinstance(before, dict) and isinstance(after, dict):
            yield from self.compare(
                direction,
                before,
                after,
                f"{old.pointer}/additionalProperties",
                f"{new.pointer}/additionalProperties",
                f"{new.label}{{*}}",
            )
        elif (before is False) != (after is False):
            closed = after is False
            yield at(
                "additional-properties-changed",
                direction == "request" and closed,
                f"other properties {'no longer' if closed else 'now'} allowed",
                "/additionalProperties",
            )

    def _variants(self, direction: Direction, old: Schema, new: Schema, what: str) -> Iterator[Change]:
        if old.variants is None and new.variants is None:
            return
        if old.variants is None or new.variants is None:
            now = "now" if new.variants else "no longer"
            yield Change(
                f"{direction}-shape-changed",
                True,
                f"{what}: {now} one of several schemas (anyOf/oneOf)",
                old.pointer,
                new.pointer,
            )
            return
        before = {_variant_key(self.base, v, p): (v, p) for v, p in old.variants}
        after = {_variant_key(self.head, v, p): (v, p) for v, p in new.variants}
        for key in sorted(set(before) - set(after)):
            yield Change(
                f"{direction}-variant-removed",
                direction == "request",
                f"{what}: alternative {key} removed",
                before[key][1],
                None,
            )
        for key in sorted(set(after) - set(before)):
            yield Change(
                f"{direction}-variant-added",
                direction == "response",
                f"{what}: alternative {key} added",
                None,
                after[key][1],
            )
        for key in sorted(set(before) & set(after)):
            (old_variant, old_ptr), (new_variant, new_ptr) = before[key], after[key]
            yield from self.compare(direction, old_variant, new_variant, old_ptr, new_ptr, new.label)

    @staticmethod
    def _constraints(request: bool, old: Schema, new: Schema, at: Any) -> Iterator[Change]:
        for keyword in (*UPPER_BOUNDS, *LOWER_BOUNDS, "pattern", "multipleOf", "uniqueItems"):
            before, after = old.node.get(keyword), new.node.get(keyword)
            if before == after:
                continue
            if keyword in UPPER_BOUNDS:
                tightened = after is not None and (before is None or _number(after) < _number(before))
            elif keyword in LOWER_BOUNDS:
                tightened = after is not None and (before is None or _number(after) > _number(before))
            else:
                tightened = after not in (None, False)
            yield at(
                "constraint-changed",
                request and tightened,
                f"{keyword} {show(before)} -> {show(after)}",
                f"/{keyword}",
            )


def _variant_key(side: Side, variant: Any, pointer: str) -> str:
    """How alternatives of a union are matched across sides: by component name, else by type."""
    if isinstance(variant, dict) and isinstance(variant.get("$ref"), str):
        return str(variant["$ref"]).rsplit("/", 1)[-1]
    resolved, _ = side.resolve(variant, pointer)
    if isinstance(resolved, dict) and resolved.get("type"):
        return f"type {show(resolved['type'])}"
    return show(strip_docs(resolved))
