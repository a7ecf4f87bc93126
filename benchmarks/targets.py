"""The two things compared: ``cerebras_management`` ("ours") and hand-written raw httpx ("raw").

Each factory yields a mapping ``{"ours": ..., "raw": ...}`` of ready-to-call operations against one
server; "ours" is left out while the wrapper is not importable (see :func:`wrapper_available`).
Both sides send the same request (``DELETE`` or ``GET`` of
``/management/v1/orgs/my-org/models/{arch}/versions/{id}``, or ``GET .../versions``) with a bearer
token, over a keep-alive connection pool, and decode the JSON body: raw httpx into dicts, ours into
its typed results.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

#: Shaped like a real key (``csk-`` and 48 letters and digits): the client searches every response for
#: an echo of its key, and that search's cost depends on the key's longest run of letters and digits
#: (a 5-character run like ``bench`` in ``bench-api-key`` costs about 4x a real key's 48).
API_KEY = "csk-" + "4x9t2m8q7w3e5r6y1u0i9o8p7a6s5d4f3g2h1j0k9l8z7x6c"[:48]
ORG_NAME = "my-org"
MODEL_ARCH_ID = "gpt-oss-120b"
VERSION_ID = 1
WRAPPER_MODULE = "cerebras_management"
RAW_MODULE = "httpx"

Item = tuple[str, int]
SyncCall = Callable[[], object]
BulkRun = Callable[[Sequence[Item]], Awaitable[Sequence[object]]]


def wrapper_available() -> bool:
    """Whether ``from cerebras_management import ManagementClient, AsyncManagementClient`` works."""
    if importlib.util.find_spec(WRAPPER_MODULE) is None:
        return False
    try:
        module = __import__(WRAPPER_MODULE)
    except Exception:  # a half-written wrapper must not break the raw-only run
        return False
    return hasattr(module, "ManagementClient") and hasattr(module, "AsyncManagementClient")


def delete_path(model_arch_id: str, version_id: int, org_name: str = ORG_NAME) -> str:
    """The URL path of the model-version DELETE endpoint."""
    return f"/management/v1/orgs/{org_name}/models/{model_arch_id}/versions/{version_id}"


def bulk_items(count: int) -> list[Item]:
    """``count`` distinct ``(model_arch_id, version_id)`` pairs to delete."""
    return [(MODEL_ARCH_ID, version) for version in range(1, count + 1)]


def _raw_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEY}"}


#: The operations timed per call: what each side calls.
OPERATIONS = ("delete", "get", "list")


def get_path(model_arch_id: str, version_id: int, org_name: str = ORG_NAME) -> str:
    """The URL path of the model-version GET endpoint (the same as the DELETE's)."""
    return delete_path(model_arch_id, version_id, org_name)


def list_path(model_arch_id: str, org_name: str = ORG_NAME) -> str:
    """The URL path of the list-model-versions endpoint."""
    return f"/management/v1/orgs/{org_name}/models/{model_arch_id}/versions"


#: The per-call target that reads with the one-pass generated reader (accelerator turned off).
ONE_PASS = "ours-one-pass"
SPEEDUPS_ENV = "CEREBRAS_MANAGEMENT_SPEEDUPS"


def speedups_available() -> bool:
    """Whether the ``speedups`` extra (msgspec) is importable here."""
    return importlib.util.find_spec("msgspec") is not None


def reader_setup() -> dict[str, Callable[[], None]]:
    """Per-target setup for `measure_per_call`: "ours" with the accelerator (when installed), the
    one-pass target without it."""

    def accelerated() -> None:
        os.environ.pop(SPEEDUPS_ENV, None)

    def one_pass() -> None:
        os.environ[SPEEDUPS_ENV] = "0"

    return {"ours": accelerated, ONE_PASS: one_pass}


@contextlib.contextmanager
def sync_targets(
    base_url: str, *, operation: str = "delete", include_ours: bool | None = None
) -> Iterator[dict[str, SyncCall]]:
    """One-call callables of `operation` (see `OPERATIONS`), each on its own long-lived client.

    Raw httpx decodes the JSON into dicts; ours returns the typed result (`DeletedModelVersion`,
    `ModelVersion`, a list of 1,000 `ModelVersion`). With msgspec installed, a get or a list also has
    `ONE_PASS`: the same call, timed with the accelerator off. Clients are closed on exit.
    """
    if operation not in OPERATIONS:
        raise ValueError(f"unknown operation {operation!r}")
    if include_ours is None:
        include_ours = wrapper_available()
    with contextlib.ExitStack() as stack:
        raw = stack.enter_context(httpx.Client(base_url=base_url, headers=_raw_headers()))
        if operation == "delete":
            path = delete_path(MODEL_ARCH_ID, VERSION_ID)

            def raw_call() -> object:
                return raw.delete(path).json()

        else:
            path = get_path(MODEL_ARCH_ID, VERSION_ID) if operation == "get" else list_path(MODEL_ARCH_ID)

            def raw_call() -> object:
                return raw.get(path).json()

        targets: dict[str, SyncCall] = {"raw": raw_call}
        if include_ours:
            from cerebras_management import ManagementClient

            ours: Any = stack.enter_context(
                ManagementClient(api_key=API_KEY, org_name=ORG_NAME, base_url=base_url, max_retries=2)
            )
            versions = ours.model_versions
            calls: dict[str, SyncCall] = {
                "delete": lambda: versions.delete(MODEL_ARCH_ID, VERSION_ID),
                "get": lambda: versions.get(MODEL_ARCH_ID, VERSION_ID),
                "list": lambda: versions.list(MODEL_ARCH_ID),
            }
            targets["ours"] = calls[operation]
            if operation != "delete" and speedups_available():
                # The same client, timed with the accelerator off (see `reader_setup`).
                targets[ONE_PASS] = calls[operation]
        yield targets


def target_names(*, include_ours: bool | None = None) -> list[str]:
    """``["raw", "ours"]``, or ``["raw"]`` while the wrapper is not importable."""
    if include_ours is None:
        include_ours = wrapper_available()
    return ["raw", "ours"] if include_ours else ["raw"]


@dataclass(frozen=True)
class PoolPin:
    """Holds a bulk client's connection pool in one state while it is measured, on both sides alike.

    Idle connections never expire (httpx's default drops them after 5 s idle, which shrinks the
    pool and makes each request cheaper, at a moment that differs between the sides), and
    ``max_connections``, when given, caps the pool (httpx's default: 100, of which 20 stay open
    when idle). httpcore's pool has no public setter for either, so this sets its private
    attributes; `pin_pool` fails loudly if they are gone.
    """

    max_connections: int | None = None


def pin_pool(client: httpx.AsyncClient, pin: PoolPin) -> None:
    """Apply `pin` to the connection pool of `client`'s default transport.

    Raises ``RuntimeError`` when httpx or httpcore no longer have the attributes it sets.
    """
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    if pool is None or not hasattr(pool, "_keepalive_expiry") or not hasattr(pool, "_max_connections"):
        raise RuntimeError("cannot pin the pool: httpx's transport or httpcore's pool has changed")
    pool._keepalive_expiry = None
    if pin.max_connections is not None:
        pool._max_connections = pin.max_connections


@contextlib.asynccontextmanager
async def bulk_target(
    name: str, base_url: str, concurrency: int, pin: PoolPin | None = None
) -> AsyncIterator[BulkRun]:
    """A bulk-delete coroutine function for target ``name`` on a new async client, closed on exit.

    ``pin``: hold the client's pool in one state (see `PoolPin`); None leaves httpx's defaults.
    """
    if name == "raw":
        async with httpx.AsyncClient(base_url=base_url, headers=_raw_headers()) as raw:
            if pin is not None:
                pin_pool(raw, pin)

            async def raw_run(items: Sequence[Item]) -> Sequence[object]:
                semaphore = asyncio.Semaphore(concurrency)

                async def one(model_arch_id: str, version_id: int) -> object:
                    async with semaphore:
                        response = await raw.delete(delete_path(model_arch_id, version_id))
                        return response.json()

                return await asyncio.gather(*(one(arch, version) for arch, version in items))

            yield raw_run
        return
    if name != "ours":
        raise ValueError(f"unknown target {name!r}")
    from cerebras_management import AsyncManagementClient

    ours: Any = AsyncManagementClient(api_key=API_KEY, org_name=ORG_NAME, base_url=base_url, max_retries=2)
    async with ours:
        if pin is not None:
            pin_pool(ours._http, pin)  # the httpx client the wrapper made (bench only: private)
        versions = ours.model_versions

        async def ours_run(items: Sequence[Item]) -> Sequence[object]:
            return list(await versions.delete_many(items, concurrency=concurrency))

        yield ours_run
