"""A spec-driven mock of the Cerebras Management API for tests (needs the ``mock`` extra).

    from cerebras_management.testing import MockServer, Fault

    with MockServer(sync_after_reads=1, rollout_after_reads=1) as server:
        version = server.add_model_version("gpt-oss-120b", aliases=["prod"])
        server.add_endpoint("my-endpoint", "gpt-oss-120b")
        server.fail_next_sync()          # the next upload ends sync_status "failed"
        server.fail_next_rollout()       # the next deploy's rollout ends state "failed"
        server.inject(Fault.status(503), times=2)
        ...  # point a client at server.url with server.api_key and server.org_name

All nine operations are served from an in-memory store, every request validated against the
amended spec; see :class:`MockServer` for the rules and the pace of syncs and rollouts.

Not imported by ``import cerebras_management``.
"""

from ._faults import Fault
from ._records import RecordedRequest
from ._server import MockServer

__all__ = ["Fault", "MockServer", "RecordedRequest"]
