"""The comparison core: two OpenAPI spec dicts in, classified changes out (`diff_specs`).

Pure: no I/O. It compares structure, not text: local `$ref`s are followed on each side (recursive
schemas included), and neither mapping key order, nor the order of lists whose order means nothing
(parameters, enum values, `required`, servers, security), nor YAML formatting is a change.
Operations are matched by method and path template with parameter names blanked out, so renaming a
path parameter is reported as a rename, not as one operation removed and another added.

Each change is classified for client users, the people who call the generated functions and read
what they return (see `specdiff.schema` for the schema rules). Changes to descriptions, summaries,
titles, examples and `x-*` extensions are counted, with their pointers, but not listed as changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from specdiff.model import DOC_KEYS, Change, Direction, Side, SpecDiff, SpecError, escape, show, strip_docs
from specdiff.schema import SchemaDiffer

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keys whose value maps user-chosen names to objects: a child key is a name there, never a keyword.
NAME_MAPS = frozenset(
    (
        "paths",
        "properties",
        "patternProperties",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "content",
        "encoding",
        "variables",
        "$defs",
        "definitions",
        "webhooks",
        "pathItems",
        "mapping",
    )
)


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


def diff_specs(base: dict[str, Any], head: dict[str, Any]) -> SpecDiff:
    """Compare two OpenAPI documents (already parsed) and classify every change for client users.

    Raises `SpecError` when a spec cannot be walked: a `$ref` that points nowhere, an external
    one, a loop of bare `$ref`s, a non-object where an object is due.
    """
    for name, spec in (("base", base), ("head", head)):
        if not isinstance(spec, dict):
            raise SpecError(f"{name} spec: the document is not an object")
    return _Differ(base, head).run()


class _Differ:
    """Walks two specs side by side and collects changes, one per (kind, place, message)."""

    def __init__(self, base: dict[str, Any], head: dict[str, Any]) -> None:
        self.base = Side(base, "base")
        self.head = Side(head, "head")
        self.schemas = SchemaDiffer(self.base, self.head)
        self.changes: dict[tuple[str, str, str], Change] = {}

    def add(self, found: list[Change], used_by: str | None = None) -> None:
        for change in found:
            kept = self.changes.setdefault((change.kind, change.pointer, change.message), change)
            if used_by and used_by not in kept.used_by:
                kept.used_by.append(used_by)

    def run(self) -> SpecDiff:
        base, head = self.base.spec, self.head.spec
        self._top_level()
        old_ops, new_ops = _operations(self.base), _operations(self.head)
        for key in sorted(set(old_ops) | set(new_ops), key=lambda k: (k[1], k[0])):
            if key not in new_ops:
                op = old_ops[key]
                self.add(
                    [Change("operation-removed", True, f"operation {op.label} removed", op.pointer, None)]
                )
            elif key not in old_ops:
                op = new_ops[key]
                self.add([Change("operation-added", False, f"operation {op.label} added", None, op.pointer)])
            else:
                self._operation(old_ops[key], new_ops[key])
        self._component_schemas()
        ordered = sorted(self.changes.values(), key=lambda c: not c.breaking)  # stable: breaking first
        return SpecDiff(ordered, documentation_changes(base, head))

    # --- the document as a whole ---------------------------------------------------------------

    def _top_level(self) -> None:
        base, head = self.base.spec, self.head.spec
        found: list[Change] = []
        if base.get("openapi") != head.get("openapi"):
            message = f"OpenAPI version {base.get('openapi')} -> {head.get('openapi')}"
            found.append(Change("openapi-version-changed", False, message, "/openapi", "/openapi"))
        before, after = (base.get("info") or {}).get("version"), (head.get("info") or {}).get("version")
        if before != after:
            found.append(
                Change(
                    "info-version-changed",
                    False,
                    f"API version {before} -> {after}",
                    "/info/version",
                    "/info/version",
                )
            )
        found += _servers(base.get("servers"), head.get("servers"), "")
        found += _security(base.get("security"), head.get("security"), "/security", "API-wide")
        old_schemes = (base.get("components") or {}).get("securitySchemes") or {}
        new_schemes = (head.get("components") or {}).get("securitySchemes") or {}
        for name in sorted(set(old_schemes) | set(new_schemes)):
            ptr = f"/components/securitySchemes/{escape(name)}"
            if name not in new_schemes:
                found.append(
                    Change("security-scheme-removed", True, f"security scheme `{name}` removed", ptr, None)
                )
            elif name not in old_schemes:
                found.append(
                    Change("security-scheme-added", False, f"security scheme `{name}` added", None, ptr)
                )
            else:
                old_scheme = strip_docs(self.base.resolve(old_schemes[name], ptr)[0])
                new_scheme = strip_docs(self.head.resolve(new_schemes[name], ptr)[0])
                if old_scheme != new_scheme:
                    message = f"security scheme `{name}` changed: {show(old_scheme)} -> {show(new_scheme)}"
                    found.append(Change("security-scheme-changed", True, message, ptr, ptr))
        self.add(found)

    def _component_schemas(self) -> None:
        """Schemas added or removed as a whole: each is a generated model class."""
        old = (self.base.spec.get("components") or {}).get("schemas") or {}
        new = (self.head.spec.get("components") or {}).get("schemas") or {}
        for name in sorted(set(old) - set(new)):
            message = f"schema `{name}` removed (its generated model class goes)"
            self.add(
                [
                    Change(
                        "component-schema-removed", True, message, f"/components/schemas/{escape(name)}", None
                    )
                ]
            )
        for name in sorted(set(new) - set(old)):
            message = f"schema `{name}` added"
            self.add(
                [
                    Change(
                        "component-schema-added", False, message, None, f"/components/schemas/{escape(name)}"
                    )
                ]
            )

    # --- one operation -------------------------------------------------------------------------

    def _operation(self, old: Operation, new: Operation) -> None:
        bo, ho = old.node, new.node
        found: list[Change] = []

        def at(kind: str, breaking: bool, message: str, sub: str) -> None:
            found.append(
                Change(kind, breaking, f"{new.label}: {message}", old.pointer + sub, new.pointer + sub)
            )

        if bo.get("operationId") != ho.get("operationId"):
            at(
                "operation-id-changed",
                True,
                f"operationId {bo.get('operationId')} -> {ho.get('operationId')} "
                "(the generated function is renamed)",
                "/operationId",
            )
        old_tags, new_tags = bo.get("tags") or [], ho.get("tags") or []
        if old_tags[:1] != new_tags[:1]:
            at(
                "operation-tag-changed",
                True,
                f"first tag {old_tags[:1]} -> {new_tags[:1]} (the generated module moves)",
                "/tags",
            )
        elif set(old_tags) != set(new_tags):
            at("operation-tags-changed", False, f"tags {old_tags} -> {new_tags}", "/tags")
        if bool(bo.get("deprecated")) != bool(ho.get("deprecated")):
            at(
                "operation-deprecated",
                False,
                "deprecated" if ho.get("deprecated") else "no longer deprecated",
                "/deprecated",
            )
        if "security" in bo or "security" in ho:
            found += _security(
                bo.get("security", self.base.spec.get("security")),
                ho.get("security", self.head.spec.get("security")),
                f"{new.pointer}/security",
                new.label,
            )
        if "servers" in bo or "servers" in ho:
            found += _servers(bo.get("servers"), ho.get("servers"), new.pointer)
        if "servers" in old.path_item or "servers" in new.path_item:
            found += _servers(old.path_item.get("servers"), new.path_item.get("servers"), new.path_pointer)
        self.add(found)
        self._parameters(old, new)
        self._request_body(old, new)
        self._responses(old, new)

    def _parameters(self, old: Operation, new: Operation) -> None:
        olds, news = _parameters(self.base, old), _parameters(self.head, new)
        removed = [k for k in olds if k not in news]
        added = [k for k in news if k not in olds]
        renamed: dict[tuple[str, str], tuple[str, str]] = {}
        for gone in removed:
            candidates = [
                a
                for a in added
                if a[0] == gone[0]
                and a not in renamed.values()
                and (
                    _path_position(old.path, gone[1]) == _path_position(new.path, a[1]) >= 0
                    if gone[0] == "path"
                    else strip_docs(olds[gone][0].get("schema")) == strip_docs(news[a][0].get("schema"))
                )
            ]
            if len(candidates) == 1:
                renamed[gone] = candidates[0]
        found = [
            Change(
                "parameter-renamed",
                True,
                f"{new.label}: {r[0]} parameter `{r[1]}` renamed to `{a[1]}` "
                "(the generated argument is renamed)",
                olds[r][1],
                news[a][1],
            )
            for r, a in renamed.items()
        ]
        for r in removed:
            if r not in renamed:
                message = f"{new.label}: {r[0]} parameter `{r[1]}` removed"
                found.append(Change("parameter-removed", True, message, olds[r][1], None))
        for a in added:
            if a not in renamed.values():
                required = bool(news[a][0].get("required"))
                message = (
                    f"{new.label}: {a[0]} parameter `{a[1]}` added ({'required' if required else 'optional'})"
                )
                found.append(Change("parameter-added", required, message, None, news[a][1]))
        self.add(found)
        for old_key, new_key in [(k, k) for k in olds if k in news] + list(renamed.items()):
            self.add(
                self._parameter(olds[old_key], news[new_key], f"{new_key[0]} parameter `{new_key[1]}`"),
                new.label,
            )

    def _parameter(
        self, old: tuple[dict[str, Any], str], new: tuple[dict[str, Any], str], label: str
    ) -> list[Change]:
        (bp, bptr), (hp, hptr) = old, new
        found: list[Change] = []
        if not bp.get("required") and hp.get("required"):
            found.append(Change("parameter-required", True, f"{label} made required", bptr, hptr))
        elif bp.get("required") and not hp.get("required"):
            found.append(Change("parameter-optional", False, f"{label} no longer required", bptr, hptr))
        for keyword in ("style", "explode", "allowReserved"):
            if bp.get(keyword) != hp.get(keyword):
                message = f"{label}: {keyword} {show(bp.get(keyword))} -> {show(hp.get(keyword))}"
                found.append(
                    Change(
                        "parameter-serialization-changed",
                        True,
                        message,
                        f"{bptr}/{keyword}",
                        f"{hptr}/{keyword}",
                    )
                )
        if bool(bp.get("deprecated")) != bool(hp.get("deprecated")):
            word = "deprecated" if hp.get("deprecated") else "no longer deprecated"
            found.append(Change("parameter-deprecated", False, f"{label} {word}", bptr, hptr))
        if "schema" in bp or "schema" in hp:
            found += self.schemas.compare(
                "request",
                bp.get("schema", {}),
                hp.get("schema", {}),
                f"{bptr}/schema",
                f"{hptr}/schema",
                label,
            )
        found += self._content("request", bp.get("content"), hp.get("content"), bptr, hptr, label, True)
        return found

    def _request_body(self, old: Operation, new: Operation) -> None:
        bo, ho = old.node, new.node
        if "requestBody" not in bo and "requestBody" not in ho:
            return
        if "requestBody" not in ho:
            message = f"{new.label}: request body removed"
            self.add([Change("request-body-removed", True, message, f"{old.pointer}/requestBody", None)])
            return
        body_new, ptr_new = self.head.resolve(ho["requestBody"], f"{new.pointer}/requestBody")
        if "requestBody" not in bo:
            required = bool(body_new.get("required"))
            message = f"{new.label}: request body added ({'required' if required else 'optional'})"
            self.add([Change("request-body-added", required, message, None, ptr_new)])
            return
        body_old, ptr_old = self.base.resolve(bo["requestBody"], f"{old.pointer}/requestBody")
        found: list[Change] = []
        if not body_old.get("required") and body_new.get("required"):
            found.append(
                Change("request-body-required", True, "request body made required", ptr_old, ptr_new)
            )
        elif body_old.get("required") and not body_new.get("required"):
            found.append(
                Change("request-body-optional", False, "request body no longer required", ptr_old, ptr_new)
            )
        found += self._content(
            "request", body_old.get("content"), body_new.get("content"), ptr_old, ptr_new, "request", True
        )
        self.add(found, new.label)

    def _responses(self, old: Operation, new: Operation) -> None:
        olds = {str(k): v for k, v in (old.node.get("responses") or {}).items()}
        news = {str(k): v for k, v in (new.node.get("responses") or {}).items()}
        for status in sorted(set(olds) | set(news)):
            success = status.startswith("2")
            bptr = f"{old.pointer}/responses/{escape(status)}"
            hptr = f"{new.pointer}/responses/{escape(status)}"
            if status not in news:
                why = " (no result is parsed for it any more)" if success else ""
                message = f"{new.label}: response {status} removed{why}"
                self.add([Change("response-removed", success, message, bptr, None)])
                continue
            if status not in olds:
                self.add(
                    [Change("response-added", False, f"{new.label}: response {status} added", None, hptr)]
                )
                continue
            resp_old, bptr = self.base.resolve(olds[status], bptr)
            resp_new, hptr = self.head.resolve(news[status], hptr)
            label = f"response {status}"
            found = self._content(
                "response", resp_old.get("content"), resp_new.get("content"), bptr, hptr, label, success
            )
            found += self._headers(resp_old, resp_new, bptr, hptr, label)
            self.add(found, new.label)

    def _headers(
        self, old: dict[str, Any], new: dict[str, Any], bptr: str, hptr: str, label: str
    ) -> list[Change]:
        olds = {k.lower(): (k, v) for k, v in (old.get("headers") or {}).items()}
        news = {k.lower(): (k, v) for k, v in (new.get("headers") or {}).items()}
        found: list[Change] = []
        for name in sorted(set(olds) | set(news)):
            if name not in news:
                where = f"{bptr}/headers/{escape(olds[name][0])}"
                found.append(
                    Change(
                        "response-header-removed",
                        True,
                        f"{label}: header `{olds[name][0]}` removed",
                        where,
                        None,
                    )
                )
                continue
            where_new = f"{hptr}/headers/{escape(news[name][0])}"
            if name not in olds:
                found.append(
                    Change(
                        "response-header-added",
                        False,
                        f"{label}: header `{news[name][0]}` added",
                        None,
                        where_new,
                    )
                )
                continue
            header_old, ptr_old = self.base.resolve(olds[name][1], f"{bptr}/headers/{escape(olds[name][0])}")
            header_new, ptr_new = self.head.resolve(news[name][1], where_new)
            if "schema" in header_old or "schema" in header_new:
                found += self.schemas.compare(
                    "response",
                    header_old.get("schema", {}),
                    header_new.get("schema", {}),
                    f"{ptr_old}/schema",
                    f"{ptr_new}/schema",
                    f"{label} header `{news[name][0]}`",
                )
        return found

    def _content(
        self,
        direction: Direction,
        old: dict[str, Any] | None,
        new: dict[str, Any] | None,
        bptr: str,
        hptr: str,
        label: str,
        removal_breaks: bool,
    ) -> list[Change]:
        old, new = old or {}, new or {}
        found: list[Change] = []
        for media in sorted(set(old) | set(new)):
            mb, mh = f"{bptr}/content/{escape(media)}", f"{hptr}/content/{escape(media)}"
            if media not in new:
                message = f"{label}: media type {media} removed"
                found.append(Change(f"{direction}-media-type-removed", removal_breaks, message, mb, None))
            elif media not in old:
                message = f"{label}: media type {media} added"
                found.append(Change(f"{direction}-media-type-added", False, message, None, mh))
            elif "schema" in old[media] or "schema" in new[media]:
                found += self.schemas.compare(
                    direction,
                    old[media].get("schema", {}),
                    new[media].get("schema", {}),
                    f"{mb}/schema",
                    f"{mh}/schema",
                    f"{label} body",
                )
        return found


def _operations(side: Side) -> dict[tuple[str, str], Operation]:
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


def _parameters(side: Side, op: Operation) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
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


def _path_position(path: str, name: str) -> int:
    names = re.findall(r"\{([^}/]*)\}", path)
    return names.index(name) if name in names else -1


def _servers(old: Any, new: Any, pointer: str) -> list[Change]:
    before = {str(s.get("url")) for s in old or [] if isinstance(s, dict)}
    after = {str(s.get("url")) for s in new or [] if isinstance(s, dict)}
    found = [
        Change("server-removed", True, f"server {url} removed", f"{pointer}/servers", None)
        for url in sorted(before - after)
    ]
    found += [
        Change("server-added", False, f"server {url} added", None, f"{pointer}/servers")
        for url in sorted(after - before)
    ]
    return found


def _security(old: Any, new: Any, pointer: str, label: str) -> list[Change]:
    """Security requirements: a list of alternatives, each a set of schemes used together."""

    def options(value: Any) -> set[str]:
        return {
            " + ".join(f"{name}{sorted(scopes) if scopes else ''}" for name, scopes in sorted(req.items()))
            or "anonymous"
            for req in value or []
            if isinstance(req, dict)
        }

    before, after = options(old), options(new)
    if before == after:
        return []
    # Breaking when an alternative clients may be using is gone and the API still wants credentials.
    breaking = bool(after) and "anonymous" not in after and (not before or bool(before - after))
    message = (
        f"{label}: security {' or '.join(sorted(before)) or 'none'} -> {' or '.join(sorted(after)) or 'none'}"
    )
    return [Change("security-changed", breaking, message, pointer, pointer)]


def documentation_changes(base: Any, head: Any) -> list[str]:
    """JSON pointers (into the head) where only documentation or an `x-*` extension differs."""
    found: list[str] = []

    def walk(old: Any, new: Any, pointer: str, names: bool) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            for key in [*old, *(k for k in new if k not in old)]:
                ptr = f"{pointer}/{escape(str(key))}"
                keyword = not names and isinstance(key, str)
                if keyword and (key in DOC_KEYS or key.startswith("x-")):
                    if old.get(key) != new.get(key):
                        found.append(ptr)
                elif key in old and key in new:
                    walk(old[key], new[key], ptr, keyword and key in NAME_MAPS)
        elif isinstance(old, list) and isinstance(new, list):
            keyed_old, keyed_new = _keyed(old), _keyed(new)
            if keyed_old is not None and keyed_new is not None:
                for key, (_, item) in keyed_old.items():
                    if key in keyed_new:
                        index, other = keyed_new[key]
                        walk(item, other, f"{pointer}/{index}", False)
            elif len(old) == len(new):
                for i, (a, b) in enumerate(zip(old, new, strict=True)):
                    walk(a, b, f"{pointer}/{i}", False)

    walk(base, head, "", False)
    return found


def _keyed(items: list[Any]) -> dict[str, tuple[int, Any]] | None:
    """Parameter-like lists keyed by (in, name), so reordering them is no change; else None."""
    if not items or not all(isinstance(i, dict) and ("name" in i or "$ref" in i) for i in items):
        return None
    keyed = {show([i.get("in"), i.get("name"), i.get("$ref")]): (n, i) for n, i in enumerate(items)}
    return keyed if len(keyed) == len(items) else None
