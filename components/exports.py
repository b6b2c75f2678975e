"""CSV and JSON exports of tasks, built from a fixed list of fields (never the key), only when clicked."""

from __future__ import annotations

import csv
import io
import json

import streamlit as st

from videogen.tasks.store import EXPORT_FIELDS, TaskStore


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (json.dumps(v) if isinstance(v, list) else v) for k, v in row.items()})
    return out.getvalue()


def as_json(rows: list[dict]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False)


def show(store: TaskStore, filters: dict, *, key: str) -> None:
    def rows() -> list[dict]:
        return [r.export() for r in store.page(limit=-1, **filters)]  # SQLite: -1 is no limit

    left, right = st.columns(2)
    left.download_button(
        "Export CSV",
        data=lambda: as_csv(rows()),
        file_name="video-tasks.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/table:",
    )
    right.download_button(
        "Export JSON",
        data=lambda: as_json(rows()),
        file_name="video-tasks.json",
        mime="application/json",
        key=f"{key}_json",
        on_click="ignore",
        icon=":material/data_object:",
    )
