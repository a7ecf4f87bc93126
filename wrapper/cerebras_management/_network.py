"""What lies between the sync client and the server: the attempt deadline at the socket, and proxies.

The attempt deadline. httpx's timeouts bound each network operation (one read, one write), so a
server that sends a header line every 0.4 s never trips a 1 s read timeout. The async client wraps
the whole attempt in ``asyncio.timeout``; the sync client cannot interrupt a blocking call, so it
bounds every blocking call instead: `bound_attempts` wraps the network backend of the httpx
client's connection pools (`_bounded_io`), and each connect, TLS handshake, read and write then
waits at most until the deadline of the attempt running on this thread (`_deadline.enter_attempt`),
failing with a timeout once it has passed. No thread or timer is involved; outside an attempt the wrapper
passes calls through.

Proxies. httpx routes requests through proxies from the environment (``HTTP_PROXY``,
``ALL_PROXY``, ...) or its ``proxy=``/``mounts=``; for a plain ``http://`` base URL the key then
travels to the proxy as readable as the request itself. `check_proxy` applies the plain-http guard
to that hop.

Both read httpx and httpcore internals (``Client._transport``/``_mounts``/``_transport_for_url``,
``HTTPTransport._pool``, ``ConnectionPool._network_backend``, ``HTTPProxy._proxy_url``), stable since
httpx 0.23/httpcore 0.17, and do nothing where they are absent (a custom transport).
"""

from __future__ import annotations

import httpx

from ._config import is_loopback


def _transports(http: httpx.Client | httpx.AsyncClient) -> list[object]:
    transports: list[object] = [getattr(http, "_transport", None)]
    transports += list(getattr(http, "_mounts", {}).values())
    return [transport for transport in transports if transport is not None]


def bound_attempts(http: httpx.Client) -> None:
    """Make every connection `http` opens from now on end its blocking calls by the attempt deadline.

    Idempotent; a transport that is not httpx's own is left alone (its body reads are still checked
    against the deadline, see ``_transport``).
    """
    # Imported here: httpcore (which it needs) is loaded by httpx only when a client is made.
    from ._bounded_io import bound_pool

    for transport in _transports(http):
        bound_pool(getattr(transport, "_pool", None))


def check_proxy(http: httpx.Client | httpx.AsyncClient, base_url: str, *, allow_insecure_http: bool) -> None:
    """Refuse a plain-http base URL reached through a proxy that is not loopback, over plain http.

    Over an ``http://`` proxy (or a SOCKS one: no encryption either) the request, key included, is
    readable on the way to the proxy. An ``https://`` base URL is tunnelled through TLS, so any proxy
    is fine for it.
    """
    if allow_insecure_http or not base_url.startswith("http://"):
        return
    transport_for_url = getattr(http, "_transport_for_url", None)
    if transport_for_url is None:
        return
    transport = transport_for_url(httpx.URL(base_url))
    proxy_url = getattr(getattr(transport, "_pool", None), "_proxy_url", None)
    if proxy_url is None:
        return
    scheme, host = proxy_url.scheme.decode("ascii"), proxy_url.host.decode("ascii")
    if scheme != "https" and not is_loopback(host):
        raise ValueError(
            f"Refusing to send the management API key over plain http through the proxy at {host!r} "
            f"({scheme}://, from HTTP_PROXY/ALL_PROXY or the http_client's proxy): use an https:// "
            "base_url or proxy, exclude the host with NO_PROXY, or pass allow_insecure_http=True if you "
            "trust every network between you and the proxy."
        )
