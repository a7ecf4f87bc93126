from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    Self,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Endpoint")


@_attrs_define
class Endpoint:
    """ 
        Attributes:
            endpoint_id (str | None): Unique identifier for the endpoint. It is used as the [`model`](https://inference-
                docs.cerebras.ai/api-reference/chat-completions#param-model) field when making an inference request.

                Example: `my-org-gpt-oss-120b`

                ```bash
                curl --location 'https://api.cerebras.ai/v1/chat/completions' \\
                --header 'Content-Type: application/json' \\
                --header "Authorization: Bearer ${CEREBRAS_API_KEY}" \\
                --data '{
                  "model": "my-org-gpt-oss-120b",
                  "messages": [{"content": "Hello!", "role": "user"}]
                }'
                ```
            model_arch_id (str | None): Name of the model architecture (e.g. `llama3.1-8b`, `gpt-oss-120b`).
            created (int | None): Unix timestamp (in seconds) when the endpoint was created.
            updated (int | None): Unix timestamp (in seconds) when the endpoint was last updated.
            org_name (str | None): Organization currently managing the endpoint.
     """

    endpoint_id: str | None = None
    model_arch_id: str | None = None
    created: int | None = None
    updated: int | None = None
    org_name: str | None = None
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, repr=False, eq=lambda extras: extras or None
    )
    _json_names: ClassVar[dict[str, str]] = {
        "endpoint_id": "endpoint_id",
        "model_arch_id": "model_arch_id",
        "created": "created",
        "updated": "updated",
        "org_name": "org_name",
    }
    _json_keys: ClassVar[frozenset[str]] = frozenset(_json_names)

    def to_dict(self) -> dict[str, Any]:
        _endpoint_id_value: str | Unset = (
            UNSET if self.endpoint_id is None else self.endpoint_id
        )
        endpoint_id = _endpoint_id_value

        _model_arch_id_value: str | Unset = (
            UNSET if self.model_arch_id is None else self.model_arch_id
        )
        model_arch_id = _model_arch_id_value

        _created_value: int | Unset = UNSET if self.created is None else self.created
        created = _created_value

        _updated_value: int | Unset = UNSET if self.updated is None else self.updated
        updated = _updated_value

        _org_name_value: str | Unset = UNSET if self.org_name is None else self.org_name
        org_name = _org_name_value

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if endpoint_id is not UNSET:
            field_dict["endpoint_id"] = endpoint_id
        if model_arch_id is not UNSET:
            field_dict["model_arch_id"] = model_arch_id
        if created is not UNSET:
            field_dict["created"] = created
        if updated is not UNSET:
            field_dict["updated"] = updated
        if org_name is not UNSET:
            field_dict["org_name"] = org_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, _consume: bool = False) -> Self:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(
                "Endpoint: expected an object, got " + type(src_dict).__name__
            )
        _self = cls.__new__(cls)
        _value = src_dict.get("endpoint_id")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "Endpoint.endpoint_id: expected a string, got "
                    + type(_value).__name__
                )
        _self.endpoint_id = _value
        _value = src_dict.get("model_arch_id")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "Endpoint.model_arch_id: expected a string, got "
                    + type(_value).__name__
                )
        _self.model_arch_id = _value
        _value = src_dict.get("created")
        if _value is not None:
            if type(_value) is not int:
                raise TypeError(
                    "Endpoint.created: expected an integer, got "
                    + type(_value).__name__
                )
        _self.created = _value
        _value = src_dict.get("updated")
        if _value is not None:
            if type(_value) is not int:
                raise TypeError(
                    "Endpoint.updated: expected an integer, got "
                    + type(_value).__name__
                )
        _self.updated = _value
        _value = src_dict.get("org_name")
        if _value is not None:
            if type(_value) is not str:
                raise TypeError(
                    "Endpoint.org_name: expected a string, got " + type(_value).__name__
                )
        _self.org_name = _value
        if cls._json_keys.issuperset(src_dict):
            _self._additional_properties = None
        else:
            _self._additional_properties = {
                key: value
                for key, value in src_dict.items()
                if key not in cls._json_names
            }
        return _self

    def __repr__(self) -> str:
        extra = (
            f", additional_properties={self._additional_properties!r}"
            if self._additional_properties
            else ""
        )
        return (
            f"{type(self).__qualname__}("
            f"endpoint_id={self.endpoint_id!r}, "
            f"model_arch_id={self.model_arch_id!r}, "
            f"created={self.created!r}, "
            f"updated={self.updated!r}, "
            f"org_name={self.org_name!r}"
            f"{extra})"
        )

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The properties the schema does not declare, by JSON name (the dict is made on first use)."""
        extras = self._additional_properties
        if extras is None:
            extras = self._additional_properties = {}
        return extras

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self._additional_properties or ())

    def __getitem__(self, key: str) -> Any:
        extras = self._additional_properties
        if extras is None:
            raise KeyError(key)
        return extras[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        extras = self._additional_properties
        if extras is None:
            raise KeyError(key)
        del extras[key]

    def __contains__(self, key: str) -> bool:
        extras = self._additional_properties
        return extras is not None and key in extras
