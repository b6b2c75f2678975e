"""The account's remaining balance in the sidebar (GET /v1/balance), read at most once a minute and again
after each submit."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import t
from videogen import ApiError, VideoProvider, settings

FLOOR = "below the floor"  # the API's answer to the balance call itself was 402: under $0.05


@st.cache_data(ttl=60, show_spinner=False)
def _read(base_url: str, _client: VideoProvider) -> tuple[float | None, bool, str | None]:
    """(remaining, simulated, why unavailable). Keyed by the base URL; the client is not hashed."""
    try:
        balance = _client.balance()
    except ApiError as error:
        return None, False, error.message
    if balance.below_minimum:
        return balance.remaining, balance.simulated, FLOOR
    return (None if balance.unlimited else balance.remaining), balance.simulated, None


def refresh() -> None:
    _read.clear()


def remaining(base_url: str, client: VideoProvider) -> float | None:
    """Dollars left, when known, limited and counted in dollars (the sidebar's figure, from the same read):
    a balance in credits, CNY or tokens is never compared with a dollar estimate."""
    if settings.balance_unit() != "usd":
        return None
    left, _, why = _read(base_url, client)
    return left if why in (None, FLOOR) else None


def warn_if_short(estimate: float, base_url: str, client: VideoProvider) -> None:
    """Before a submit whose estimate exceeds what is left, a warning naming both figures."""
    left = remaining(base_url, client)
    if left is not None and estimate > left:
        st.warning(t("ui.balance.short", estimate=estimate, left=left), icon=":material/account_balance_wallet:")


def show(base_url: str, client: VideoProvider) -> None:
    remaining, simulated, why = _read(base_url, client)
    unit = settings.balance_unit()
    if why == FLOOR:
        st.warning(t("ui.balance.floor"), icon=":material/account_balance_wallet:")
    elif why is not None:
        st.caption(t("ui.balance.unavailable", why=why))
    elif remaining is None:
        st.caption(t("ui.balance.unlimited"))
    elif unit == "usd":
        st.caption(t("ui.balance.amount", amount=remaining, simulated=t("ui.simulated") if simulated else ""))
    else:
        st.caption(t("ui.balance.in_unit", amount=remaining, unit=t(f"ui.balance.unit.{unit}")))
