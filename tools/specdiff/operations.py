"""Operations as the comparison matches them: keyed by method and path template with parameter names
blanked out (so a renamed path parameter is a rename, not an operation removed and another added),
with their effective parameters (path-level ones, overridden by the operation's)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from specdiff.model import Side, SpecError, escape

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    """One operation of one side, with the path item it sits in."""

    method: str
    path: str
    node: dict[str, Any]
    path_item: dict[str, Any]
    pointer: str
    path_pointer: str

    @property
    def label(self) -> str:
        """`METHOD /path (operationId)`."""
        op_id = self.node.get("operationId")
        return f"{self.method.upper()} {self.path}" + (f" ({op_id})" if op_id else "")


def operations(side: Side) -> dict[tuple[str, str], Operation]:
    """Operations keyed by method and path template with parameter names blanked out."""
    paths = side.spec.get("paths") or {}
    if not isinstance(paths, dict):
        raise SpecError(f"{side.name} spec: `paths` is not an object")
    found: dict[tuple[str, str], Operation] = {}
    for path, raw_item in paths.items():
        path_pointer = f"/paths/{escape(path)}"
        item, _ = side.resolve(raw_item, path_pointer)
        if not isinstance(item, dict):
            raise SpecError(f"{side.name} spec: {path_pointer} is not an object")
        for method in METHODS:
            if isinstance(item.get(method), dict):
                key = (method, re.sub(r"\{[^}/]*\}", "{}", path))
                found[key] = Operation(
                    method, path, item[method], item, f"{path_pointer}/{method}", path_pointer
                )
    return found


def parameters(side: Side, op: Operation) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """Effective parameters of an operation keyed by (in, name): path-level ones, overridden."""
    found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for listed, pointer in (
        (op.path_item.get("parameters"), op.path_pointer),
        (op.node.get("parameters"), op.pointer),
    ):
        for i, param in enumerate(listed or []):
            node, where = side.resolve(param, f"{pointer}/parameters/{i}")
            if not isinstance(node, dict) or "name" not in node or "in" not in node:
                raise SpecError(f"{side.name} spec: {where} is not a parameter object")
            name = str(node["name"]).lower() if node["in"] == "header" else str(node["name"])
            found[(str(node["in"]), name)] = (node, where)
    return found


def path_position(path: str, name: str) -> int:
    names = re.findall(r"\{([^}/]*)\}", path)
    return names.index(name) if name in names else -1
