"""The sandbox: an HTTP server that answers like APIMart (simulator.py), its rules (rules.py, the same
validation as the client plus the API's own refusals), its tasks (tasks.py) and their store (store.py); the clip
it renders from each request (render.py)."""

from videogen.provider.sandbox.rules import MARKERS

__all__ = ["MARKERS"]
