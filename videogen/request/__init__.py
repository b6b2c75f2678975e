"""What is asked: a request from the form, the command line or a batch row (generation.py), checked once
into the body the API is sent (ValidRequest); the shots and videos it may give (inputs.py); a sent body read back
(body.py); a batch CSV (batch_file.py); the request carried over to every other model and priced (choosing.py)."""

from videogen.request.generation import (
    PENDING_TASK,
    PENDING_UPLOAD,
    GenerationRequest,
    InvalidRequest,
    MediaInput,
    ValidRequest,
    option_value,
)

__all__ = [
    "PENDING_TASK",
    "PENDING_UPLOAD",
    "GenerationRequest",
    "InvalidRequest",
    "MediaInput",
    "ValidRequest",
    "option_value",
]
