"""Streamlit's file uploader in the app's words: its own button says "Upload" and its note says "64MB per
file • CSV, TXT" in English whatever the page's language, and 64 MB is not a model's limit. Streamlit 1.67
has no option for either, so the page's style replaces them: the button's word per language (`page_words`),
and each uploader's note with what the app allows (`say_limits`), found by the uploader's label."""

from __future__ import annotations

import json

import streamlit as st

from ui.shell.language import t

_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
_NOTE = '[data-testid="stFileUploaderDropzone"]{zone} [data-testid="stFileUploaderDropzoneInstructions"] span'


def _css_text(words: str) -> str:
    """A CSS string: JSON's escaping is CSS's for quotes and backslashes; `<` is kept out of the style tag."""
    return json.dumps(words, ensure_ascii=False).replace("<", "\\3c ")


def page_words() -> None:
    """The uploaders' button word in the reader's language (once per page run, from app.py)."""
    st.html(
        f"<style>{_BUTTON} {{ font-size: 0; }} {_BUTTON}::after {{ content: {_css_text(t('ui.upload.button'))}; "
        "font-size: 14px; }</style>"
    )


def say_limits(label: str, words: str) -> None:
    """Under the uploader labelled `label`, `words` (formats and the size the app allows) instead of
    Streamlit's "64MB per file"."""
    zone = f"[aria-label={_css_text(label)}]"
    note = _NOTE.format(zone=zone)
    st.html(
        f"<style>{note} {{ font-size: 0; }} {note}::after {{ content: {_css_text(words)}; font-size: 14px; }}</style>"
    )
