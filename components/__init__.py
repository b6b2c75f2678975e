"""Reusable UI pieces: each module exposes show(..., key=...) and owns its session_state keys."""
