"""History: every task ever submitted, followed live; its video, settings, and what to do with it."""

import streamlit as st

from ui.history import choices
from ui.shell import polling, resources, shell
from ui.shell.language import t, term
from ui.tasks import exports, task_detail, task_table
from videogen import DISPLAY_STATUSES

shell.required("pages/history.py")  # through app.py first (its gate, its sidebar)

studio = resources.studio()
store, catalog, session_id = studio.store, studio.catalog, resources.session_id()
desk = resources.desk(studio)  # a signed-in person sees only their own tasks, spend and exports

st.title(t("ui.history.title"))

# Money of the backend in use only: sandbox figures are simulated and never mixed with real ones.
simulated = studio.sandbox
today_estimated, today_billed = desk.money.today()
all_estimated, all_billed = desk.money.spent()
kind = t("ui.simulated") if simulated else ""
# One line of figures, not four big ones stacked above everything on a phone (Spending has the big ones).
st.markdown(
    t(
        "ui.history.money",
        today_estimated=today_estimated,
        today_billed=today_billed,
        all_estimated=all_estimated,
        all_billed=all_billed,
        simulated=kind,
    )
)
if simulated:
    st.caption(t("ui.history.sandbox"))

status_col, model_col, text_col = st.columns([1, 1, 2])
status = status_col.selectbox(
    t("ui.col.status"),
    DISPLAY_STATUSES,
    index=None,
    placeholder=t("ui.history.all_statuses"),
    format_func={s: term(s) for s in DISPLAY_STATUSES}.__getitem__,
    key="history_status",
)
model = model_col.selectbox(
    t("ui.col.model"),
    list(catalog.models),
    index=None,
    placeholder=t("ui.history.all_models"),
    format_func=lambda m: catalog.models[m].name,
    key="history_model",
)
text = text_col.text_input(t("ui.history.search"), key="history_text", placeholder=t("ui.history.search_placeholder"))
chosen_rows = {"status": status, "model": model, "text": text or None}

total = desk.tasks.count(**chosen_rows)
pages = choices.pages(total)
page_number = (
    st.number_input(
        t("ui.history.page", pages=pages, total=total), min_value=1, max_value=pages, value=1, key="history_page"
    )
    if pages > 1
    else 1
)
offset = choices.offset(page_number, total)
following = desk.tasks.unfinished()  # this person's tasks on this backend only
st.caption(t("ui.history.shown", total=total))  # also keeps the table's toolbar off the search box on a phone


def open_clicked_row() -> None:
    """A click on a table row opens that task below."""
    key = choices.clicked(st.session_state["history_table"].selection.rows, st.session_state.get("_history_rows", []))
    if key is not None:
        st.session_state["history_selected"] = key
        st.rerun()  # the whole page: the table lives in a fragment, the task's detail does not


records = desk.tasks.page(offset=offset, limit=choices.PAGE_SIZE, **chosen_rows)
unread = [records]  # this run's rows, drawn by the list as the run passes it; its timer's runs read them afresh


@st.fragment(run_every=polling.when(following))
def task_list():
    records = unread.pop() if unread else desk.tasks.page(offset=offset, limit=choices.PAGE_SIZE, **chosen_rows)
    st.session_state["_history_rows"] = [r.idempotency_key for r in records]
    task_table.show(records, key="history_table", on_select=open_clicked_row)
    if following and not desk.tasks.unfinished():
        polling.rerun_page()  # once: draw the page again without the timer


task_list()
exports.show(desk, chosen_rows, key="history_export")

if records:
    st.subheader(t("ui.history.task"))
    by_key = {r.idempotency_key: r for r in records}
    # Options are the rows' stable keys, so a retry or a link (which change the row) keep your place.
    # Set, never dropped: a dropped value let the box keep showing a task the filter had removed while the
    # detail below showed the first row.
    st.session_state["history_selected"] = choices.opened(
        list(by_key), st.session_state.get("history_selected"), st.session_state.pop(task_detail.OPEN_NEXT, None)
    )
    selected_key = st.selectbox(
        t("ui.history.show_task"),
        list(by_key),
        key="history_selected",
        format_func={
            k: f"{r.task_id or term(r.display_status)} · {r.prompt[:60]}" for k, r in by_key.items()
        }.__getitem__,
    )
    chosen = by_key[selected_key]

    # Asked again while the tracker follows it: until its video is saved, not only until the API says done.
    @st.fragment(run_every=polling.when(chosen.followed))
    def task_view():
        record = store.listing.by_key(selected_key)
        if record is None:
            st.caption(t("ui.history.removed"))
            return
        task_detail.show(studio, record, key="detail")
        if chosen.followed and not record.followed:
            polling.rerun_page()  # once: the table and the box show the ended task, and the timer stops

    task_view()

with st.expander(t("ui.history.add")):
    st.caption(t("ui.history.add_help"))
    new_id = st.text_input(t("ui.col.task_id"), key="history_add_id", placeholder="task_01...")
    if st.button(t("ui.history.add_button"), key="history_add", disabled=not (new_id or "").strip()):
        task_detail.add_by_id(studio, new_id, session_id=session_id)
    task_detail.show_notice(key="history_add")
