"""Changes to the document as a whole: versions, servers, security, component schemas added or
removed, and the places where only documentation differs (`documentation_changes`).

Pure, like `specdiff.compare`, which calls these for the whole document and each operation.
"""

from __future__ import annotations

from typing import Any

from specdiff.model import DOC_KEYS, Change, Side, escape, show, strip_docs

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


def top_level_changes(base_side: Side, head_side: Side) -> list[Change]:
    """OpenAPI and API versions, servers, API-wide security and the security schemes."""
    base, head = base_side.spec, head_side.spec
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
    found += server_changes(base.get("servers"), head.get("servers"), "")
    found += security_changes(base.get("security"), head.get("security"), "/security", "API-wide")
    old_schemes = (base.get("components") or {}).get("securitySchemes") or {}
    new_schemes = (head.get("components") or {}).get("securitySchemes") or {}
    for name in sorted(set(old_schemes) | set(new_schemes)):
        ptr = f"/components/securitySchemes/{escape(name)}"
        if name not in new_schemes:
            found.append(
                Change("security-scheme-removed", True, f"security scheme `{name}` removed", ptr, None)
            )
        elif name not in old_schemes:
            found.append(Change("security-scheme-added", False, f"security scheme `{name}` added", None, ptr))
        else:
            old_scheme = strip_docs(base_side.resolve(old_schemes[name], ptr)[0])
            new_scheme = strip_docs(head_side.resolve(new_schemes[name], ptr)[0])
            if old_scheme != new_scheme:
                message = f"security scheme `{name}` changed: {show(old_scheme)} -> {show(new_scheme)}"
                found.append(Change("security-scheme-changed", True, message, ptr, ptr))
    return found


def component_schema_changes(base: dict[str, Any], head: dict[str, Any]) -> list[Change]:
    """Schemas added or removed as a whole: each is a generated model class."""
    old = (base.get("components") or {}).get("schemas") or {}
    new = (head.get("components") or {}).get("schemas") or {}
    found: list[Change] = []
    for name in sorted(set(old) - set(new)):
        message = f"schema `{name}` removed (its generated model class goes)"
        found.append(
            Change("component-schema-removed", True, message, f"/components/schemas/{escape(name)}", None)
        )
    for name in sorted(set(new) - set(old)):
        message = f"schema `{name}` added"
        found.append(
            Change("component-schema-added", False, message, None, f"/components/schemas/{escape(name)}")
        )
    return found


def server_changes(old: Any, new: Any, pointer: str) -> list[Change]:
    """Servers (of the document, a path or an operation) added or removed, by URL."""
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


def security_changes(old: Any, new: Any, pointer: str, label: str) -> list[Change]:
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
