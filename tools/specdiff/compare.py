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

from typing import Any

from specdiff.document import (
    component_schema_changes,
    documentation_changes,
    security_changes,
    server_changes,
    top_level_changes,
)
from specdiff.model import Change, Direction, Side, SpecDiff, SpecError, escape, show, strip_docs
from specdiff.operations import Operation, operations, parameters, path_position
from specdiff.schema import SchemaDiffer


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
        self.add(top_level_changes(self.base, self.head))
        old_ops, new_ops = operations(self.base), operations(self.head)
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
        self.add(component_schema_changes(base, head))
        ordered = sorted(self.changes.values(), key=lambda c: not c.breaking)  # stable: breaking first
        return SpecDiff(ordered, documentation_changes(base, head))

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
            found += security_changes(
                bo.get("security", self.base.spec.get("security")),
                ho.get("security", self.head.spec.get("security")),
                f"{new.pointer}/security",
                new.label,
            )
        if "servers" in bo or "servers" in ho:
            found += server_changes(bo.get("servers"), ho.get("servers"), new.pointer)
        if "servers" in old.path_item or "servers" in new.path_item:
            found += server_changes(
                old.path_item.get("servers"), new.path_item.get("servers"), new.path_pointer
            )
        self.add(found)
        self._parameters(old, new)
        self._request_body(old, new)
        self._responses(old, new)

    def _parameters(self, old: Operation, new: Operation) -> None:
        olds, news = parameters(self.base, old), parameters(self.head, new)
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
                    path_position(old.path, gone[1]) == path_position(new.path, a[1]) >= 0
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
