"""Several reference files for a model that takes several: each judged and shown, all uploaded at submit, in
order (the uploader's "+" replaced the file before)."""

from __future__ import annotations

from tests import images
from tests.app.conftest import fill, page_text, submit

COLOURS = ("teal", "orange", "purple")


def test_three_reference_files_are_judged_and_all_sent(app, live):
    at = app(model="Vidu Q3 (references)")
    uploader = at.file_uploader(key="reference_file")
    for colour in COLOURS:
        uploader.upload(f"{colour}.png", images.make("PNG", (1280, 720), color=colour), "image/png")
    at = fill(at.run(), prompt="three friends on a beach")
    text = page_text(at)
    assert "orange.png" in text and "purple.png" in text and not at.error
    submit(at)
    assert len(live.state.uploads) == 3
    sent = live.state.submissions[0]
    assert sent["model"] == "viduq3"
    urls = [u if isinstance(u, str) else u.get("url") for v in sent.values() if isinstance(v, list) for u in v]
    assert len(urls) == 3 and all("/files/images/" in url for url in urls) and len(set(urls)) == 3
    assert [url.rsplit("-", 1)[-1] for url in urls] == [f"{c}.png" for c in COLOURS]  # in the order given


def test_a_refused_further_file_blocks_submit(app, live):
    at = app(model="Vidu Q3 (references)")
    uploader = at.file_uploader(key="reference_file")
    uploader.upload("good.png", images.make("PNG", (1280, 720)), "image/png")
    uploader.upload("anim.gif", images.make("GIF", (640, 360)), "image/gif")
    at = fill(at.run(), prompt="a friend on a beach")
    assert any("anim.gif" in e.value and "GIF" in e.value for e in at.error)
    assert at.button(key="submit_button").disabled and not live.state.uploads
