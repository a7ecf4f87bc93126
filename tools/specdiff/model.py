"""What the comparison produces (`Change`, `SpecDiff`) and what it walks with (`Side`, helpers)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

Direction = Literal["request", "response"]

# Keys whose value is prose or sample data: a change there is "documentation only".
DOC_KEYS = frozenset(
    (
        "description",
        "summary",
        "title",
        "example",
        "examples",
        "externalDocs",
        "termsOfService",
        "contact",
    )
)


class SpecError(ValueError):
    """A spec that cannot be compared (a broken or external `$ref`, a non-object where one is due)."""


@dataclass
class Change:
    """One classified change.

    `base_pointer`/`head_pointer` are the JSON pointers of the place in each spec (after following
    `$ref`s, so a change to a shared schema points into `components`); `pointer` is the head one, or
    the base one for something that no longer exists. `used_by` names the operations that reach the
    place: a schema shared by several operations is one change.
    """

    kind: str
    breaking: bool
    message: str
    base_pointer: str | None
    head_pointer: str | None
    used_by: list[str] = field(default_factory=list)

    @property
    def pointer(self) -> str:
        """The head pointer, or the base pointer for something that no longer exists."""
        return self.head_pointer if self.head_pointer is not None else (self.base_pointer or "")

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "kind": self.kind,
            "breaking": self.breaking,
            "message": self.message,
            "pointer": self.pointer,
            "base_pointer": self.base_pointer,
            "head_pointer": self.head_pointer,
            "used_by": list(self.used_by),
        }


@dataclass
class SpecDiff:
    """The result of `diff_specs`: the listed changes (breaking first) and documentation-only places."""

    changes: list[Change]
    documentation_changes: list[str]

    @property
    def breaking(self) -> list[Change]:
        """The breaking changes, in report order."""
        return [c for c in self.changes if c.breaking]

    @property
    def non_breaking(self) -> list[Change]:
        """The changes that are not breaking, in report order."""
        return [c for c in self.changes if not c.breaking]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "breaking": len(self.breaking),
            "non_breaking": len(self.non_breaking),
            "documentation_only": len(self.documentation_changes),
            "changes": [c.as_dict() for c in self.changes],
            "documentation_pointers": list(self.documentation_changes),
        }


def escape(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo `escape`."""
    return token.replace("~1", "/").replace("~0", "~")


def show(value: Any) -> str:
    """A value as compact, key-sorted JSON (stable for messages and set membership)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def strip_docs(value: Any) -> Any:
    """The value without documentation keys or `x-*` extensions, for "same meaning" comparisons."""
    if isinstance(value, dict):
        return {
            k: strip_docs(v)
            for k, v in value.items()
            if k not in DOC_KEYS and not (isinstance(k, str) and k.startswith("x-"))
        }
    if isinstance(value, list):
        return [strip_docs(v) for v in value]
    return value


class Side:
    """One spec, with `$ref` resolution that says where the resolved node lives."""

    def __init__(self, spec: dict[str, Any], name: str) -> None:
        self.spec = spec
        self.name = name

    def lookup(self, pointer: str) -> Any:
        """The node at a JSON pointer; SpecError if there is none."""
        node: Any = self.spec
        for raw in pointer.split("/")[1:] if pointer else []:
            token = unescape(raw)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SpecError(f"{self.name} spec: $ref target #{pointer} does not exist")
        return node

    def resolve(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow `$ref` chains from `node` (found at `pointer`); return the target and its pointer."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#"):
                raise SpecError(
                    f"{self.name} spec: only local $refs are supported, found {ref!r} at {pointer}"
                )
            if ref in seen:
                raise SpecError(f"{self.name} spec: $ref loop through {ref} at {pointer}")
            seen.add(ref)
            pointer = ref[1:]
            node = self.lookup(pointer)
        return node, pointer
