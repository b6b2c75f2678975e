"""The exact JSON body and an equivalent curl command; the key is always shown as $APIMART_API_KEY."""

from __future__ import annotations

import json
import shlex

import streamlit as st

from ui.shell.language import t
from videogen import PENDING_UPLOAD


def curl(base_url: str, body: dict) -> str:
    return (
        f"curl -X POST {shlex.quote(base_url + '/v1/videos/generations')} \\\n"
        f'  -H "Authorization: Bearer $APIMART_API_KEY" \\\n'
        f"  -H 'Content-Type: application/json' \\\n"
        f"  -d {shlex.quote(json.dumps(body, ensure_ascii=False))}"
    )


def show(body: dict | None, base_url: str, *, note: str | None = None, key: str) -> None:
    """Folded, nothing inside is drawn (two highlighted code blocks cost the browser as much as the rest of a
    Generate run); opened, the body and the command as they are now."""
    box = st.expander(t("ui.preview.title"), key=key, on_change="rerun")
    if not box.open:
        return
    with box:
        if body is None:
            st.caption(t("ui.preview.incomplete"))
            return
        if note:
            st.caption(note)
        pending = t("ui.preview.pending_upload")  # the placeholder in the reader's language
        st.code(json.dumps(body, indent=2, ensure_ascii=False).replace(PENDING_UPLOAD, pending), language="json")
        st.code(curl(base_url, body).replace(PENDING_UPLOAD, pending), language="bash")
