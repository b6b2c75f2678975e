"""Videos as inputs on Generate: a motion-control request takes a picture and a motion video by its link, measured
before paying and priced on its length; a file is checked but its link is asked for (APIMart takes no uploaded
video); a video edit takes a saved video of this studio as its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import images
from tests.app.conftest import page_text, settle
from tests.app.test_continue import finished_clip
from tests.faultserver import serve_bytes
from tests.videos import make_clip


@pytest.fixture
def host(faults, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_ALLOW_PRIVATE_URLS", "1")  # the test's server is on loopback
    return faults


def test_motion_control_measures_the_motion_video_and_sends_it_once(app, live, host, tmp_path):
    picture = host.route("/dancer.png", serve_bytes(images.make("PNG", (720, 1280))))
    moves = host.route("/moves.mp4", serve_bytes(make_clip(tmp_path / "m.mp4", [(9, 9, 9)] * 6).read_bytes()))
    at = app(model="Kling v3 Motion Control")
    assert at.selectbox(key="model").value == "kling-v3-motion-control"
    assert at.text_input(key="media_motion_url").label == "Motion video URL"
    assert any(u.label == "Motion video file" for u in at.get("file_uploader"))
    assert not any(w.label == "Duration" for w in [*at.slider, *at.radio, *at.selectbox])  # the video's length
    assert "the motion video's own" in page_text(at)
    at.text_area(key="image_url").input(picture).run()
    assert at.button(key="submit_button").disabled  # the motion video is missing
    at.text_input(key="media_motion_url").input(moves).run()
    assert not at.exception and "6.0 s · 160×96" in page_text(at)
    assert "6 s" in page_text(at) and "$0.62" in page_text(at)  # 6 s x $0.10288, the measured length
    assert not at.button(key="submit_button").disabled, page_text(at)
    settle(at.button(key="submit_button").click().run())
    assert len(live.state.submissions) == 1
    sent = live.state.submissions[0]
    assert sent["video_url"] == moves and sent["image_url"] == picture and "duration" not in sent
    at.run()
    assert len(live.state.submissions) == 1  # a rerun sends nothing more


def test_a_motion_video_too_short_is_refused_with_words_before_paying(app, live, host, tmp_path):
    moves = host.route("/short.mp4", serve_bytes(make_clip(tmp_path / "s.mp4", [(9, 9, 9)] * 2).read_bytes()))
    at = app(model="Kling v3 Motion Control")
    at.text_input(key="media_motion_url").input(moves).run()
    assert "The video is 2.0 s; this model takes 3.0-30.0 s" in " ".join(e.value for e in at.error)
    assert at.button(key="submit_button").disabled and not live.state.submissions


def test_a_video_edit_takes_a_saved_video_as_its_source(app, live, data_dir):
    store = finished_clip(data_dir, "kling-v3", {"duration": 5, "aspect_ratio": "16:9", "mode": "std"})
    saved = store.listing.by_key("k-clip").video_path
    make_clip(Path(saved), [(9, 9, 9)] * 3, size=(320, 240))  # 3 s at 320x240: what the edit takes (2-10 s, 240 px)
    at = app(model="Wan 2.7 VideoEdit")
    assert at.text_input(key="media_source_url").label == "Source video URL"
    at.selectbox(key="media_source_saved").set_value("k-clip").run()
    assert not at.exception and "task_clip" in page_text(at) and "3.0 s · 320×240" in page_text(at)
    assert "3 s x $0.1096/s" in page_text(at)  # priced on the source's length
    at.text_area(key="prompt").input("make it snow").run()
    assert not at.button(key="submit_button").disabled, page_text(at)
    settle(at.button(key="submit_button").click().run())
    sent = live.state.submissions[-1]
    assert sent["video_urls"] == ["http://x/v.mp4"] and sent["prompt"] == "make it snow"


def test_a_file_is_checked_and_its_link_asked_for(app, live, tmp_path):
    clip = make_clip(tmp_path / "m.mp4", [(9, 9, 9)] * 4, size=(320, 240)).read_bytes()
    at = app(model="Wan 2.7 VideoEdit")
    uploader = next(u for u in at.get("file_uploader") if u.label == "Source video file")
    uploader.upload("mine.mp4", clip, "video/mp4").run()
    assert not at.exception and "4.0 s" in page_text(at)
    assert "APIMart takes no uploaded videos" in page_text(at)
    assert at.button(key="submit_button").disabled and not live.state.submissions


def test_edit_this_video_opens_the_edit_model_on_the_saved_video(live, data_dir):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    store = finished_clip(data_dir, "kling-v3", {"duration": 5, "aspect_ratio": "16:9", "mode": "std"})
    make_clip(Path(store.listing.by_key("k-clip").video_path), [(9, 9, 9)] * 3, size=(320, 240))
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/history.py")
    at.run()
    at.button(key="detail_edit").click().run()
    at.switch_page("pages/generate.py")  # the app went there; AppTest reruns the page it was last told to
    at.run()
    assert not at.exception and at.selectbox(key="model").value == "wan2.7-videoedit"
    assert at.selectbox(key="media_source_saved").value == "k-clip" and "task_clip" in page_text(at)
    at.text_area(key="prompt").input("make it night").run()
    settle(at.button(key="submit_button").click().run())
    assert live.state.submissions[-1]["video_urls"] == ["http://x/v.mp4"]


def test_reference_videos_are_measured_one_link_a_line_and_their_seconds_priced(app, live, host, tmp_path):
    first = make_clip(tmp_path / "a.mp4", [(9, 9, 9)] * 4, size=(640, 360), fps=24).read_bytes()
    second = make_clip(tmp_path / "b.mp4", [(200, 9, 9)] * 3, size=(640, 360), fps=24).read_bytes()
    links = [host.route("/a.mp4", serve_bytes(first)), host.route("/b.mp4", serve_bytes(second))]
    at = app(model="Seedance 2.5")
    assert at.selectbox(key="model").value == "seedance-2.5"
    area = at.text_area(key="media_reference_url")
    assert area.label == "Reference video URL" and "up to 10" in (area.help or "")
    assert at.text_area(key="media_audio_url").label == "Audio URL"
    at.text_area(key="prompt").input("the walk, in the rain").run()
    at.text_area(key="media_reference_url").input("\n".join(links)).run()
    assert not at.exception and "4.0 s · 640×360" in page_text(at) and "3.0 s · 640×360" in page_text(at)
    assert "(5 s + 7 s of reference videos) x $0.1296/s" in page_text(at)  # 12 s at the rate with references
    assert "$1.56" in page_text(at)
    settle(at.button(key="submit_button").click().run())
    assert len(live.state.submissions) == 1 and live.state.submissions[0]["video_urls"] == links


def test_a_soundtrack_is_measured_and_refused_when_too_long(app, live, host, tmp_path):
    from devtools.media_corpus import sound_file

    short = sound_file(tmp_path / "short.mp3", seconds=2, codec="mp3", container="mp3").read_bytes()
    song = sound_file(tmp_path / "song.wav", seconds=5, codec="pcm_s16le", container="wav").read_bytes()
    at = app(model="Wan 2.7")
    assert at.text_input(key="media_audio_url").label == "Audio URL"
    at.text_area(key="prompt").input("a street at night").run()
    at.text_input(key="media_audio_url").input(host.route("/short.mp3", serve_bytes(short))).run()
    assert not at.exception and at.button(key="submit_button").disabled
    assert any("3.0-30.0 s" in e.value for e in at.error), page_text(at)
    link = host.route("/song.wav", serve_bytes(song))
    at.text_input(key="media_audio_url").input(link).run()
    assert not at.button(key="submit_button").disabled, page_text(at)
    settle(at.button(key="submit_button").click().run())
    assert live.state.submissions[-1]["audio_url"] == link
