"""Contains all the data models used in inputs/outputs"""

from .error_response import ErrorResponse
from .model_version_delete_response import ModelVersionDeleteResponse

__all__ = (
    "ErrorResponse",
    "ModelVersionDeleteResponse",
)
