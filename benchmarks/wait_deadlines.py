"""Wall times of ``model_versions.wait(timeout=T)`` where the wait cannot succeed.

``python -m benchmarks.wait_deadlines [T,...]`` (default ``2,3``) waits, on loopback, for a version
that never finishes (the mock), on a server that accepts connections and never answers, and on a
503 with ``Retry-After: 10`` (the mock), sync and async, with ``max_retries`` 0, 2 and 5, and prints
one line per wait. Every wait should end in `WaitTimeoutError` on its deadline (the client's retries
and their sleeps are bounded by it). Not part of ``make bench``: it takes about 2.5 x 18 x T seconds.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import time
from collections.abc import Callable

from cerebras_management import AsyncManagementClient, ManagementClient
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"
POLL_INTERVAL = 0.5
Target = tuple[str, str, str, int]  # base URL, key, org, version id


def wait_sync(target: Target, timeout: float, max_retries: int) -> tuple[float, str]:
    url, key, org, version = target
    with ManagementClient(api_key=key, org_name=org, base_url=url, max_retries=max_retries) as client:
        started = time.monotonic()
        try:
            client.model_versions.wait(ARCH, version, timeout=timeout, poll_interval=POLL_INTERVAL)
            outcome = "returned"
        except Exception as error:
            outcome = type(error).__name__
        return time.monotonic() - started, outcome


def wait_async(target: Target, timeout: float, max_retries: int) -> tuple[float, str]:
    url, key, org, version = target

    async def main() -> tuple[float, str]:
        async with AsyncManagementClient(
            api_key=key, org_name=org, base_url=url, max_retries=max_retries
        ) as client:
            started = time.monotonic()
            try:
                await client.model_versions.wait(ARCH, version, timeout=timeout, poll_interval=POLL_INTERVAL)
                outcome = "returned"
            except Exception as error:
                outcome = type(error).__name__
            return time.monotonic() - started, outcome

    return asyncio.run(main())


def main(argv: list[str]) -> int:
    timeouts = [float(value) for value in (argv[0] if argv else "2,3").split(",")]
    runners: list[tuple[str, Callable[[Target, float, int], tuple[float, str]]]] = [
        ("sync", wait_sync),
        ("async", wait_async),
    ]
    with MockServer(sync_after_reads=None) as mock, socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(128)  # the kernel completes the handshakes; nothing ever reads or answers
        hung_target: Target = (f"http://127.0.0.1:{hung.getsockname()[1]}", "k" * 32, "my-org", 1)
        print(f"{'timeout':>7}  {'server':<22} {'mode':<5} {'max_retries':>11}  {'wall':>7}  outcome")
        for timeout in timeouts:
            for scenario in ("never-done", "hung", "503 + Retry-After: 10"):
                for mode, run in runners:
                    for max_retries in (0, 2, 5):
                        mock.reset()
                        version = mock.add_model_version(ARCH, sync_status="queued")
                        target: Target = (mock.url, mock.api_key, mock.org_name, version)
                        if scenario == "hung":
                            target = hung_target
                        elif scenario.startswith("503"):
                            mock.inject(Fault.status(503, retry_after="10"), times=1000, method="GET")
                        wall, outcome = run(target, timeout, max_retries)
                        row = f"{timeout:>7g}  {scenario:<22} {mode:<5} {max_retries:>11}  {wall:>6.2f}s"
                        print(f"{row}  {outcome}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
