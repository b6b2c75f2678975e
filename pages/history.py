"""History: every task ever submitted, followed live; its video, settings, and what to do with it."""

import math

import streamlit as st

from components import exports, resources, task_detail, task_table
from components.language import t
from videogen.tasks.states import DISPLAY_STATUSES, TaskState

PAGE_SIZE = 50

studio = resources.studio()
store, catalog, session_id = studio.store, studio.catalog, resources.session_id()

st.title(t("ui.history.title"))

# Money of the backend in use only: sandbox figures are simulated and never mixed with real ones.
simulated = studio.sandbox
today_estimated, today_billed = studio.spent_today()
all_estimated, all_billed = store.spend(simulated=simulated)
kind = " (simulated)" if simulated else ""
spend = st.columns(4)
spend[0].metric(f"Today, estimated{kind}", f"${today_estimated:.2f}")
spend[1].metric(f"Today, billed{kind}", f"${today_billed:.2f}")
spend[2].metric(f"All time, estimated{kind}", f"${all_estimated:.2f}")
spend[3].metric(f"All time, billed{kind}", f"${all_billed:.2f}")
if simulated:
    st.caption("Sandbox: these figures are simulated, and nothing is charged.")

status_col, model_col, text_col = st.columns([1, 1, 2])
status = status_col.selectbox("Status", DISPLAY_STATUSES, index=None, placeholder="All statuses", key="history_status")
model = model_col.selectbox(
    "Model",
    list(catalog.models),
    index=None,
    placeholder="All models",
    format_func=lambda m: catalog.models[m].name,
    key="history_model",
)
text = text_col.text_input("Search prompts", key="history_text", placeholder="words in the prompt")
filters = {"status": status, "model": model, "text": text or None}

total = store.count(**filters)
pages = max(1, math.ceil(total / PAGE_SIZE))
page_number = (
    st.number_input(f"Page (of {pages}; {total} tasks)", min_value=1, max_value=pages, value=1, key="history_page")
    if pages > 1
    else 1
)
offset = (page_number - 1) * PAGE_SIZE
following = store.has_unfinished()


def open_clicked_row() -> None:
    """A click on a table row opens that task below."""
    rows = st.session_state["history_table"].selection.rows
    shown = st.session_state.get("_history_rows", [])
    if rows and rows[0] < len(shown):
        st.session_state["history_selected"] = shown[rows[0]]
        st.rerun()  # the whole page: the table lives in a fragment, the task's detail does not


@st.fragment(run_every=2 if following else None)
def task_list():
    records = store.page(offset=offset, limit=PAGE_SIZE, **filters)
    st.session_state["_history_rows"] = [r.idempotency_key for r in records]
    task_table.show(records, key="history_table", on_select=open_clicked_row)
    if following and not store.has_unfinished():
        st.rerun()  # once: draw the page again without the timer


task_list()
exports.show(store, filters, key="history_export")

records = store.page(offset=offset, limit=PAGE_SIZE, **filters)
if records:
    st.subheader("Task")
    by_key = {r.idempotency_key: r for r in records}
    # Options are the rows' stable keys, so a retry or a link (which change the row) keep your place.
    wanted = st.session_state.pop(task_detail.OPEN_NEXT, None)
    if wanted in by_key:
        st.session_state["history_selected"] = wanted
    if st.session_state.get("history_selected") not in by_key:
        st.session_state.pop("history_selected", None)
    selected_key = st.selectbox(
        "Show task",
        list(by_key),
        key="history_selected",
        format_func=lambda k: f"{by_key[k].task_id or by_key[k].display_status} · {by_key[k].prompt[:60]}",
    )
    chosen = by_key[selected_key]

    @st.fragment(run_every=2 if not chosen.finished and chosen.state == TaskState.SUBMITTED else None)
    def task_view():
        record = store.by_key(selected_key)
        if record is None:
            st.caption("This record was removed.")
            return
        task_detail.show(studio, record, key="detail")
        if not chosen.finished and record.finished and record.video_path:
            st.rerun()

    task_view()

with st.expander("Add a task by id"):
    st.caption(
        "A task created elsewhere (another app, curl). For the real id of a request whose outcome was "
        "unknown, open that request above and link the id there, so it is counted once."
    )
    new_id = st.text_input("Task id", key="history_add_id", placeholder="task_01...")
    if st.button("Add and follow it", key="history_add", disabled=not (new_id or "").strip()):
        task_detail.add_by_id(studio, new_id, session_id=session_id)
    task_detail.show_notice(key="history_add")
