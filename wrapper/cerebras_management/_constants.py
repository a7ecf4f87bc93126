"""Names and defaults shared by the client modules (environment variables, timeouts, retry limits)."""

from __future__ import annotations

import httpx

API_KEY_ENV = "CEREBRAS_MANAGEMENT_API_KEY"
ORG_NAME_ENV = "CEREBRAS_ORG_NAME"
BASE_URL_ENV = "CEREBRAS_MANAGEMENT_BASE_URL"
LOG_ENV = "CEREBRAS_MANAGEMENT_LOG"

DEFAULT_BASE_URL = "https://api.cerebras.ai"

#: Connect within 5 s; every other phase of an attempt (write, read, pool wait) within 60 s.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
#: The most retries a client may be configured with.
MAX_RETRIES_LIMIT = 100
#: The longest per-attempt timeout (one day): longer ones overflow the operating system's timers.
MAX_TIMEOUT = 86_400.0

#: Backoff between attempts: 0.5 s doubling, capped at 8 s, with jitter.
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
#: The longest server-requested wait (Retry-After) the client honours before giving up.
MAX_RETRY_AFTER = 60.0

#: Response headers that carry the server's request id, in order of preference.
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")

#: Waiters (``model_versions.wait``, ``endpoints.wait_for_deployment``): the deadline and first interval.
DEFAULT_WAIT_TIMEOUT = 1800.0
DEFAULT_POLL_INTERVAL = 5.0
