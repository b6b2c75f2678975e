"""A timer's rerun never loses a click the person made meanwhile (`polling.rerun_page`).

Streamlit 1.67 folds two waiting rerun requests into one and keeps the later one's page and query string: a click on
another page's link, waiting while a timer's run read the store, was replaced by the timer's own `st.rerun()` (the
person taken back to the page they had left). Here the click is put in Streamlit's own request queue while the run
is under way, as the server puts it there, and the next run shows whose page it drew."""

from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

from ui.shell import polling

st.session_state.setdefault("runs", [])
st.session_state["runs"].append(dict(st.query_params))
if len(st.session_state["runs"]) == 1:
    st.caption("a timer's run, drawn; its task has ended")
    ctx = get_script_run_ctx()
    # Meanwhile the person clicks a link: the server queues that run (its page and its query string).
    ctx.script_requests.request_rerun(RerunData(query_string="page=spending", page_script_hash=ctx.page_script_hash))
    if GUARDED:
        polling.rerun_page()
    else:
        st.rerun()
"""


def runs(guarded: bool) -> list[dict]:
    app = AppTest.from_string(f"GUARDED = {guarded}\n" + SCRIPT).run()
    assert not app.exception
    return app.session_state["runs"]


def test_the_click_made_during_a_timers_run_is_the_run_that_follows():
    assert runs(guarded=True) == [{}, {"page": "spending"}]


def test_a_plain_rerun_there_loses_the_click_in_streamlit_1_67():
    """Why the guard is there: Streamlit's queue keeps the later request's page. If this fails, Streamlit has stopped
    folding that way and `rerun_page` may become `st.rerun()` again."""
    assert runs(guarded=False) == [{}, {}]
