"""Secret hygiene: a key holder that never shows itself, and redaction of echoed keys."""

from __future__ import annotations

from typing import Any, Final

REDACTED: Final = "[REDACTED]"


class Secret:
    """Holds an API key. `repr`/`str` never show it; call `reveal()` where it must be sent."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the key itself (for the Authorization header only)."""
        return self._value

    def redact(self, text: str) -> str:
        """Return `text` with every occurrence of the key replaced by a placeholder."""
        return text.replace(self._value, REDACTED) if self._value and self._value in text else text

    def redact_json(self, value: Any) -> Any:
        """Return a copy of a parsed JSON value with the key removed from every string in it."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, list):
            return [self.redact_json(item) for item in value]
        if isinstance(value, dict):
            return {self.redact(str(k)): self.redact_json(v) for k, v in value.items()}
        return value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled: pass the key to the client in the other process")
