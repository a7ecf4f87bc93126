"""A spec-driven mock of the Cerebras Management API for tests (needs the `mock` extra).

```python
from cerebras_management.testing import MockServer, Fault

with MockServer(sync_after_reads=1, rollout_after_reads=1) as server:
    version = server.add_model_version("gpt-oss-120b", aliases=["prod"])
    server.add_endpoint("my-endpoint", "gpt-oss-120b")
    server.fail_next_sync()          # the next upload ends sync_status "failed"
    server.fail_next_rollout()       # the next deploy's rollout ends state "failed"
    server.inject(Fault.status(503), times=2)
    ...  # point a client at server.url with server.api_key and server.org_name
    assert server.requests[-1].path == "/management/v1/orgs/my-org/models"
```

All nine operations are served from an in-memory store, every request validated against the
amended spec; see [`MockServer`][cerebras_management.testing.MockServer] for the rules and the
pace of syncs and rollouts, and [`RecordedRequest`][cerebras_management.testing.RecordedRequest]
for what `server.requests` holds. With pytest, the fixtures `management_mock`,
`management_client` and `async_management_client` come ready-made (see
[`cerebras_management.pytest_plugin`][cerebras_management.pytest_plugin]).

Without the extra's packages, importing this module raises an ImportError that names the extra.
Not imported by ``import cerebras_management``.
"""

try:
    import jsonschema  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as _missing:
    raise ImportError(
        f"cerebras_management.testing (the mock server) needs the 'mock' extra, and "
        f"{_missing.name or 'one of its packages'!r} is not installed: "
        "pip install 'cerebras-management[mock]' (from a clone of the repository: pip install -e '.[mock]')",
        name=_missing.name,
    ) from None

from ._faults import Fault
from ._records import RecordedRequest
from ._server import MockServer

__all__ = ["Fault", "MockServer", "RecordedRequest"]
