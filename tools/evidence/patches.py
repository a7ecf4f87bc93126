"""JSON Patch groups, written in the style of `openapi/amendments.yaml`: YAML, each group after a
comment that gives its evidence, so a person can read, keep or drop each one and append the rest.

Only ``add``, ``remove``, ``replace`` and ``test`` are written (never ``move`` or ``copy``), every
``remove`` or ``replace`` right after a ``test`` of the value it expects, every path built from
names (`specnav.join`), never from a whole-document diff.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import jsonpatch
import jsonpointer
import yaml

ALLOWED_OPS = frozenset({"add", "remove", "replace", "test"})


@dataclass
class Group:
    """The operations of one finding, and the comment lines that justify them."""

    comment: list[str]
    ops: list[dict[str, Any]]
    sort_key: tuple[Any, ...] = field(default=())

    def __post_init__(self) -> None:
        check_ops(self.ops)


def check_ops(ops: list[dict[str, Any]]) -> None:
    """Raise ValueError unless ``ops`` keep the rules above (a guard on this module's own output)."""
    for index, op in enumerate(ops):
        if op["op"] not in ALLOWED_OPS:
            raise ValueError(f"operation {op['op']!r} is never proposed")
        if op["op"] in ("remove", "replace"):
            before = ops[index - 1] if index else None
            if before is None or before["op"] != "test" or before["path"] != op["path"]:
                raise ValueError(f"{op['op']} {op['path']} is not preceded by a test of that path")


def _op_yaml(op: dict[str, Any]) -> str:
    ordered = {key: op[key] for key in ("op", "path", "value") if key in op}
    text: str = yaml.safe_dump(
        [ordered], sort_keys=False, default_flow_style=False, allow_unicode=True, width=100
    )
    return text


def render(header: list[str], groups: list[Group], empty_note: str) -> str:
    """The YAML file: the header comment, then each group (comment, operations), in order."""
    lines = [f"# {line}".rstrip() for line in header]
    out = "\n".join(lines) + "\n"
    if not groups:
        return out + "#\n" + f"# {empty_note}\n"
    for group in groups:
        out += "\n" + "".join(f"# {line}\n".replace("# \n", "#\n") for line in group.comment)
        out += "".join(_op_yaml(op) for op in group.ops)
    return out


def operations_of(text: str) -> list[dict[str, Any]]:
    """The operations a rendered file holds (an empty list for a file of comments only)."""
    loaded = yaml.safe_load(text)
    return list(loaded or [])


def apply(document: Any, ops: list[dict[str, Any]]) -> Any:
    """``ops`` applied to a copy of ``document``; a failure (a ``test`` that finds another value, a
    path that is not there) raises jsonpatch's error, its message naming the operation."""
    patched = copy.deepcopy(document)
    for number, op in enumerate(ops, 1):
        try:
            patched = jsonpatch.JsonPatch([op]).apply(patched, in_place=True)
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as error:
            raise type(error)(f"operation {number} ({op['op']} {op['path']}): {error}") from None
    return patched
