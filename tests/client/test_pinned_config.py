"""Exact decisions of the client configuration (`_config.py`): values, boundaries and messages.

Table-driven: each row is one decision a future edit could silently change (the Accept header, the
timeout that each phase gets, where a timeout or retry count stops being accepted).
"""

from __future__ import annotations

import math
import re
import sys

import httpx
import pytest
from cerebras_management import ManagementClient, ManagementError
from cerebras_management._config import (
    USER_AGENT,
    ClientConfig,
    is_loopback,
    make_config,
    require_org_name,
    resolve_api_key,
    resolve_base_url,
    resolve_max_retries,
    resolve_org_name,
    resolve_timeout,
)
from cerebras_management._version import __version__
from cerebras_management.testing import MockServer

KEY = "pinned-key-0123456789"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CEREBRAS_MANAGEMENT_API_KEY", "CEREBRAS_ORG_NAME", "CEREBRAS_MANAGEMENT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def _config(**overrides: object) -> ClientConfig:
    kwargs: dict[str, object] = {
        "api_key": KEY,
        "org_name": "org",
        "base_url": "https://api.example.com",
        "timeout": 30,
        "max_retries": 2,
        "allow_insecure_http": False,
    }
    kwargs.update(overrides)
    return make_config(**kwargs)  # type: ignore[arg-type]


# --- headers -------------------------------------------------------------------------------------


def test_headers_are_exactly_bearer_user_agent_and_json_accept() -> None:
    assert _config().headers() == {
        "Authorization": f"Bearer {KEY}",
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
    }


def test_user_agent_names_package_python_and_httpx_versions() -> None:
    python = ".".join(str(p) for p in sys.version_info[:3])
    assert f"cerebras-management/{__version__} Python/{python} httpx/{httpx.__version__}" == USER_AGENT


def test_headers_reach_the_server(mock_server: MockServer) -> None:
    with ManagementClient(
        api_key=mock_server.api_key, org_name=mock_server.org_name, base_url=mock_server.url
    ) as client:
        client.models.list()
    [request] = mock_server.requests
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["accept"] == "application/json"
    assert headers["user-agent"] == USER_AGENT
    assert headers["authorization"] == f"Bearer {mock_server.api_key}"


def test_repr_shows_settings_and_hides_the_key() -> None:
    config = _config(timeout=7)
    assert repr(config) == (
        "ClientConfig(base_url='https://api.example.com', org_name='org', "
        f"timeout={httpx.Timeout(7.0, connect=5.0)!r}, max_retries=2)"
    )
    assert KEY not in repr(config)


# --- timeouts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (30, httpx.Timeout(30.0, connect=5.0)),
        (0.25, httpx.Timeout(0.25, connect=0.25)),  # sub-second: connect never longer than the whole
        (0.001, httpx.Timeout(0.001, connect=0.001)),
        (4.5, httpx.Timeout(4.5, connect=4.5)),
        (5, httpx.Timeout(5.0, connect=5.0)),  # the boundary: connect is the smaller of the two
        (5.5, httpx.Timeout(5.5, connect=5.0)),
        (86_400, httpx.Timeout(86_400.0, connect=5.0)),  # exactly the maximum is accepted
    ],
)
def test_seconds_become_a_timeout_per_phase(given: float, expected: httpx.Timeout) -> None:
    timeout = resolve_timeout(given)
    assert timeout == expected
    assert isinstance(timeout.read, float)


def test_an_httpx_timeout_is_kept_as_given() -> None:
    given = httpx.Timeout(3.0, connect=1.0, read=2.0, write=3.0, pool=86_400.0)
    assert resolve_timeout(given) is given


@pytest.mark.parametrize("bad", [0, 0.0, -1, -0.5, math.inf, math.nan, -math.inf])
def test_non_positive_or_infinite_seconds_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="timeout must be a positive, finite number of seconds, got "):
        resolve_timeout(bad)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (86_400.001, "86400"),
        (86_401, "86401"),
        (9.99e299, "9.99e+299"),
        (1e300, "an absurdly large number"),  # from 1e300 on, the number is not written out
        (10**400, "an absurdly large number"),  # float() of it would overflow
    ],
)
def test_more_than_a_day_is_refused(bad: float, shown: str) -> None:
    with pytest.raises(
        ValueError, match=r"timeout must be at most 86400 s \(one day\) per attempt, got "
    ) as info:
        resolve_timeout(bad)
    assert str(info.value) == (
        f"timeout must be at most 86400 s (one day) per attempt, got {shown}: a longer one "
        "cannot be enforced (the operating system's timers overflow) and would never be useful."
    )


@pytest.mark.parametrize("bad", [True, False, None, "30", [30]])
def test_timeout_of_another_type_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="there is no 'no timeout'") as info:
        resolve_timeout(bad)  # type: ignore[arg-type]
    assert str(info.value) == (
        f"timeout must be seconds (a positive number) or an httpx.Timeout, not {type(bad).__name__}; "
        "there is no 'no timeout'"
    )


@pytest.mark.parametrize(
    "phases",
    [
        {"connect": None, "read": 1.0, "write": 1.0, "pool": 1.0},
        {"connect": 1.0, "read": None, "write": 1.0, "pool": 1.0},
        {"connect": 1.0, "read": 1.0, "write": None, "pool": 1.0},
        {"connect": 1.0, "read": 1.0, "write": 1.0, "pool": None},
        {"connect": 0.0, "read": 1.0, "write": 1.0, "pool": 1.0},
        {"connect": 1.0, "read": math.inf, "write": 1.0, "pool": 1.0},
        {"connect": 1.0, "read": 1.0, "write": -1.0, "pool": 1.0},
    ],
)
def test_an_httpx_timeout_must_bound_every_phase(phases: dict[str, float | None]) -> None:
    with pytest.raises(
        ValueError, match=r"timeout must bound every phase \(connect, read, write, pool\)"
    ) as info:
        resolve_timeout(httpx.Timeout(**phases))
    assert str(info.value) == (
        "timeout must bound every phase (connect, read, write, pool) with a positive, finite number "
        "of seconds: a phase without a limit can hang forever. Pass seconds, e.g. timeout=30, or "
        "an httpx.Timeout with all four set."
    )


@pytest.mark.parametrize("phase", ["connect", "read", "write", "pool"])
def test_an_httpx_timeout_phase_over_a_day_is_refused(phase: str) -> None:
    phases = {"connect": 1.0, "read": 1.0, "write": 1.0, "pool": 1.0, phase: 90_000.0}
    with pytest.raises(ValueError, match=r"at most 86400 s .* got 90000:"):
        resolve_timeout(httpx.Timeout(**phases))


# --- retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("good", [0, 1, 2, 100])
def test_retry_counts_accepted(good: int) -> None:
    assert resolve_max_retries(good) == good


@pytest.mark.parametrize("bad", [True, False, 2.5, 2.0, "2", -1, None])
def test_retry_counts_refused_with_the_value_named(bad: object) -> None:
    with pytest.raises(ValueError, match=f"max_retries must be an integer >= 0, got {bad!r}$"):
        resolve_max_retries(bad)  # type: ignore[arg-type]


def test_more_than_a_hundred_retries_refused() -> None:
    with pytest.raises(ValueError, match="max_retries must be at most 100, got 101: ") as info:
        resolve_max_retries(101)
    assert str(info.value) == (
        "max_retries must be at most 100, got 101: with backoff capped "
        "near 8 s that is already over ten minutes of retrying one request."
    )


@pytest.mark.parametrize("bad", [True, 2.5])
def test_client_refuses_bool_and_float_retry_counts(bad: object) -> None:
    with pytest.raises(ValueError, match="max_retries must be an integer"):
        ManagementClient(api_key=KEY, max_retries=bad)  # type: ignore[arg-type]


def test_max_retries_none_means_the_default() -> None:
    assert _config(max_retries=None).max_retries == 2
    assert _config(max_retries=5).max_retries == 5
    assert _config(max_retries=0).max_retries == 0


# --- key, org, base URL --------------------------------------------------------------------------


def test_key_from_argument_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_MANAGEMENT_API_KEY", "from-env")
    assert resolve_api_key(KEY).reveal() == KEY
    assert resolve_api_key(None).reveal() == "from-env"


def test_key_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"^api_key must be a str, not bytes$"):
        resolve_api_key(b"abc")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "   ", "\t"])
def test_blank_key_names_the_variable(bad: str) -> None:
    with pytest.raises(
        ManagementError, match=r"No management API key: pass api_key=\.\.\. or set the environment"
    ) as info:
        resolve_api_key(bad)
    assert str(info.value) == (
        "No management API key: pass api_key=... or set the environment variable CEREBRAS_MANAGEMENT_API_KEY "
        "(create a key under 'Management API keys' on the API keys page at https://cloud.cerebras.ai)."
    )


@pytest.mark.parametrize("bad", ["ab cd", "abc\n", "ab\x00", "äbc", "ab\tc"])
def test_unsendable_key_refused_without_echo(bad: str) -> None:
    with pytest.raises(ManagementError, match="whitespace, control or non-ASCII") as info:
        resolve_api_key(bad)
    assert str(info.value) == (
        "The management API key contains whitespace, control or non-ASCII characters, so it cannot be "
        "sent in a header. Check api_key or CEREBRAS_MANAGEMENT_API_KEY for a stray newline or quote."
    )


@pytest.mark.parametrize("bad", ['ab"c', "ab,c", "a=b", "ab\\c"])
def test_non_token_key_refused_without_echo(bad: str) -> None:
    with pytest.raises(ManagementError, match="characters a bearer token cannot have") as info:
        resolve_api_key(bad)
    assert str(info.value) == (
        "The management API key has characters a bearer token cannot have (RFC 6750: letters, digits "
        "and - . _ ~ + /, then = padding only at the end). Check api_key or CEREBRAS_MANAGEMENT_API_KEY "
        "for a stray quote, comma or other punctuation."
    )


@pytest.mark.parametrize("good", ["abc", "a-b.c_d~e+f/g", "abc==", "A1"])
def test_token_keys_accepted(good: str) -> None:
    assert resolve_api_key(good).reveal() == good


def test_org_name_argument_then_environment_then_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_org_name(None) is None
    monkeypatch.setenv("CEREBRAS_ORG_NAME", "")
    assert resolve_org_name(None) is None
    monkeypatch.setenv("CEREBRAS_ORG_NAME", "env-org")
    assert resolve_org_name(None) == "env-org"
    assert resolve_org_name("arg-org") == "arg-org"


def test_require_org_name_prefers_the_call_then_the_client() -> None:
    assert require_org_name("call", "client") == "call"
    assert require_org_name(None, "client") == "client"
    assert require_org_name("", "client") == ""
    with pytest.raises(
        ValueError, match=r"No organization name: pass org_name=\.\.\. .* CEREBRAS_ORG_NAME"
    ) as info:
        require_org_name(None, None)
    assert str(info.value) == (
        "No organization name: pass org_name=... to the call or the client, or set CEREBRAS_ORG_NAME "
        "(the management organization *name* from the API keys page, not the org id)."
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("[::1]", True),
        ("LOCALHOST.example", False),
        ("10.0.0.1", False),
        ("api.cerebras.ai", False),
        ("[2001:db8::1]", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (None, None, "https://api.cerebras.ai"),
        (None, "", "https://api.cerebras.ai"),
        (None, "https://env.example/", "https://env.example"),
        ("https://arg.example/base//", "https://env.example", "https://arg.example/base"),
        ("http://127.0.0.1:9/", None, "http://127.0.0.1:9"),
        ("https://h.example/BOX/", None, "https://h.example/BOX"),  # only slashes are stripped
    ],
)
def test_base_url_resolution(
    given: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is not None:
        monkeypatch.setenv("CEREBRAS_MANAGEMENT_BASE_URL", env)
    assert resolve_base_url(given, allow_insecure_http=False) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://x", "must be an absolute http(s) URL, e.g. 'https://api.cerebras.ai'"),
        ("https://", "must be an absolute http(s) URL"),
        ("https://x/?", "must not have a query or fragment (no '?' or '#')"),
        ("https://x/#", "must not have a query or fragment"),
        (
            "https://u:p@x",
            "base_url must not contain user:password@: the management key (api_key) is the credential",
        ),
        (
            "http://api.example.com",
            "Refusing to send the management API key over plain http to 'api.example.com': use https://, or "
            "pass allow_insecure_http=True if you trust every network between you and that host.",
        ),
        ("http://[::", "is not a valid URL"),
    ],
)
def test_base_url_refusals(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        resolve_base_url(url, allow_insecure_http=False)
    assert "u:p" not in str(info.value)
    if not message.startswith("must") and "valid URL" not in message:
        assert str(info.value) == message  # the whole text: it names the fix


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("ftp://user:secret@host/x?token=abc", "'ftp://[REDACTED]@host/x?...'"),
        ("ftp://host/x#frag", "'ftp://host/x#...'"),
        ("ftp://host/x?a\nb", "'ftp://host/x?...'"),
    ],
)
def test_refused_url_is_shown_without_credentials(url: str, shown: str) -> None:
    with pytest.raises(ValueError, match=r"^base_url ") as info:
        resolve_base_url(url, allow_insecure_http=False)
    assert str(info.value).startswith(f"base_url {shown} ")


def test_plain_http_allowed_with_consent() -> None:
    assert resolve_base_url("http://api.example.com/", allow_insecure_http=True) == "http://api.example.com"
    assert _config(base_url="http://api.example.com", allow_insecure_http=True).allow_insecure_http is True
    assert _config().allow_insecure_http is False
