"""The account's remaining balance in the sidebar (GET /v1/balance), read at most once a minute and again
after each submit."""

from __future__ import annotations

import streamlit as st

from videogen.provider.errors import ApiError
from videogen.provider.protocol import VideoProvider


@st.cache_data(ttl=60, show_spinner=False)
def _read(base_url: str, _client: VideoProvider) -> tuple[float | None, bool, str | None]:
    """(remaining dollars, simulated, why unavailable). Keyed by the base URL; the client is not hashed."""
    try:
        balance = _client.balance()
    except ApiError as error:
        return None, False, error.message
    return (None if balance.unlimited else balance.remaining), balance.simulated, None


def refresh() -> None:
    _read.clear()


def show(base_url: str, client: VideoProvider) -> None:
    remaining, simulated, why = _read(base_url, client)
    if why is not None:
        st.caption(f"Balance unavailable now: {why}")
    elif remaining is None:
        st.caption("Balance: unlimited quota")
    else:
        st.caption(f"Balance: ${remaining:,.2f}" + (" (simulated)" if simulated else ""))
