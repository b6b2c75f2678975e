"""The account's remaining balance in the sidebar (GET /v1/balance), read at most once a minute and again
after each submit."""

from __future__ import annotations

import streamlit as st

from components.language import t
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


def remaining(base_url: str, client: VideoProvider) -> float | None:
    """Dollars left, when known and limited (the sidebar's figure, from the same read)."""
    return _read(base_url, client)[0]


def warn_if_short(estimate: float, base_url: str, client: VideoProvider) -> None:
    """Before a submit whose estimate exceeds what is left, a warning naming both figures."""
    left = remaining(base_url, client)
    if left is not None and estimate > left:
        st.warning(t("ui.balance.short", estimate=estimate, left=left), icon=":material/account_balance_wallet:")


def show(base_url: str, client: VideoProvider) -> None:
    remaining, simulated, why = _read(base_url, client)
    if why is not None:
        st.caption(t("ui.balance.unavailable", why=why))
    elif remaining is None:
        st.caption(t("ui.balance.unlimited"))
    else:
        st.caption(t("ui.balance.amount", amount=remaining, simulated=t("ui.simulated") if simulated else ""))
