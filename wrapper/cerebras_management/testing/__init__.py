"""A spec-driven mock of the Cerebras Management API for tests (needs the ``mock`` extra).

    from cerebras_management.testing import MockServer, Fault

    with MockServer() as server:
        version = server.add_model_version("gpt-oss-120b", aliases=["prod"])
        server.inject(Fault.status(503), times=2)
        ...  # point a client at server.url with server.api_key and server.org_name

Not imported by ``import cerebras_management``.
"""

from ._faults import Fault
from ._records import RecordedRequest
from ._server import MockServer

__all__ = ["Fault", "MockServer", "RecordedRequest"]
