"""A task's uploaded pictures used again: 'Use these settings' brings the files back (kept by digest in the data
folder), not the provider's upload links, which expire after 72 h and, in the sandbox, name a port that changes
on each start; they are uploaded again at submit."""

from __future__ import annotations

from tests import images
from tests.app.conftest import fill, page_text, submit


def test_uploaded_frames_come_back_as_files_and_are_uploaded_again(app, live):
    at = app(model="Kling v3")
    first, last = images.make("JPEG", (1280, 720), color="navy"), images.make("JPEG", (1280, 720), color="gold")
    at.file_uploader(key="first_frame_file").upload("dawn.jpg", first, "image/jpeg")
    at.file_uploader(key="last_frame_file").upload("dusk.jpg", last, "image/jpeg")
    at = fill(at.run(), prompt="from dawn to dusk over the bay")
    submit(at)
    sent = live.state.submissions[0]
    assert len(live.state.uploads) == 2

    at.switch_page("pages/history.py").run()
    at.button(key="detail_use").click().run()
    at.switch_page("pages/generate.py").run()
    assert at.text_area(key="first_frame_url").value == "" and at.text_area(key="last_frame_url").value == ""
    text = page_text(at)
    assert "dawn.jpg" in text and "dusk.jpg" in text and "uploaded again when you submit" in text
    assert not at.error and not at.button(key="submit_button").disabled

    live.state.uploads.clear()  # the provider's earlier links are gone
    at.text_area(key="prompt").input("from dawn to dusk over the bay, once more").run()
    submit(at)
    again = live.state.submissions[-1]
    assert len(live.state.submissions) == 2 and len(live.state.uploads) == 2
    assert sorted(data for data, _ in live.state.uploads.values()) == sorted([first, last])
    assert len(again["image_urls"]) == 2 and not set(again["image_urls"]) & set(sent["image_urls"])  # new links


def test_a_kept_picture_can_be_put_away(app, live):
    at = app(model="Kling v3")
    at.file_uploader(key="first_frame_file").upload("dawn.jpg", images.make("JPEG", (1280, 720)), "image/jpeg")
    submit(fill(at.run(), prompt="a quiet harbour"))
    at.switch_page("pages/history.py").run()
    at.button(key="detail_use").click().run()
    at.switch_page("pages/generate.py").run()
    at.button(key="first_frame_kept_remove").click().run()
    assert "dawn.jpg" not in page_text(at)
