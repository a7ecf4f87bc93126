"""Evidence + the spec it was judged against -> proposed amendments (pure; deterministic).

Relaxations: only changes that remove a failure the recorded answers showed.

- a ``required`` property absent from some answers: dropped from ``required`` (the whole key when
  nothing would be left: an empty list is not allowed everywhere);
- a value of a type the schema does not allow (``null`` included): the type widened to the union of
  the documented and the seen types; a ``$ref``'d property seen ``null``: ``anyOf`` the reference
  and ``null``;
- an undocumented property: added, optional, with a schema inferred from its samples (`infer`);
- an undocumented status code: added, with a lenient schema inferred from its bodies.

Tightenings, in a separate file and against the spec *with the relaxations applied*: a documented
property present and non-null in every one of at least 20 2xx answers, from at least 3 distinct
resources, joins ``required``. Nothing else: presence is not a contract and a few samples do not make
an enum, so no enum is created or closed and no ``format`` is added from samples (evidence shows the
values and formats seen, for a person to judge).

Whatever was seen but cannot be written as such a patch (a ``maxLength``, a ``pattern``, a body that
is not JSON, a type change of a shared ``$ref``'d schema, ...) is listed as unpatchable.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from specdiff.model import unescape

from evidence.infer import TYPE_ORDER, canonical_schema, ordered_types
from evidence.patches import Group, apply
from evidence.specnav import get, join, resolve_node


@dataclass
class Proposal:
    """What `propose` found: the two lists of groups and what no patch could express."""

    relaxations: list[Group] = field(default_factory=list)
    tightenings: list[Group] = field(default_factory=list)
    unpatchable: list[dict[str, Any]] = field(default_factory=list)
    relaxed_spec: dict[str, Any] = field(default_factory=dict)


def _name(pointer: str) -> str:
    """A short name for a schema pointer: ``ModelVersion`` for ``/components/schemas/ModelVersion``,
    ``Endpoint.created`` for its property ``created``, ``X.tags[]`` for the items of ``tags``."""
    prefix = "/components/schemas/"
    if not pointer.startswith(prefix):
        return pointer
    tokens = [unescape(token) for token in pointer[len(prefix) :].split("/")]
    name, rest = tokens[0], tokens[1:]
    while rest:
        if rest[0] == "properties" and len(rest) > 1:
            name, rest = f"{name}.{rest[1]}", rest[2:]
        elif rest[0] == "items":
            name, rest = f"{name}[]", rest[1:]
        else:
            return pointer
    return name


def _where(places: set[str]) -> str:
    return ", ".join(sorted(places))


def _errors(evidence: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(``operation status``, the error, the pointers of that status) for every recorded error."""
    found = []
    for op_id, operation in sorted(evidence.get("operations", {}).items()):
        for status, entry in sorted(operation.get("statuses", {}).items()):
            for error in entry.get("errors") or []:
                found.append((f"{op_id} {status}", error, entry.get("pointers") or {}))
    return sorted(found, key=lambda item: (item[1]["schema"], item[1]["keyword"], item[1]["detail"], item[0]))


def propose(evidence: dict[str, Any], spec: dict[str, Any]) -> Proposal:
    """The proposal for ``evidence`` recorded against ``spec`` (the amended spec)."""
    proposal = Proposal()
    proposal.unpatchable = sorted(
        (dict(item) for item in evidence.get("unpatchable") or []),
        key=lambda item: (
            str(item.get("operation")),
            str(item.get("status")),
            item.get("keyword", ""),
            item.get("detail", ""),
        ),
    )
    schemas = evidence.get("schemas") or {}
    required: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    types: dict[str, dict[str, Any]] = {}
    extra: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for where, error, pointers in _errors(evidence):
        if not error["patchable"]:
            continue
        if error["keyword"] == "required":
            required[error["schema"]][error["detail"]].add(where)
        elif error["keyword"] == "additionalProperties":
            extra[error["schema"]][error["detail"]].add(where)
        elif error["keyword"] == "type":
            _collect_type(types, error, pointers, where)
    groups: list[Group] = []
    for schema, names in sorted(required.items()):
        groups += _optional(spec, schema, names, schemas.get(schema))
    for declared, seen in sorted(types.items()):
        group = _widen(spec, declared, seen)
        if isinstance(group, Group):
            groups.append(group)
        else:
            proposal.unpatchable.append(group)
    for schema, names in sorted(extra.items()):
        groups += _add_properties(spec, schema, names, schemas.get(schema))
    for status in sorted(
        evidence.get("undocumented_statuses") or [], key=lambda s: (s["pointer"], s["status"])
    ):
        groups.append(_add_status(status))
    proposal.relaxations = sorted(groups, key=lambda group: group.sort_key)
    relaxed = copy.deepcopy(spec)
    for group in proposal.relaxations:
        relaxed = apply(relaxed, group.ops)
    proposal.relaxed_spec = relaxed
    proposal.tightenings = _tighten(relaxed, schemas, evidence.get("thresholds") or {})
    return proposal


def _optional(spec: dict[str, Any], schema: str, names: dict[str, set[str]], counts: Any) -> list[Group]:
    current = list(get(spec, schema).get("required") or [])
    removed = {name for name in names if name in current}
    groups = []
    for name in sorted(removed, key=current.index, reverse=True):  # descending: each index stays right
        index = current.index(name)
        prop = ((counts or {}).get("properties") or {}).get(name)
        seen = (
            f"absent in {prop['absent']} of {prop['absent'] + prop['present']} samples"
            if prop
            else "absent from some answers"
        )
        comment = [f"{_name(schema)}.{name}: required, but {seen} ({_where(names[name])}): make it optional."]
        pointer = join(schema, "required")
        remaining = [item for item in current if item not in removed]
        if not remaining and index == min(current.index(item) for item in removed):
            ops = [
                {"op": "test", "path": pointer, "value": [name]},
                {"op": "remove", "path": pointer},
            ]
            comment.append("Nothing else is required then: the (empty) list goes.")
        else:
            ops = [
                {"op": "test", "path": join(pointer, index), "value": name},
                {"op": "remove", "path": join(pointer, index)},
            ]
        groups.append(Group(comment, ops, (schema, 0, -index, name)))
    return groups


def _collect_type(
    types: dict[str, dict[str, Any]], error: dict[str, Any], pointers: dict[str, Any], where: str
) -> None:
    entry = pointers.get(error["instance"]) or {}
    declared = entry.get("declared") or error["schema"]
    seen = types.setdefault(declared, {"types": {}, "places": set(), "formats": {}, "samples": 0})
    seen["places"].add(where)
    seen["samples"] += entry.get("present", 0)
    for name, count in (entry.get("types") or {}).items():
        seen["types"][name] = seen["types"].get(name, 0) + count
    for name, count in (entry.get("formats") or {}).items():
        seen["formats"][name] = seen["formats"].get(name, 0) + count


def _widen(spec: dict[str, Any], declared: str, seen: dict[str, Any]) -> Group | dict[str, Any]:
    node = get(spec, declared)
    histogram = ", ".join(f"{name} {count}" for name, count in sorted(seen["types"].items()))
    formats = ", ".join(f"{name} {count}" for name, count in sorted(seen["formats"].items()))
    label = _name(declared)
    documented = node.get("type", node.get("$ref", "untyped")) if isinstance(node, dict) else node
    comment = [
        f"{label}: documented {documented}, seen {histogram} in {seen['samples']} samples "
        f"({_where(seen['places'])})" + (f"; strings matching {formats}" if formats else "") + ".",
    ]
    if isinstance(node, dict) and "type" in node and "enum" not in node:
        old = node["type"] if isinstance(node["type"], list) else [node["type"]]
        new = ordered_types([*old, *seen["types"]], first=old)
        comment.append(f"Widen the type to {' | '.join(new)} (no `format` is proposed from samples).")
        path = join(declared, "type")
        ops = [
            {"op": "test", "path": path, "value": node["type"]},
            {"op": "replace", "path": path, "value": new[0] if len(new) == 1 else new},
        ]
        return Group(comment, ops, (declared, 1, 0, ""))
    if isinstance(node, dict) and "$ref" in node and set(seen["types"]) - _types_of(spec, node) == {"null"}:
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        value = {**siblings, "anyOf": [{"$ref": node["$ref"]}, {"type": "null"}]}
        comment.append("Allow null beside the referenced schema.")
        ops = [
            {"op": "test", "path": declared, "value": node},
            {"op": "replace", "path": declared, "value": value},
        ]
        return Group(comment, ops, (declared, 1, 0, ""))
    return {
        "operation": _where(seen["places"]),
        "keyword": "type",
        "detail": f"{label}: seen {histogram}; its schema has no `type` to widen (or an `enum`)",
        "schema": declared,
    }


def _types_of(spec: dict[str, Any], node: dict[str, Any]) -> set[str]:
    _, target = resolve_node(spec, node)
    found = target.get("type") if isinstance(target, dict) else None
    return set(found) if isinstance(found, list) else {found} if found else set(TYPE_ORDER)


def _add_properties(
    spec: dict[str, Any], schema: str, names: dict[str, set[str]], counts: Any
) -> list[Group]:
    node = get(spec, schema)
    props = (counts or {}).get("properties") or {}
    groups = []
    for name in sorted(names):
        prop = props.get(name) or {}
        inferred = canonical_schema(prop.get("inferred", {}))
        total = prop.get("present", 0) + prop.get("absent", 0)
        comment = [
            f"{_name(schema)}.{name}: not documented, present in {prop.get('present', '?')} of "
            f"{total or '?'} samples ({_where(names[name])}): add it, optional, as seen.",
        ]
        if "properties" in node:
            ops = [{"op": "add", "path": join(schema, "properties", name), "value": inferred}]
        else:
            ops = [{"op": "add", "path": join(schema, "properties"), "value": {name: inferred}}]
            node = {**node, "properties": {}}  # the next name goes into the map this one created
        groups.append(Group(comment, ops, (schema, 2, 0, name)))
    return groups


def _add_status(status: dict[str, Any]) -> Group:
    code = status["status"]
    content: dict[str, Any] = {}
    for content_type in sorted(status.get("content_types") or []):
        lenient = (
            canonical_schema(status.get("schema", {}))
            if content_type.endswith("json")
            else {"type": "string"}
        )
        content[content_type] = {"schema": lenient}
    value: dict[str, Any] = {"description": "Not in the published spec: added from a recorded run's answers."}
    if content:
        value["content"] = content
    comment = [
        f"{status['operation']}: answered {code} {status['responses']} time(s), a status the spec "
        "does not document: add it, with a lenient schema inferred from its bodies.",
    ]
    ops = [{"op": "add", "path": join(status["pointer"], "responses", str(code)), "value": value}]
    return Group(comment, ops, (status["pointer"], 3, 0, str(code)))


def _tighten(relaxed: dict[str, Any], schemas: dict[str, Any], thresholds: dict[str, Any]) -> list[Group]:
    min_samples = int(thresholds.get("tighten_min_samples", 20))
    min_resources = int(thresholds.get("tighten_min_resources", 3))
    groups = []
    for schema, counts in sorted(schemas.items()):
        node = get(relaxed, schema)
        documented = set(node.get("properties") or {})
        current = list(node.get("required") or [])
        chosen = []
        for name, prop in sorted((counts.get("properties") or {}).items()):
            if (
                prop.get("documented")
                and name in documented
                and name not in current
                and prop["absent"] == 0
                and prop["null"] == 0
                and prop["present"] >= min_samples
                and prop["resources"] >= min_resources
            ):
                chosen.append((name, prop))
        if not chosen:
            continue
        comment = [
            f"{_name(schema)}.{name}: present and non-null in {prop['present']} of {prop['present']} "
            f"samples, from {prop['resources']} resources."
            for name, prop in chosen
        ]
        comment.append(
            f"Make {'it' if len(chosen) == 1 else 'them'} required: readers then get "
            f"`T`, not `T | None` (thresholds: >= {min_samples} samples, >= {min_resources} resources)."
        )
        pointer = join(schema, "required")
        if "required" in node:
            ops = [{"op": "add", "path": f"{pointer}/-", "value": name} for name, _ in chosen]
        else:
            ops = [{"op": "add", "path": pointer, "value": [name for name, _ in chosen]}]
        groups.append(Group(comment, ops, (schema,)))
    return groups
