"""Every page drawn in Chinese leaves no English word a person reads: titles, labels, help, placeholders,
options, captions, notices, metrics, expanders, table headers. Model names, units, ids, field names of the
API and code stay as they are."""

from __future__ import annotations

import re
import time

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, fill, submit
from videogen import studio
from videogen.catalog import builtin
from videogen.i18n import Note
from videogen.provider.protocol import Task, TaskError

# Words that stay as they are in Chinese: names (products, companies), wire names, units and formats.
KEPT = {
    "API", "APIMart", "APIMART", "KEY", "JSON", "CSV", "curl", "POST", "HTTP", "UTF", "URL", "URLs", "JPEG",
    "PNG", "WebP", "WEBP", "GIF", "MB", "WAV", "MP3", "MP4", "MOV", "Idempotency", "Key", "https", "http", "Bearer", "USD",
    "VIDEOGEN", "DAILY", "BUDGET", "PREVIEW", "Content", "Type", "application", "json", "Authorization",
    "ID", "Idempotency-Key", "Retry-After", "README",
    "Language", "English",  # the switch names itself in both languages, so anyone can find it
}  # fmt: skip
MODEL_WORDS = {
    word
    for model in builtin().models.values()
    for word in re.findall(r"[A-Za-z]+", f"{model.name} {model.family} {model.id}")
}


def _texts(node) -> list[str]:
    """What a person reads on one element: its words, label, help, placeholder and options."""
    found = []
    proto = getattr(node, "proto", None)
    for name in ("value", "body", "label", "help", "placeholder", "caption", "text"):
        value = getattr(node, name, None)
        if name == "value" and node.type == "text_area":
            continue
        if name == "value" and node.type not in ("markdown", "caption", "alert", "title", "subheader", "header"):
            continue  # a widget's value is what was typed or chosen, not the page's words
        if isinstance(value, str) and not value.lstrip().startswith("<style>"):  # a style sheet is not read
            found.append(value)
    for name in ("options",):
        found += [str(o) for o in getattr(node, name, None) or []]
    if proto is not None and node.type == "expandable":
        found.append(proto.expandable.label)
    if node.type in ("arrow_data_frame", "dataframe"):
        found += [str(c) for c in node.value.columns]
    for child in getattr(node, "children", {}).values():
        found += _texts(child)
    return found


def english_left(at: AppTest) -> set[str]:
    """English words on the page outside code spans, URLs, model names and the kept words."""
    left = set()
    for text in _texts(at._tree):
        text = re.sub(r"`[^`]*`|https?://\S*|\{[^}]*\}|:material/\w+:|:orange\[|task_\w+", " ", text)
        for word in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", text):
            if word not in KEPT and word not in MODEL_WORDS and not re.fullmatch(r"\d*[pKsx]", word):
                left.add(word)
    return left


def chinese(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "zh"
    for name, value in query.items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    return at.run()


def _seeded(data_dir) -> None:
    store = studio.store(data_dir)
    payload = {"model": "kling-v3", "prompt": "一只风筝", "duration": 5, "aspect_ratio": "16:9", "mode": "std"}
    for n, status in enumerate(("completed", "failed", "processing")):
        store.record_intent(f"k{n}", payload, estimated_cost=0.34)
        store.mark_submitted(f"k{n}", f"task_{n}")
        error = TaskError(400, "refused by policy", "moderation") if status == "failed" else None
        store.tracking.update_from_api(Task(f"task_{n}", status, 100 if status == "completed" else 40, error=error))
        time.sleep(0.01)
    store.record_intent("unknown", payload, estimated_cost=0.34)
    store.mark_unknown("unknown", Note("submit.interrupted"))


def test_the_generate_page_has_no_english_left_in_chinese(app, live, data_dir):
    at = chinese()
    assert not at.exception and english_left(at) == set()
    at = fill(at, model="kling-v3")
    assert not at.exception
    assert english_left(at) == set()
    at = submit(at)  # the task followed where the user is looking, the session's table, the toast
    assert not at.exception and at.session_state["submit_state"].last
    sent = studio.store(data_dir).listing.by_key(at.session_state["submit_state"].last)
    assert sent.language == "zh"  # the provider's messages about it will be asked for in Chinese
    assert english_left(at) == set()
    at = fill(chinese(), model="sora-2-pro-preview")
    assert english_left(at) == set()


def test_history_spending_and_batch_have_no_english_left_in_chinese(live, data_dir):
    _seeded(data_dir)
    from tests.app.test_gallery import RED, saved

    saved(data_dir, 9, "一只红色的风筝", RED)  # a card for the Gallery
    for page in ("pages/history.py", "pages/spending.py", "pages/batch.py", "pages/gallery.py"):
        at = chinese(page)
        assert not at.exception, page
        assert english_left(at) == set(), page
    at = chinese("pages/history.py")
    at.selectbox(key="history_selected").set_value("unknown").run()
    assert english_left(at) == set()


def test_the_sweep_finds_english_when_there_is_some(live):
    """The check can fail: the same page in English is full of English words."""
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert {"Generate", "Prompt", "Duration", "Submit"} <= english_left(at)


def test_the_sandbox_notices_and_markers_in_chinese(data_dir):
    at = chinese()
    assert not at.exception and "沙盒模式" in " ".join(_texts(at._tree))
    assert english_left(at) == set()
