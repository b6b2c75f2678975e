"""The sandbox: an HTTP server that answers like APIMart (simulator.py), its rules (rules.py, the same
validation as the client plus the API's own refusals), its tasks (tasks.py) and their store (store.py)."""

from videogen.provider.sandbox.rules import MARKERS
from videogen.provider.sandbox.simulator import SAMPLE_SECONDS

__all__ = ["MARKERS", "SAMPLE_SECONDS"]
