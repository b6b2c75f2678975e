"""The API key appears nowhere: logs, errors, pages, the database, saved files, exports, image hosts."""

import logging
import time

from streamlit.testing.v1 import AppTest

from tests import images
from tests.app.conftest import APP, fill, preview_blocks, submit
from tests.conftest import TEST_KEY
from tests.faultserver import serve_bytes
from ui.generate import request_preview
from ui.tasks import exports
from videogen import studio
from videogen.provider.apimart import ApimartClient
from videogen.tasks.tracker import Tracker


def every_text(at: AppTest) -> str:
    """Every element the page holds, sidebar included, as its full protobuf text."""
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


def test_the_key_appears_nowhere(app, live, faults, data_dir, monkeypatch, caplog, clock):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("VIDEOGEN_ALLOW_PRIVATE_URLS", "1")
    url = faults.route("/ref.jpg", serve_bytes(images.make("JPEG", (1280, 720))))
    seen = []

    at = app()
    at.text_area(key="image_url").input(url)
    fill(at, model="sora-2-pro-preview")
    assert any("curl" in c for c in preview_blocks(at))  # the request preview opened: its curl command drawn
    submit(at)
    seen.append(every_text(at))
    submit(fill(at, prompt="refused [sim:401]"))
    seen.append(every_text(at))

    store = studio.store(data_dir)
    clock.advance(1.1)
    tracker = Tracker(store, ApimartClient(live.base_url, TEST_KEY), studio.videos_dir(data_dir))
    deadline = time.monotonic() + 30  # the app's own tracker may hold the task's lease and save it first
    while not list(data_dir.rglob("*.mp4")) and time.monotonic() < deadline:
        tracker.refresh()
        time.sleep(0.2)
    # Fresh sessions: AppTest keeps the sidebar (the same on every page) only in a session's first run.
    fresh = AppTest.from_file(APP, default_timeout=30).run()
    assert fresh.sidebar.caption  # the sidebar really is in what is checked
    seen.append(every_text(fresh))
    history = AppTest.from_file(APP, default_timeout=30)
    history.switch_page("pages/history.py").run()
    seen.append(every_text(history))

    rows = [r.export() for r in store.listing.page(limit=100)]
    seen += [exports.as_csv(rows), exports.as_json(rows), request_preview.curl(live.base_url, {"prompt": "x"})]
    seen.append(caplog.text)
    for request in faults.hits:  # what the reference-image host received
        seen.append(str(request.headers) + request.body.decode("latin-1"))
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".mp4" for p in files) and any(p.name.startswith("history.sqlite3") for p in files)
    seen += [p.read_bytes().decode("latin-1") for p in files]

    assert len(live.state.submissions) == 2 and faults.hits  # the flow really ran
    assert "$APIMART_API_KEY" in seen[0]
    leaks = [i for i, text in enumerate(seen) if TEST_KEY in text]
    assert leaks == []
