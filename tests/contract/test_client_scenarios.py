"""Client scenarios against the target: what a user's script does, through the wrapper, sync and async.

Each scenario reads everything the key can see: every architecture, up to READ_CAP versions of each
(each listed version read once), every endpoint (each read once), and checks that the typed results
agree with what was listed. A failing read does not stop it: the raw body still lists what to read
next, and every failure is reported at the end, so a run against a drifting server judges it whole.

In a recording run (CONTRACT_RECORD=DIR) each scenario is also recorded as a vcrpy cassette under
DIR/cassettes/ (redacted like the evidence); `make contract-replay CASSETTES=DIR` replays them with
the network blocked, and a request missing from the recording fails, naming it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import contract_recording
import httpx
import pytest
from cerebras_management import (
    AsyncManagementClient,
    ManagementClient,
    ManagementError,
    parse_model_version_name,
    types,
)
from contract_support import READ_CAP, Target

pytestmark = [pytest.mark.contract]
if contract_recording.cassette_dir() is not None:
    pytestmark.append(pytest.mark.vcr)

#: Concurrent reads of the async scenario.
CONCURRENCY = 4


@pytest.fixture(autouse=True)
def _cassette(vcr: Any) -> Iterator[None]:
    """Count the test's cassette (pytest-recording's ``vcr`` fixture) for the run's summary; in a
    replay, refuse every connection and name lookup while the test runs."""
    if contract_recording.replay_dir() is not None:
        yield from contract_recording.block_sockets()
    else:
        yield
    contract_recording.count_cassette(vcr)


class Seen:
    """The last response a client received (read): what to read next when a typed read failed."""

    def __init__(self) -> None:
        self.last: httpx.Response | None = None

    def hook(self, response: httpx.Response) -> None:
        response.read()
        self.last = response

    async def async_hook(self, response: httpx.Response) -> None:
        await response.aread()
        self.last = response

    def listed(self, field: str, key: str | None = None) -> list[Any]:
        """``field`` of the last JSON body (``key`` of each item), or [] when it is not there."""
        try:
            body = self.last.json() if self.last is not None else None
        except ValueError:
            return []
        items = body.get(field) if isinstance(body, dict) else None
        if not isinstance(items, list):
            return []
        if key is None:
            return [item for item in items if isinstance(item, str)]
        return [item[key] for item in items if isinstance(item, dict) and isinstance(item.get(key), str)]


class Problems(list[str]):
    """Failures of a scenario, reported together at its end."""

    def attempt(self, label: str, call: Any) -> Any:
        try:
            return call()
        except ManagementError as error:
            self.append(f"{label}: {type(error).__name__}: {error}")
            return None

    async def attempt_async(self, label: str, call: Any) -> Any:
        try:
            return await call()
        except ManagementError as error:
            self.append(f"{label}: {type(error).__name__}: {error}")
            return None

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.append(message)

    def report(self, read: int) -> None:
        assert read > 0, "the scenario read nothing: no architecture or endpoint was listed"
        assert not self, f"{len(self)} failure(s) in {read} reads:\n" + "\n".join(self)


def _version_id(name: str) -> str:
    return name.rsplit("/", 1)[1]


def _check_version(problems: Problems, arch: str, name: str, got: Any) -> None:
    if got is None:
        return
    problems.check(isinstance(got, types.ModelVersion), f"get {name}: not a ModelVersion: {got!r}")
    problems.check(got.name == name, f"get {name}: the version read is {got.name!r}")
    ref = parse_model_version_name(got.name)
    problems.check(
        (ref.model_arch_id, str(ref.version_id)) == (arch, _version_id(name)),
        f"get {name}: its name parses as {ref}",
    )


def _check_endpoint(problems: Problems, endpoint_id: str, got: Any) -> None:
    if got is not None:
        problems.check(isinstance(got, types.EndpointStatus), f"get endpoint {endpoint_id}: {got!r}")
        problems.check(
            got.name == endpoint_id, f"get endpoint {endpoint_id}: the endpoint read is {got.name!r}"
        )


def test_read_everything(target: Target) -> None:
    contract_recording.write_replay_meta(target.base_url, target.org_name)
    seen, problems, read = Seen(), Problems(), 0
    hooks = [seen.hook, *contract_recording.scenario_hooks(is_async=False)]
    http = httpx.Client(base_url=target.base_url, event_hooks={"response": hooks})
    with (
        http,
        ManagementClient(
            api_key=target.api_key, org_name=target.org_name, base_url=target.base_url, http_client=http
        ) as client,
    ):
        listed = problems.attempt("models.list", client.models.list)
        architectures = seen.listed("model_architectures")
        problems.check(listed in (None, architectures), f"models.list: {listed} != {architectures}")
        for arch in architectures:
            versions = problems.attempt(
                f"model_versions.list {arch}", lambda a=arch: client.model_versions.list(a)
            )
            names = [n for n in seen.listed("model_versions", "name") if "/versions/" in n][:READ_CAP]
            if versions is not None:
                problems.check([v.name for v in versions][:READ_CAP] == names, f"list {arch}: names differ")
            for name in names:
                got = problems.attempt(
                    f"model_versions.get {name}",
                    lambda a=arch, n=name: client.model_versions.get(a, _version_id(n)),
                )
                _check_version(problems, arch, name, got)
                read += 1
        endpoints = problems.attempt("endpoints.list", client.endpoints.list)
        endpoint_ids = seen.listed("endpoints", "endpoint_id")
        if endpoints is not None:
            problems.check([e.endpoint_id for e in endpoints] == endpoint_ids, "endpoints.list: ids differ")
        for endpoint_id in endpoint_ids:
            got = problems.attempt(
                f"endpoints.get {endpoint_id}", lambda e=endpoint_id: client.endpoints.get(e)
            )
            _check_endpoint(problems, endpoint_id, got)
            read += 1
    problems.report(read)


def test_read_everything_async(target: Target) -> None:
    problems = Problems()

    async def scenario() -> int:
        seen = Seen()
        hooks = [seen.async_hook, *contract_recording.scenario_hooks(is_async=True)]
        limit = asyncio.Semaphore(CONCURRENCY)
        async with (
            httpx.AsyncClient(base_url=target.base_url, event_hooks={"response": hooks}) as http,
            AsyncManagementClient(
                api_key=target.api_key, org_name=target.org_name, base_url=target.base_url, http_client=http
            ) as client,
        ):

            async def get_version(arch: str, name: str) -> None:
                async with limit:
                    got = await problems.attempt_async(
                        f"model_versions.get {name}",
                        lambda: client.model_versions.get(arch, _version_id(name)),
                    )
                _check_version(problems, arch, name, got)

            async def get_endpoint(endpoint_id: str) -> None:
                async with limit:
                    got = await problems.attempt_async(
                        f"endpoints.get {endpoint_id}", lambda: client.endpoints.get(endpoint_id)
                    )
                _check_endpoint(problems, endpoint_id, got)

            await problems.attempt_async("models.list", client.models.list)
            reads = []
            for arch in seen.listed("model_architectures"):
                await problems.attempt_async(
                    f"model_versions.list {arch}", lambda a=arch: client.model_versions.list(a)
                )
                names = [n for n in seen.listed("model_versions", "name") if "/versions/" in n][:READ_CAP]
                reads += [get_version(arch, name) for name in names]
            await problems.attempt_async("endpoints.list", client.endpoints.list)
            reads += [get_endpoint(endpoint_id) for endpoint_id in seen.listed("endpoints", "endpoint_id")]
            await asyncio.gather(*reads)
            return len(reads)

    problems.report(asyncio.run(scenario()))
