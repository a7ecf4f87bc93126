"""The key never shows: not in logs (DEBUG, every logger), exceptions, tracebacks or reprs."""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import traceback

import pytest
from cerebras_management import AsyncManagementClient, ManagementClient, ManagementError
from cerebras_management._secrets import Secret
from cerebras_management.testing import Fault, MockServer

ARCH = "gpt-oss-120b"


def _faults(key: str) -> list[tuple[Fault, int]]:
    """Every kind of answer (with how many requests it should answer), some with the key in the body."""
    echoed = json.dumps({"detail": [{"loc": ["header"], "msg": f"bad token {key}"}], "key": key}).encode()
    return [
        (Fault.echo_authorization(401), 1),
        (Fault.echo_authorization(403), 1),
        (Fault.echo_authorization(500), 3),  # retried, then raised
        (Fault.status(429, retry_after="0.01"), 3),  # (0 would mean the normal backoff: slower)
        (Fault.status(503), 2),  # retried, then succeeds
        (Fault.html(502), 3),
        (Fault.malformed_json(200), 1),
        (Fault.empty(200), 1),
        (Fault.reset(), 1),
        (Fault.body(400, echoed), 1),
        (Fault.body(200, echoed[:-1]), 1),
    ]


class _Everything(logging.Handler):
    """Keeps every record of every logger, formatted as a handler would write it."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + repr(record.args) + repr(record.__dict__))


def _texts_of(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    texts += [repr(value) for value in vars(error).values()]
    return texts


def test_key_appears_nowhere(mock_server: MockServer) -> None:
    key = mock_server.api_key
    handler = _Everything()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    seen: list[str] = []
    try:
        client = ManagementClient(
            api_key=key, org_name=mock_server.org_name, base_url=mock_server.url, timeout=5
        )
        seen += [repr(client), str(client), repr(client._config), repr(client.with_options(max_retries=0))]
        for fault, times in _faults(key):
            mock_server.inject(fault, times=times)
            try:
                seen.append(repr(client.model_versions.delete(ARCH, 1)))
            except ManagementError as error:
                seen += _texts_of(error)
        version = mock_server.add_model_version(ARCH)
        seen.append(repr(client.model_versions.delete(ARCH, version)))
        client.close()

        async def bulk() -> None:
            async with AsyncManagementClient(
                api_key=key, org_name=mock_server.org_name, base_url=mock_server.url
            ) as async_client:
                seen.append(repr(async_client))
                mock_server.inject(Fault.echo_authorization(401), times=2)
                for outcome in await async_client.model_versions.delete_many(
                    [(ARCH, 1), (ARCH, 2), (ARCH, "..")]
                ):
                    seen.append(repr(outcome))
                    if outcome.error is not None:
                        seen.extend(_texts_of(outcome.error))

        asyncio.run(bulk())
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    echoed = [r for r in mock_server.requests if r.api_key == key]
    assert echoed, "the scenarios must have sent the key (so the search below means something)"
    assert any("cerebras_management" in line for line in handler.lines), "DEBUG records were captured"
    assert any("[REDACTED]" in text for text in seen), "an echoed key was seen and redacted"
    leaks = [text for text in seen + handler.lines if key in text]
    assert leaks == []


def test_log_env_variable_adds_a_debug_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    from cerebras_management import _logging

    logger = logging.getLogger("cerebras_management")
    before = list(logger.handlers)
    monkeypatch.setenv("CEREBRAS_MANAGEMENT_LOG", "debug")
    try:
        _logging.configure_from_env()
        _logging.configure_from_env()  # idempotent
        added = [h for h in logger.handlers if h not in before]
        assert len(added) == 1
        assert logger.level == logging.DEBUG
    finally:
        for handler in logger.handlers[:]:
            if handler not in before:
                logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


def test_secret_holder_never_shows_the_key() -> None:
    secret = Secret("sk-mgmt-very-secret")
    assert "very-secret" not in repr(secret)
    assert "very-secret" not in str(secret)
    assert "very-secret" not in f"{secret}"
    assert secret.redact("Bearer sk-mgmt-very-secret!") == "Bearer [REDACTED]!"
    assert secret.redact_json({"a": ["sk-mgmt-very-secret"], "sk-mgmt-very-secret": 1}) == {
        "a": ["[REDACTED]"],
        "[REDACTED]": 1,
    }
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(secret)


def test_invalid_key_error_does_not_echo_it() -> None:
    with pytest.raises(ManagementError) as raised:
        ManagementClient(api_key="sk-secret\nvalue", org_name="o", base_url="https://api.cerebras.ai")
    assert "sk-secret" not in str(raised.value)
    assert "stray newline" in str(raised.value)
