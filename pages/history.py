"""History: every task ever submitted, followed live; its video, settings, and what to do with it."""

import math

import streamlit as st

from components import exports, resources, task_detail, task_table

PAGE_SIZE = 50
STATUSES = ["pending", "processing", "completed", "failed", "cancelled", "submitted", "unknown", "rejected",
            "dismissed"]

app = resources.services()
client, store, catalog, session_id = app.client, app.store, app.catalog, app.session_id

st.title("History")

session_estimated, session_billed = store.spend(session_id)
all_estimated, all_billed = store.spend()
spend = st.columns(4)
spend[0].metric("This session, estimated", f"${session_estimated:.2f}")
spend[1].metric("This session, billed", f"${session_billed:.2f}")
spend[2].metric("All time, estimated", f"${all_estimated:.2f}")
spend[3].metric("All time, billed", f"${all_billed:.2f}")

status_col, model_col, text_col = st.columns([1, 1, 2])
status = status_col.selectbox("Status", STATUSES, index=None, placeholder="All statuses", key="history_status")
model = model_col.selectbox("Model", list(catalog.models), index=None, placeholder="All models",
                            key="history_model")
text = text_col.text_input("Search prompts", key="history_text", placeholder="words in the prompt")
filters = {"status": status, "model": model, "text": text or None}

total = store.count(**filters)
pages = max(1, math.ceil(total / PAGE_SIZE))
page_number = st.number_input(f"Page (of {pages}; {total} tasks)", min_value=1, max_value=pages, value=1,
                              key="history_page") if pages > 1 else 1
offset = (page_number - 1) * PAGE_SIZE
following = store.has_unfinished()


@st.fragment(run_every=2 if following else None)
def task_list():
    records = store.page(offset=offset, limit=PAGE_SIZE, **filters)
    task_table.show(records, key="history_table")
    if following and not store.has_unfinished():
        st.rerun()  # once: draw the page again without the timer


task_list()
exports.show(store, filters, key="history_export")

records = store.page(offset=offset, limit=PAGE_SIZE, **filters)
if records:
    st.subheader("Task")
    chosen = st.selectbox("Show task", records, format_func=lambda r: f"{r.task_id or r.display_status} · "
                          f"{r.prompt[:60]}", key="history_selected")
    selected_key = chosen.idempotency_key

    @st.fragment(run_every=2 if not chosen.finished and chosen.state == "submitted" else None)
    def task_view():
        record = store.by_key(selected_key)
        if record is None:
            st.caption("This record was removed.")
            return
        task_detail.show(store, client, record, key="detail")
        if not chosen.finished and record.finished and record.video_path:
            st.rerun()

    task_view()

with st.expander("Add a task by id"):
    st.caption("A task created elsewhere (another app, curl), or the real id of a request whose outcome was unknown.")
    new_id = st.text_input("Task id", key="history_add_id", placeholder="task_01...")
    if st.button("Add and follow it", key="history_add", disabled=not (new_id or "").strip()):
        record = store.add_task(new_id, session_id=session_id)
        st.toast(f"Following {record.task_id}", icon=":material/check_circle:")
        st.rerun()
