"""Where does the key live? A walk over every object reachable from what a call returns or raises.

`walk(root, key)` follows `gc.get_referents` from `root`, transitively and bounded, and reports each
place (a path of attribute names, dict keys and indexes from the root) where a string or bytes holds
the key in any form: as written, JSON-escaped (``\\/``, ``\\u00XX``) or percent-encoded (the forms
`KeyMatcher` matches), in base64 (standard and URL-safe, also of ``Bearer <key>``) or in UTF-16.

The walk does not enter:

- classes, modules, functions and code (a class's namespace leads to the whole program);
- frames and tracebacks: a frame holds its caller's variables, whatever they are (a test's own copy
  of the key included), and reaches the whole call stack; what a traceback *shows* of them is
  checked by the frame-locals test (`traceback.TracebackException(capture_locals=True)`);
- the client objects and their `Secret`: the only places the key is meant to live. Reaching them
  is counted (`boundaries`), not searched.

Run as a script (``.venv/bin/python tests/client/key_walk.py``), it prints the walk of every operation,
sync and async, plain and raw, each outcome (the success and four errors): the number of objects
visited, the places the key was found, and whether the pickled outcome holds it.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import pickle
import sys
import types
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from cerebras_management import AsyncManagementClient, ManagementClient, ManagementError
from cerebras_management._secrets import KeyMatcher, Secret
from cerebras_management.testing import Fault, MockServer

#: A key with the characters whose escaped forms differ: ``/`` (``\\/``, ``%2F``), ``+``, ``=``.
KEY = "sk-mgmt/Walk+0123456789abcdefXYZ=="
ARCH = "gpt-oss-120b"
ENDPOINT = "my-org-gpt-oss-120b"
#: Objects a walk may visit before it gives up (and says so: an incomplete walk proves nothing).
LIMIT = 200_000

_OPAQUE = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.CodeType,
    types.FrameType,
    types.TracebackType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.GetSetDescriptorType,
    types.MemberDescriptorType,
)
_HOLDERS = (ManagementClient, AsyncManagementClient, Secret)


class KeyForms:
    """Finds the key in a str or bytes-like object, in every form listed in the module docstring."""

    def __init__(self, key: str) -> None:
        self.matcher = KeyMatcher(key)
        raw = key.encode()
        encoded = [raw, key.encode("utf-16-le"), key.encode("utf-16-be")]
        for data in (raw, b"Bearer " + raw):
            encoded += [base64.b64encode(data), base64.urlsafe_b64encode(data)]
        self.byte_forms = tuple(encoded)
        self.text_forms = (*(form.decode("latin-1") for form in encoded[3:]), key)

    def in_bytes(self, data: bytes) -> bool:
        return self.matcher.found_in(data) or any(form in data for form in self.byte_forms)

    def in_text(self, text: str) -> bool:
        return self.matcher.pattern.search(text) is not None or any(form in text for form in self.text_forms)

    def holds(self, value: object) -> bool | None:
        """Whether `value` holds the key (None: `value` is not a string or bytes)."""
        if isinstance(value, str):
            return self.in_text(value)
        if isinstance(value, (bytes, bytearray)):
            return self.in_bytes(bytes(value))
        if isinstance(value, memoryview):
            return self.in_bytes(value.tobytes())
        return None


@dataclass
class Walk:
    """What one walk saw."""

    visited: int = 0
    complete: bool = True
    found: list[str] = field(default_factory=list)
    boundaries: set[str] = field(default_factory=set)
    #: The names of the types visited (to check that a walk went where it should).
    types: set[str] = field(default_factory=set)


def _step(parent: object, child: object) -> str:
    """How `child` is reached from `parent`: ``.name``, ``[key]``, ``[index]`` or ``->Type``."""
    if isinstance(parent, dict):
        for name, value in parent.items():
            if value is child:
                return f"[{name!r}]"
            if name is child:
                return f"<key {name!r}>"
    elif isinstance(parent, (list, tuple)):
        for index, value in enumerate(parent):
            if value is child:
                return f"[{index}]"
    else:
        attributes = getattr(parent, "__dict__", None)
        if attributes is child:
            return ""
        if isinstance(attributes, dict):  # 3.12+: get_referents gives the values, not the dict
            for name, value in attributes.items():
                if value is child:
                    return f".{name}"
        for cls in type(parent).__mro__:
            for slot in cls.__dict__.get("__slots__", ()):
                if getattr(parent, slot, None) is child:
                    return f".{slot}"
        for name in ("__cause__", "__context__", "args", "__notes__"):
            if getattr(parent, name, None) is child:
                return f".{name}"
    return f"->{type(child).__name__}"


def _path(parents: dict[int, tuple[object, object]], target: object, root_name: str) -> str:
    steps: list[str] = []
    current = target
    while id(current) in parents:
        parent, _ = parents[id(current)]
        step = _step(parent, current)
        if step.startswith("[") and type(parent) is dict and parents.get(id(parent)):
            grand = parents[id(parent)][0]
            if getattr(grand, "__dict__", None) is parent:
                step = "." + step[2:-2]  # an attribute: .name rather than .__dict__['name']
        steps.append(step)
        current = parent
    return root_name + "".join(reversed(steps))


def walk(root: object, forms: KeyForms, *, root_name: str = "result", limit: int = LIMIT) -> Walk:
    """Visit every object reachable from `root` (see the module docstring); where the key is."""
    result = Walk()
    seen: set[int] = {id(root)}
    parents: dict[int, tuple[object, object]] = {}
    todo: list[object] = [root]
    keep: list[object] = [root]  # keeps ids stable while the walk runs
    if forms.holds(root):
        result.found.append(root_name)
    while todo:
        current = todo.pop()
        result.visited += 1
        if result.visited > limit:
            result.complete = False
            break
        result.types.add(type(current).__name__)
        if forms.holds(current) is not None:
            continue  # a string or bytes: checked when it was reached
        if isinstance(current, _HOLDERS):
            result.boundaries.add(type(current).__name__)
            continue
        if isinstance(current, _OPAQUE):
            continue
        for child in gc.get_referents(current):
            if forms.holds(child):  # every edge to a string holding the key is a place (one object,
                # several holders: a request's headers and the pool's copy of them share the bytes)
                result.found.append(_path(parents, current, root_name) + _step(current, child))
            if id(child) not in seen:
                seen.add(id(child))
                keep.append(child)
                parents[id(child)] = (current, None)
                todo.append(child)
    return result


# --- the operations and their outcomes ---------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    name: str
    resource: str
    call: Callable[[Any], Any]


OPS = [
    Op("models.list", "models", lambda r: r.list()),
    Op("model_versions.list", "model_versions", lambda r: r.list(ARCH)),
    Op("model_versions.get", "model_versions", lambda r: r.get(ARCH, 1)),
    Op("model_versions.upload", "model_versions", lambda r: r.upload(ARCH, "s3://b/w/", aliases=["new"])),
    Op("model_versions.set_aliases", "model_versions", lambda r: r.set_aliases(ARCH, 1, ["prod"])),
    Op("model_versions.delete", "model_versions", lambda r: r.delete(ARCH, 2)),
    Op("endpoints.list", "endpoints", lambda r: r.list()),
    Op("endpoints.get", "endpoints", lambda r: r.get(ENDPOINT)),
    Op("endpoints.deploy", "endpoints", lambda r: r.deploy(ENDPOINT, ARCH, 1)),
]

#: Each outcome: a name and the fault injected before the call (None: the call succeeds).
OUTCOMES: list[tuple[str, Fault | None]] = [
    ("ok", None),
    ("401 echoing the key", Fault.echo_authorization(401)),
    ("500", Fault.status(500)),
    ("2xx not JSON", Fault.malformed_json(200)),
    ("connection reset", Fault.reset()),
]


def seed(server: MockServer) -> None:
    """Versions 1 and 2 (synced), so every operation above succeeds."""
    server.reset()
    server.add_model_version(ARCH)
    server.add_model_version(ARCH)


def outcomes_of(server: MockServer, op: Op, *, mode: str, raw: bool) -> list[tuple[str, object]]:
    """(outcome name, what the call returned or raised) for each of `OUTCOMES`, on one client (no
    retries) of `mode` (``sync`` or ``async``), calling the plain method or its raw form."""
    options: dict[str, Any] = {
        "api_key": KEY, "org_name": server.org_name, "base_url": server.url, "max_retries": 0
    }  # fmt: skip

    def prepare(fault: Fault | None) -> None:
        seed(server)
        if fault is not None:
            server.inject(fault)

    def target(client: Any) -> Any:
        resource = getattr(client, op.resource)
        return resource.with_raw_response if raw else resource

    results: list[tuple[str, object]] = []
    if mode == "sync":
        with ManagementClient(**options) as client:
            for name, fault in OUTCOMES:
                prepare(fault)
                try:
                    results.append((name, op.call(target(client))))
                except ManagementError as error:
                    results.append((name, error))
        return results

    async def main() -> None:
        async with AsyncManagementClient(**options) as client:
            for name, fault in OUTCOMES:
                prepare(fault)
                try:
                    pending: Awaitable[object] = op.call(target(client))
                    results.append((name, await pending))
                except ManagementError as error:
                    results.append((name, error))

    asyncio.run(main())
    return results


def main() -> int:
    """Print every walk: objects visited and where the key was found."""
    forms = KeyForms(KEY)
    total_found = 0
    with MockServer(api_key=KEY) as server:
        for op in OPS:
            for mode in ("sync", "async"):
                for raw in (False, True):
                    label = f"{op.name} {mode}{' raw' if raw else ''}"
                    for outcome, value in outcomes_of(server, op, mode=mode, raw=raw):
                        result = walk(value, forms, root_name=type(value).__name__)
                        pickled = forms.in_bytes(pickle.dumps(value))
                        total_found += len(result.found) + pickled
                        flag = "" if result.complete else " (INCOMPLETE)"
                        print(
                            f"{label:<40} {outcome:<20} visited {result.visited:>6}{flag} "
                            f"found {len(result.found)} pickled {'KEY' if pickled else 'clean'} "
                            f"boundaries {sorted(result.boundaries)}"
                        )
                        for place in result.found:
                            print(f"    {place}")
    print(f"total places holding the key: {total_found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
