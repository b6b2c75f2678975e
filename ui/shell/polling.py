"""How often a page that follows a task asks again: the one interval every timer fragment uses.

Each tick of a timer fragment is a rerun request from the browser, and Streamlit starts a new script thread for
it on the server's one event loop, the loop that also sends every session its page. With thirty sessions each
ticking every 2 s, that loop spent its time starting threads and the pages' own answers (the task id after a
Submit) waited in its queue for up to a minute (issue 30). So the interval grows with the sessions this process
serves: 2 s for up to `QUIET` sessions, then in step with their number, so that all of them together ask about
`QUIET / 2` times a second, at most `SLOWEST` seconds apart. What a page shows right after a click does not
depend on it: that comes with the click's own run."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

FASTEST = 2.0  # seconds between a page's questions when few people are here
QUIET = 8  # sessions the process serves at that pace
SLOWEST = 10.0  # the longest a finished video waits to be shown


def every(sessions: int | None = None) -> float:
    """Seconds between a timer fragment's runs for `sessions` open sessions (this process's when None)."""
    count = active_sessions() if sessions is None else sessions
    return min(SLOWEST, max(FASTEST, FASTEST * count / QUIET))


def when(following: bool) -> float | None:
    """`run_every` for a fragment: the interval while something is being followed, no timer otherwise."""
    return every() if following else None


def active_sessions() -> int:
    """The browser sessions this app process serves now (1 where the runtime does not say: AppTest, a script)."""
    try:
        from streamlit import runtime

        if not runtime.exists():
            return 1
        return int(runtime.get_instance()._session_mgr.num_active_sessions())  # noqa: SLF001 - no public count
    except Exception:  # noqa: BLE001 - an internal that moved: poll at the quiet pace
        return 1


def rerun_page() -> NoReturn:
    """`st.rerun()` for a timer's run that has seen what it waited for: the whole page, drawn again without the timer.

    A yield point first (Streamlit's own, `st.empty()`): a click the person made meanwhile, on another page's link
    say, takes over the run there. Streamlit 1.67 folds two waiting rerun requests into one and keeps the later one's
    page (`ScriptRequests._request_rerun_locked`), so a timer's rerun asked for just after that click brought the
    person back to this page, the click lost: the money flow's browser test saw it once in about fifteen runs under
    load, its timer reading the store between its last element and `st.rerun()`. `tests/ui/test_timer_reruns.py`
    holds both sides of it on Streamlit's own request queue."""
    st.empty()
    st.rerun()
