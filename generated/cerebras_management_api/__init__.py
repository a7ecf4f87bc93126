"""A client library for accessing Endpoint Management Orchestrator API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
