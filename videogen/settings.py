"""Configuration: the environment first, then top-level keys of .streamlit/secrets.toml."""

from __future__ import annotations

import os
import time
import tomllib
from functools import lru_cache
from pathlib import Path

DEFAULT_BASE_URL = "https://api.apimart.ai"
SECRETS_FILES = (Path(".streamlit/secrets.toml"), Path.home() / ".streamlit/secrets.toml")


@lru_cache(maxsize=8)
def _parsed(path: Path, mtime_ns: int) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


LOOK_AGAIN = 1.0  # seconds between two looks at the secrets files (a page run reads about 30 settings)
_looked: tuple[float, tuple, dict] = (float("-inf"), (), {})  # when, which files, what they said


def _secrets() -> dict:
    # A missing or unreadable secrets file is normal: it simply contributes nothing. Each file is parsed
    # again only when it changes, and the files are looked at again at most once a second: a page run reads
    # about 30 settings, and two stats each were half a millisecond of the Generate page's 15 (issue 30).
    global _looked
    now = time.monotonic()
    if now - _looked[0] < LOOK_AGAIN and _looked[1] is SECRETS_FILES:
        return _looked[2]
    merged: dict = {}
    for path in reversed(SECRETS_FILES):
        try:
            mtime_ns = path.stat().st_mtime_ns
        except OSError:
            continue
        merged.update(_parsed(path, mtime_ns))
    _looked = (now, SECRETS_FILES, merged)
    return merged


def setting(name: str, default: str | None = None) -> str | None:
    """One configuration value: the environment wins over the secrets file; blank means unset."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        value = _secrets().get(name)
    if value is None or not str(value).strip():
        return default
    return str(value).strip()


def api_key() -> str | None:
    return setting("APIMART_API_KEY")


def base_url() -> str:
    return (setting("APIMART_BASE_URL", DEFAULT_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")


def data_dir() -> Path:
    return Path(setting("VIDEOGEN_DATA_DIR", "data") or "data")


def database_url() -> str | None:
    """`VIDEOGEN_DATABASE_URL`: a `postgresql://` URL puts the store in PostgreSQL (a team, several
    replicas); unset, the store is the SQLite file in the data folder."""
    return setting("VIDEOGEN_DATABASE_URL") or None


LEASE_SECONDS = 30.0  # the default hold of a replica on the tasks it follows and on the batch queue's sending


def lease_seconds() -> float:
    """`VIDEOGEN_LEASE_SECONDS`: how long a replica holds the tasks it follows without renewing them (each
    round renews): after a replica dies, another takes its tasks over within this time. Default 30."""
    try:
        return max(2.0, float(setting("VIDEOGEN_LEASE_SECONDS", str(LEASE_SECONDS)) or LEASE_SECONDS))
    except ValueError:
        return LEASE_SECONDS


SANDBOX_SECONDS = 15.0


def sandbox_seconds() -> float:
    """`VIDEOGEN_SANDBOX_SECONDS`: how long the sandbox takes to make a video (from submit to completed), so a
    rehearsal can be quick or as slow as the real thing. Default 15; between 1 and 600."""
    try:
        value = float(setting("VIDEOGEN_SANDBOX_SECONDS", str(SANDBOX_SECONDS)) or SANDBOX_SECONDS)
    except ValueError:
        return SANDBOX_SECONDS
    return min(600.0, max(1.0, value))


def allow_private_urls() -> bool:
    return setting("VIDEOGEN_ALLOW_PRIVATE_URLS", "0") in {"1", "true", "yes", "on"}


DEFAULT_BATCH_PER_MINUTE = 10


def batch_per_minute() -> int:
    """Requests per minute a batch is sent at, unless chosen otherwise when it is queued."""
    try:
        value = int(setting("VIDEOGEN_BATCH_PER_MINUTE", str(DEFAULT_BATCH_PER_MINUTE)) or DEFAULT_BATCH_PER_MINUTE)
    except ValueError:
        return DEFAULT_BATCH_PER_MINUTE
    return min(max(value, 1), 600)


BALANCE_UNITS = ("usd", "cny", "credits", "tokens")


def balance_unit() -> str:
    """`VIDEOGEN_BALANCE_UNIT`: what APIMart's balance figure counts on this account (its page: "USD / CNY /
    Tokens, by system configuration"; its summary says credits). US dollars unless told: only a dollar figure
    is ever compared with a dollar estimate. An unknown word is taken as USD."""
    value = (setting("VIDEOGEN_BALANCE_UNIT", "usd") or "usd").strip().lower()
    return value if value in BALANCE_UNITS else "usd"
