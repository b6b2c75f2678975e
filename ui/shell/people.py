"""Who is using the studio. With Streamlit's sign-in configured (an `[auth]` section in secrets: OpenID
Connect), each person signs in, and their tasks, spend, batches and exports are theirs alone; without it, the
studio is single-user, as it always was.

Owns no session_state key (the identity is Streamlit's `st.user`, kept in its own cookie)."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import t


def sign_in_configured() -> bool:
    try:  # a probe that never raises: no secrets file, or one that does not parse, is no sign-in
        return st.secrets.load_if_toml_exists() and "auth" in st.secrets
    except Exception:  # noqa: BLE001 - whatever the secrets hold, a page still opens
        return False


def current() -> str | None:
    """The signed-in person (their e-mail, else their subject), or None in a studio without sign-in."""
    if not sign_in_configured() or not st.user.is_logged_in:
        return None
    return str(st.user.get("email") or st.user.get("sub") or "")


def gate() -> str | None:
    """Before any page: with sign-in configured, a person who has not signed in sees only the way to do so."""
    if not sign_in_configured():
        return None
    if not st.user.is_logged_in:
        st.title(t("ui.people.title"))
        st.info(t("ui.people.why"), icon=":material/lock:")
        st.button(t("ui.people.sign_in"), type="primary", on_click=st.login, icon=":material/login:")
        st.stop()
    return current()


def sidebar() -> None:
    """Who is signed in, and the way out."""
    who = current()
    if who:
        st.caption(t("ui.people.signed_in", who=who))
        st.button(t("ui.people.sign_out"), on_click=st.logout, key="sign_out", icon=":material/logout:")
