"""Batch: many requests from one CSV, checked before anything is paid, then sent by a queue that keeps the
rate, the daily cap, and its place across restarts."""

import streamlit as st

from ui.batch import batch_list, batch_upload
from ui.shell import polling, resources, shell
from ui.shell.language import t

shell.required("pages/batch.py")  # through app.py first (its gate, its sidebar)

studio = resources.studio()
session_id = resources.session_id()

st.title(t("ui.batch.title"))
if studio.sandbox:
    st.info(t("ui.batch.sandbox"), icon=":material/science:")
st.caption(t("ui.batch.intro"))

queued = batch_upload.show(studio, session_id=session_id, key="batch")
if queued is not None:
    st.session_state["batch_notice"] = t("ui.batch.queued", number=queued)
    st.rerun()
if notice := st.session_state.pop("batch_notice", None):
    st.success(notice, icon=":material/check_circle:")

st.subheader(t("ui.batch.list"))


sending = batch_list.running(studio)


@st.fragment(run_every=polling.when(sending))
def batches():
    still = batch_list.show(studio, key="batches")
    if sending and not still:
        polling.rerun_page()  # once, so the page is drawn again without the timer


batches()
