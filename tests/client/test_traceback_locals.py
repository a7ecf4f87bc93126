"""An echoed key does not survive in the frame locals of the error's traceback (issue 26, item 5).

A server echoes the key in a response header line that httpx refuses (h11 quotes the line in its
error). Tools that print tracebacks with their locals (``traceback.TracebackException(capture_locals=
True)``, ``pytest -l``, rich's ``show_locals``, Sentry's frame variables) show the ``repr`` of every
local of every frame, chained exceptions included. On the code before the fix, the original httpx error
(its message quoting the key) was still the local ``failure`` of ``send``/``send_async`` and ``error``
of ``RetryLoop.after_error``.
"""

from __future__ import annotations

import asyncio
import traceback

import pytest
from cerebras_management import APIConnectionError, AsyncManagementClient, ManagementClient, ManagementError
from key_walk import KeyForms
from raw_server import raw_server

ARCH = "gpt-oss-120b"
#: Module-level, so no frame of the test holds it as a local.
KEY = "sk-mgmt/Locals+0123456789abcdef=="
FORMS = KeyForms(KEY)
#: h11 refuses the last header line and quotes it, key included, in its error message.
ECHO = f"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nnot a header line Bearer {KEY}\r\n\r\n{{}}".encode()


def _client(mode: str, url: str, max_retries: int) -> ManagementClient | AsyncManagementClient:
    """A client of `mode` (made here: no frame of the traceback holds the key as an argument)."""
    cls = ManagementClient if mode == "sync" else AsyncManagementClient
    return cls(api_key=KEY, org_name="o", base_url=url, max_retries=max_retries)


def _call(client: ManagementClient, write: bool) -> None:
    if write:
        client.model_versions.upload(ARCH, "s3://bucket/w/")
    else:
        client.model_versions.delete(ARCH, 1)


async def _call_async(client: AsyncManagementClient, write: bool) -> None:
    if write:
        await client.model_versions.upload(ARCH, "s3://bucket/w/")
    else:
        await client.model_versions.delete(ARCH, 1)


def _raise(mode: str, url: str, max_retries: int, write: bool) -> APIConnectionError:
    """Call the server once (a delete, or an upload when `write`), return the error it raised."""
    if mode == "sync":
        sync_client = _client(mode, url, max_retries)
        assert isinstance(sync_client, ManagementClient)
        with sync_client as client, pytest.raises(APIConnectionError) as raised:
            _call(client, write)
        return raised.value

    async def main() -> None:
        async_client = _client(mode, url, max_retries)
        assert isinstance(async_client, AsyncManagementClient)
        async with async_client as client:
            await _call_async(client, write)

    with pytest.raises(APIConnectionError) as raised:
        asyncio.run(main())
    return raised.value


@pytest.mark.parametrize("write", [False, True], ids=["delete", "upload"])
@pytest.mark.parametrize("max_retries", [0, 1])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_frame_local_of_the_traceback_shows_an_echoed_key(
    mode: str, max_retries: int, write: bool
) -> None:
    with raw_server(ECHO) as url:
        error = _raise(mode, url, max_retries, write)
    shown = traceback.TracebackException.from_exception(error, capture_locals=True)
    printed = "".join(shown.format())
    local_names = {name for frame in shown.stack for name in (frame.locals or {})}
    assert {"loop", "request"} <= local_names, "the client's frames and their locals were printed"
    assert "RemoteProtocolError: illegal header line" in printed
    assert "[REDACTED]" in printed  # the echo was seen, and redacted
    assert _leaks(shown) == []
    assert not FORMS.in_text(printed)


def _leaks(shown: traceback.TracebackException) -> list[str]:
    """``frame: name = repr`` of every local showing the key, in `shown` and the exceptions chained to it."""
    leaks: list[str] = []
    todo: list[traceback.TracebackException | None] = [shown]
    while todo:
        current = todo.pop()
        if current is None:
            continue
        leaks += [
            f"{frame.name}: {name} = {value}"
            for frame in current.stack
            for name, value in (frame.locals or {}).items()
            if FORMS.in_text(value)
        ]
        todo += [current.__cause__, current.__context__]
    return leaks


Client = type[ManagementClient] | type[AsyncManagementClient]


def _construct(cls: Client, api_key: str, base_url: str) -> None:
    cls(api_key=api_key, org_name="o", base_url=base_url)


@pytest.mark.parametrize("cls", [ManagementClient, AsyncManagementClient])
@pytest.mark.parametrize(
    ("api_key", "base_url", "expected"),
    [
        (KEY, "http://api.example.com", ValueError),  # a valid key, refused settings
        (KEY, "https://api.example.com/?", ValueError),
        (KEY + "\n", "https://api.example.com", ManagementError),  # a stray newline: refused itself
        (KEY + '"', "https://api.example.com", ManagementError),
    ],
)
def test_a_refused_client_does_not_show_the_key_in_its_constructors_locals(
    cls: Client, api_key: str, base_url: str, expected: type
) -> None:
    with pytest.raises(expected) as raised:
        _construct(cls, api_key, base_url)
    shown = traceback.TracebackException.from_exception(raised.value, capture_locals=True)
    names = [frame.name for frame in shown.stack]
    assert names[1] == "_construct"
    assert {"__init__", "make_config"} <= set(names)
    # The caller's own frames hold the key (their argument: the search sees it); the library's must not.
    leaks = _leaks(shown)
    assert any(leak.startswith("_construct: api_key = ") for leak in leaks)
    assert [leak for leak in leaks if not leak.startswith(("test_a_refused", "_construct"))] == []
