"""Client configuration: resolved once from arguments and the environment, then frozen."""

from __future__ import annotations

import ipaddress
import math
import os
import re
import sys
from typing import Final, NamedTuple

import httpx

from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_RETRIES_LIMIT,
    MAX_TIMEOUT,
    ORG_NAME_ENV,
)
from ._exceptions import ManagementError
from ._secrets import TOKEN_PATTERN, Secret
from ._version import __version__

_PYTHON_VERSION = ".".join(str(part) for part in sys.version_info[:3])
USER_AGENT: Final = f"cerebras-management/{__version__} Python/{_PYTHON_VERSION} httpx/{httpx.__version__}"

TimeoutTypes = float | int | httpx.Timeout


class ClientConfig(NamedTuple):
    """Everything a client needs to send requests. Immutable: `with_options` makes a changed copy.

    (A NamedTuple rather than an attrs class: it costs nothing at import time.)
    """

    api_key: Secret
    base_url: str
    org_name: str | None
    timeout: httpx.Timeout
    max_retries: int
    #: The caller's consent to send the key over plain http to a host or proxy that is not loopback.
    allow_insecure_http: bool = False

    def __repr__(self) -> str:
        return (
            f"ClientConfig(base_url={self.base_url!r}, org_name={self.org_name!r}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries})"
        )

    def headers(self) -> dict[str, str]:
        """The headers sent with every request (the key included: never log these)."""
        return {
            "Authorization": f"Bearer {self.api_key.reveal()}",
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }


def resolve_api_key(api_key: str | None) -> Secret:
    """The key from the argument, else the environment; a clear error when neither has one.

    A refused key is dropped from this frame before the error is raised: a traceback printed with
    its frames' locals must not show it (it may be a real key with a stray newline).
    """
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV)
    problem = api_key_problem(api_key)
    if problem is not None:
        del api_key
        raise problem
    assert api_key is not None  # api_key_problem refuses None
    return Secret(api_key)


def api_key_problem(api_key: object) -> Exception | None:
    """The error for a missing or malformed key (its message never echoes the value), or None."""
    if api_key is not None and not isinstance(api_key, str):
        return TypeError(f"api_key must be a str, not {type(api_key).__name__}")
    if api_key is None or not api_key.strip():
        return ManagementError(
            f"No management API key: pass api_key=... or set the environment variable {API_KEY_ENV} "
            "(create a key under 'Management API keys' on the API keys page at https://cloud.cerebras.ai)."
        )
    if not api_key.isascii() or not api_key.isprintable() or any(c.isspace() for c in api_key):
        # Never echo the value: it is (or contains) a secret.
        return ManagementError(
            "The management API key contains whitespace, control or non-ASCII characters, so it cannot be "
            f"sent in a header. Check api_key or {API_KEY_ENV} for a stray newline or quote."
        )
    if not TOKEN_PATTERN.fullmatch(api_key):
        # Only the characters of an RFC 6750 bearer token: a key echoed by a server is then found in
        # every form a JSON encoder writes (no quote or backslash to escape).
        return ManagementError(
            "The management API key has characters a bearer token cannot have (RFC 6750: letters, digits "
            f"and - . _ ~ + /, then = padding only at the end). Check api_key or {API_KEY_ENV} for a "
            "stray quote, comma or other punctuation."
        )
    return None


def resolve_org_name(org_name: str | None) -> str | None:
    """The default organization name from the argument, else env `CEREBRAS_ORG_NAME` (may be None)."""
    if org_name is None:
        org_name = os.environ.get(ORG_NAME_ENV) or None
    return org_name


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an IP address, IPv6 with or without brackets) is this machine's loopback."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _shown(base_url: str) -> str:
    """`base_url` fit for an error message: user info and anything after ``?`` or ``#`` hidden (both
    may carry a credential, and such messages reach terminals and CI logs)."""
    shown = re.sub(r"(?<=://)[^/?#]*@", "[REDACTED]@", base_url)
    return repr(re.sub(r"([?#]).+", r"\1...", shown, flags=re.S))


def resolve_base_url(base_url: str | None, *, allow_insecure_http: bool) -> str:
    """The API's base URL (argument, env, default), checked; no trailing slash."""
    if base_url is None:
        base_url = os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ValueError(f"base_url {_shown(base_url)} is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(
            f"base_url {_shown(base_url)} must be an absolute http(s) URL, e.g. {DEFAULT_BASE_URL!r}"
        )
    if "?" in base_url or "#" in base_url:
        # Even an empty one: httpx keeps "/?" as part of the URL, and paths appended after it land
        # in the query (or, after "#", nowhere).
        raise ValueError(f"base_url {_shown(base_url)} must not have a query or fragment (no '?' or '#')")
    if url.userinfo:
        # Never echo it: the user info is a credential.
        raise ValueError(
            "base_url must not contain user:password@: the management key (api_key) is the credential"
        )
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        raise ValueError(
            f"Refusing to send the management API key over plain http to {url.host!r}: use https://, or "
            "pass allow_insecure_http=True if you trust every network between you and that host."
        )
    return str(url).rstrip("/")


def resolve_timeout(timeout: TimeoutTypes) -> httpx.Timeout:
    """An `httpx.Timeout` from seconds or a Timeout; None (wait forever) is refused."""
    if isinstance(timeout, httpx.Timeout):
        phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if any(phase is None or not (0 < phase < math.inf) for phase in phases):
            raise ValueError(
                "timeout must bound every phase (connect, read, write, pool) with a positive, finite number "
                "of seconds: a phase without a limit can hang forever. Pass seconds, e.g. timeout=30, or "
                "an httpx.Timeout with all four set."
            )
        if any(phase > MAX_TIMEOUT for phase in phases if phase is not None):
            raise ValueError(_too_long(max(phase for phase in phases if phase is not None)))
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            f"timeout must be seconds (a positive number) or an httpx.Timeout, not {type(timeout).__name__}; "
            "there is no 'no timeout'"
        )
    if not 0 < timeout < math.inf:
        raise ValueError(f"timeout must be a positive, finite number of seconds, got {timeout!r}")
    if timeout > MAX_TIMEOUT:  # before float(): 10**400 would raise OverflowError
        raise ValueError(_too_long(timeout))
    seconds = float(timeout)
    return httpx.Timeout(seconds, connect=min(seconds, DEFAULT_TIMEOUT.connect or seconds))


def _too_long(seconds: float) -> str:
    shown = f"{float(seconds):g}" if seconds < 1e300 else "an absurdly large number"
    return (
        f"timeout must be at most {MAX_TIMEOUT:g} s (one day) per attempt, got {shown}: a longer one "
        "cannot be enforced (the operating system's timers overflow) and would never be useful."
    )


def resolve_max_retries(max_retries: int) -> int:
    """A validated retry count (0 to `MAX_RETRIES_LIMIT`)."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an integer >= 0, got {max_retries!r}")
    if max_retries > MAX_RETRIES_LIMIT:
        raise ValueError(
            f"max_retries must be at most {MAX_RETRIES_LIMIT}, got {max_retries}: with backoff capped "
            "near 8 s that is already over ten minutes of retrying one request."
        )
    return max_retries


def make_config(
    *,
    api_key: str | None,
    org_name: str | None,
    base_url: str | None,
    timeout: TimeoutTypes,
    max_retries: int,
    allow_insecure_http: bool,
) -> ClientConfig:
    """Resolve and validate every setting (raises before any network use).

    The key is wrapped first and its plain text dropped from this frame, so an error about another
    setting does not show it among the locals of a printed traceback.
    """
    try:
        secret = resolve_api_key(api_key)
    finally:
        del api_key
    return ClientConfig(
        api_key=secret,
        base_url=resolve_base_url(base_url, allow_insecure_http=allow_insecure_http),
        org_name=resolve_org_name(org_name),
        timeout=resolve_timeout(timeout),
        max_retries=resolve_max_retries(max_retries if max_retries is not None else DEFAULT_MAX_RETRIES),
        allow_insecure_http=allow_insecure_http,
    )


def require_org_name(org_name: str | None, default: str | None) -> str:
    """The organization for one call: the argument, else the client's default, else a clear error."""
    resolved = org_name if org_name is not None else default
    if resolved is None:
        raise ValueError(
            f"No organization name: pass org_name=... to the call or the client, or set {ORG_NAME_ENV} "
            "(the management organization *name* from the API keys page, not the org id)."
        )
    return resolved
