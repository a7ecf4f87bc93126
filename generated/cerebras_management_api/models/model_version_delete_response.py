from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    Self,
    TypeVar,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="ModelVersionDeleteResponse")


@_attrs_define
class ModelVersionDeleteResponse:
    """
    Attributes:
        message (str):
    """

    message: str
    _json_names: ClassVar[dict[str, str]] = {
        "message": "message",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "ModelVersionDeleteResponse: expected an object, got "
                + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict["message"]
        if type(_value) is not str:
            raise TypeError(
                "ModelVersionDeleteResponse.message: expected a string, got "
                + type(_value).__name__
            )
        _self.message = _value

        return _self
