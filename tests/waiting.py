"""Waiting for something another process or thread does, failing the test by name when it does not happen."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def until(check: Callable[[], bool], timeout: float = 60.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen in {timeout:.0f} s")
