"""Batch: many requests from one CSV, checked before anything is paid, then sent by a queue that keeps the
rate, the daily cap, and its place across restarts."""

import streamlit as st

from components import batch_list, batch_upload, resources

studio = resources.studio()
session_id = resources.session_id()

st.title("Batch")
if studio.sandbox:
    st.info("Sandbox: batches run against the simulator; nothing is charged.", icon=":material/science:")
st.caption(
    "Upload a CSV with one request per row. Every row is checked and priced first; the queue then sends them "
    "in order under a requests-per-minute limit, stops at the daily budget cap, and carries on after a restart."
)

queued = batch_upload.show(studio, session_id=session_id, key="batch")
if queued is not None:
    st.session_state["batch_notice"] = f"Batch queued: it is being sent now (batch {queued})."
    st.rerun()
if notice := st.session_state.pop("batch_notice", None):
    st.success(notice, icon=":material/check_circle:")

st.subheader("Batches")


sending = batch_list.running(studio)


@st.fragment(run_every=2 if sending else None)
def batches():
    still = batch_list.show(studio, key="batches")
    if sending and not still:
        st.rerun()  # once, so the page is drawn again without the timer


batches()
