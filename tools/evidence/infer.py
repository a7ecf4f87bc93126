"""Schemas of undocumented things, inferred from the samples that were seen (with genson).

genson's schema is the union of the samples: every sample validates against it. Two of its choices
are undone, because a few samples make neither a contract nor a vocabulary: ``required`` (genson
requires every key all samples share: with one sample, all of them) is removed at every level, and
there is no ``enum`` or ``format`` to remove (genson makes neither). Its type lists
(``["integer", "string"]``, ``"null"``) are the OpenAPI 3.1 spelling already. The samples are fed in
a canonical order and the result's keys are sorted, so the same samples give the same schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from genson import SchemaBuilder

#: Keywords dropped from an inferred schema at every level.
DROPPED = frozenset({"$schema", "required"})
#: JSON types in the order a widened type list shows them (after the spec's own).
TYPE_ORDER = ("integer", "number", "string", "boolean", "array", "object", "null")


def canonical(value: Any) -> str:
    """One text per JSON value: sorted keys, no spaces (for ordering and de-duplication)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def infer_schema(samples: Iterable[Any]) -> dict[str, Any]:
    """The lenient schema of ``samples``: their union, with no ``required``, keys sorted."""
    builder = SchemaBuilder()
    distinct = sorted({canonical(sample) for sample in samples})
    for text in distinct:
        builder.add_object(json.loads(text))
    return _clean(builder.to_schema())


def _clean(node: Any) -> Any:
    if isinstance(node, dict):
        cleaned = {key: value for key, value in node.items() if key not in DROPPED}
        if isinstance(cleaned.get("type"), list):
            cleaned["type"] = ordered_types(cleaned["type"])
        return canonical_schema(cleaned, clean=_clean)
    if isinstance(node, list):
        return [_clean(item) for item in node]
    return node


#: Keywords first in a schema as written (then the others, sorted): how a person reads one.
LEADING_KEYS = ("type", "items", "properties")


def canonical_schema(node: Any, clean: Any = None) -> Any:
    """``node`` with its keys in one order at every level (`LEADING_KEYS`, then sorted; property
    names sorted), so a schema read from JSON in any key order is written the same."""
    again = clean or canonical_schema
    if isinstance(node, list):
        return [again(item) for item in node]
    if not isinstance(node, dict):
        return node
    keys = [key for key in LEADING_KEYS if key in node] + sorted(k for k in node if k not in LEADING_KEYS)
    out = {}
    for key in keys:
        value = node[key]
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: again(value[name]) for name in sorted(value)}
        else:
            out[key] = again(value)
    return out


def ordered_types(types: Iterable[str], first: Iterable[str] = ()) -> list[str]:
    """``types`` without duplicates, ``first`` (a spec's own order) first, then `TYPE_ORDER`;
    ``integer`` is dropped when ``number`` is there (a number covers it)."""
    wanted = set(types) | set(first)
    if "number" in wanted:
        wanted.discard("integer")
    result = [name for name in first if name in wanted]
    result += [name for name in TYPE_ORDER if name in wanted and name not in result]
    result += sorted(wanted - set(result))
    return result
