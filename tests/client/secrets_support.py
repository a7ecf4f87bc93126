"""What the pinned tests of the key's hygiene (`_secrets.py`) share: fresh random keys, and a response that
may echo one. Used by test_pinned_secrets_live_keys.py, test_pinned_secrets_secret.py and
test_pinned_secrets_fast_paths.py; importable because pytest puts this directory on sys.path.
"""

from __future__ import annotations

import secrets

import httpx


def new_key(special: str = "") -> str:
    """A random key of this test's own (other tests' clients hold other keys), ending in `special`."""
    return "k" + secrets.token_hex(12) + special


def response_401(*, body: bytes, headers: list[tuple[bytes, bytes]], reason: bytes) -> httpx.Response:
    """A 401 response to a GET, with this body, these raw headers and this reason phrase."""
    return httpx.Response(
        401,
        headers=headers,
        content=body,
        request=httpx.Request("GET", "https://api.example.com/x"),
        extensions={"reason_phrase": reason, "http_version": b"HTTP/1.1"},
    )
