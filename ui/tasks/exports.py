"""CSV and JSON exports of tasks, built from a fixed list of fields (never the key), only when clicked. The
CSV's header row and the error's words are in the reader's language; the JSON keeps the field names (what
scripts read) with the words in the reader's language."""

from __future__ import annotations

import csv
import io
import json

import streamlit as st

from ui.shell.language import current, t
from videogen import EXPORT_FIELDS, Desk


def headers(fields) -> dict[str, str]:
    """A CSV's header row in the reader's language (the field names themselves in English)."""
    return {name: t(f"ui.export.{name}") for name in fields}


def as_csv(rows: list[dict], header: dict[str, str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writerow({name: (header or {}).get(name, name) for name in EXPORT_FIELDS})
    for row in rows:
        writer.writerow({k: (json.dumps(v) if isinstance(v, list) else v) for k, v in row.items()})
    return out.getvalue()


def as_json(rows: list[dict]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False)


def show(desk: Desk, filters: dict, *, key: str) -> None:
    """The person's tasks as the page's filters choose them (every row, not the page shown), as CSV and JSON."""
    language, header = current(), headers(EXPORT_FIELDS)

    def rows() -> list[dict]:
        return [r.export(language) for r in desk.tasks.page(limit=None, **filters)]

    left, right = st.columns(2)
    left.download_button(
        t("ui.export.csv"),
        data=lambda: as_csv(rows(), header),
        file_name="video-tasks.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/table:",
    )
    right.download_button(
        t("ui.export.json"),
        data=lambda: as_json(rows()),
        file_name="video-tasks.json",
        mime="application/json",
        key=f"{key}_json",
        on_click="ignore",
        icon=":material/data_object:",
    )
