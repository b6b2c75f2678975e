"""Generate's reference image in AppTest: a URL judged from its start then read whole, uploads, fits, and every
refusal in the app's own words before paying (split from test_generate.py)."""

import io

import pytest
from PIL import Image

from tests import images
from tests.app.conftest import fill, page_text, submit
from tests.faultserver import serve_bytes


@pytest.fixture
def host(faults, monkeypatch):
    monkeypatch.setenv("VIDEOGEN_ALLOW_PRIVATE_URLS", "1")
    return faults


def with_url(app, url, **choices):
    at = app()
    at.text_area(key="image_url").input(url)
    return fill(at, **choices)


def test_portrait_image_with_landscape_warns_override(app, host):
    url = host.route("/p.png", serve_bytes(images.make("PNG", (720, 1280)), "image/png"))
    at = with_url(app, url)
    warnings = [w.value for w in at.warning]
    assert any("override" in w and "Portrait 9:16" in w for w in warnings)
    assert not at.button(key="submit_button").disabled
    assert "PNG · 720x1280 px" in page_text(at)


def test_square_and_inexact_and_animated(app, host):
    square = host.route("/s.jpg", serve_bytes(images.make("JPEG", (900, 900))))
    assert any("Square video is not supported" in w.value for w in with_url(app, square).warning)
    four_three = host.route("/f.jpg", serve_bytes(images.make("JPEG", (1600, 1200))))
    assert "rather than exactly the video's 1280x720" in page_text(with_url(app, four_three))
    moving = host.route("/a.webp", serve_bytes(images.animated(), "image/webp"))
    assert any("animated" in w.value for w in with_url(app, moving).warning)


@pytest.mark.parametrize(
    "data,words", [(images.make("GIF", (1280, 720)), "GIF images are not accepted"), (b"hello", "This is not an image")]
)
def test_bad_images_block_submit(app, host, data, words):
    url = host.route("/bad", serve_bytes(data))
    at = with_url(app, url)
    assert any(words in e.value for e in at.error)
    assert at.button(key="submit_button").disabled


def test_private_address_is_refused_without_the_setting(app, faults):
    url = faults.route("/p.png", serve_bytes(images.make("PNG", (1280, 720))))
    at = with_url(app, url)
    assert any("standard ports" in e.value or "private network" in e.value for e in at.error)
    assert at.button(key="submit_button").disabled and faults.hits == []


def test_unreachable_image(app, host):
    at = with_url(app, host.url + "/missing.png")
    assert any("HTTP 404" in e.value for e in at.error)


def test_only_the_first_url_is_used(app, host, live):
    first = host.route("/1.jpg", serve_bytes(images.make("JPEG", (1280, 720))))
    at = with_url(app, f"{first}\n{host.url}/2.jpg\n{host.url}/3.jpg")
    assert "other 2 lines are ignored" in page_text(at)
    submit(at)
    assert live.state.submissions[0]["image_urls"] == [first]


def test_changing_duration_does_not_fetch_again(app, host):
    url = host.route("/p.jpg", serve_bytes(images.make("JPEG", (1280, 720))))
    at = with_url(app, url)
    at.radio(key="duration").set_value(12).run()
    at.radio(key="aspect_ratio").set_value("9:16").run()
    assert len(host.hits) == 1
    assert any("override" in w.value for w in at.warning)  # re-judged for the new ratio, without a fetch


def test_uploaded_file_is_uploaded_then_sent(app, live):
    at = app()
    at.file_uploader(key="reference_file").upload("ref.png", images.make("PNG", (1280, 720)), "image/png")
    fill(at.run())
    submit(at)
    sent = live.state.submissions[0]["image_urls"]
    assert len(sent) == 1 and "/files/images/" in sent[0] and len(live.state.uploads) == 1


def test_fitting_sends_exactly_the_frame(app, live):
    at = app()
    at.file_uploader(key="reference_file").upload("tall.jpg", images.make("JPEG", (1000, 1500)), "image/jpeg")
    at = fill(at.run(), model="sora-2-pro-preview", resolution="high")
    at.toggle(key="reference_fit").set_value(True).run()
    at.radio(key="reference_fit_mode").set_value("pad").run()
    assert "will hold" in page_text(at)
    submit(at)
    data, mime = next(iter(live.state.uploads.values()))
    assert Image.open(io.BytesIO(data)).size == (1792, 1024) and mime == "image/jpeg"
    from videogen import studio

    store = studio.store(live_data_dir(at))
    record = store.listing.by_key(store.listing.page(limit=1)[0].idempotency_key)  # lists leave thumbnails out
    width, height = Image.open(io.BytesIO(record.reference_thumbnail)).size
    assert width > height  # the thumbnail kept is of what was sent, not of the portrait original


def live_data_dir(at):
    import os
    from pathlib import Path

    return Path(os.environ["VIDEOGEN_DATA_DIR"])


def test_url_is_judged_from_its_start_then_read_whole_for_the_preview(app, host):
    data = images.noisy_jpeg((1920, 1080))
    url = host.route("/photo.jpg", serve_bytes(data))
    at = with_url(app, url)
    assert [h.headers.get("range") for h in host.hits] == ["bytes=0-131071", None]
    assert at.get("image") and "JPEG · 1920x1080 px" in page_text(at)


def test_a_url_file_cut_short_is_caught_by_the_whole_read(app, host):
    data = images.noisy_jpeg((1920, 1080))
    host.route("/cut.jpg", serve_bytes(images.truncated(data, 0.7)))
    at = with_url(app, host.url + "/cut.jpg")
    assert any("cut short" in e.value for e in at.error) and at.button(key="submit_button").disabled


def test_a_verdict_changed_by_the_whole_read_is_shown_once(app, host):
    data = images.truncated(images.noisy_jpeg((1080, 1920)), 0.7)  # portrait, and cut short
    at = with_url(app, host.route("/cut-portrait.jpg", serve_bytes(data)))
    assert len([e for e in at.error if "cut short" in e.value]) == 1
    assert not [w for w in at.warning if "override" in w.value]  # judged on its first bytes, then refused: only that


DAMAGED_FILES = {
    "broken-scan.jpg": (images.jpeg_broken_scan(), "image/jpeg"),
    "cut-then-closed.jpg": (images.jpeg_cut_then_closed(), "image/jpeg"),
    "garbled.png": (images.damaged_png(), "image/png"),
    "short-idat.png": (images.png_short_idat(), "image/png"),
    "broken-sequence.png": (images.apng_broken_sequence(), "image/png"),
}


@pytest.mark.parametrize("name", DAMAGED_FILES)
def test_damaged_picture_data_is_a_verdict_not_an_error_screen(app, name):
    data, mime = DAMAGED_FILES[name]
    at = app()
    at.file_uploader(key="reference_file").upload(name, data, mime)
    at = fill(at.run())
    assert not at.exception
    assert any("damaged" in e.value for e in at.error) and at.button(key="submit_button").disabled
    assert not at.get("image")  # no preview of a picture that does not decode


def test_damaged_data_at_a_url_is_caught_after_the_quick_verdict(app, host):
    at = with_url(app, host.route("/garbled.png", serve_bytes(images.damaged_png())))
    assert not at.exception
    assert len([e for e in at.error if "damaged" in e.value]) == 1 and at.button(key="submit_button").disabled


def test_a_malformed_redirect_is_a_verdict_not_an_error_screen(app, host):
    def handler(conn, request):
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://[::1/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    at = with_url(app, host.route("/moved.png", handler))
    assert not at.exception
    assert any("not a well-formed address" in e.value for e in at.error) and at.button(key="submit_button").disabled


def test_one_statement_of_the_outcome_that_follows_the_choice(app, host):
    url = host.route("/tall.jpg", serve_bytes(images.make("JPEG", (720, 1280))))
    at = with_url(app, url, aspect_ratio="16:9")
    warning = next(w.value for w in at.warning if "override" in w.value)
    assert "the video will be Portrait 9:16, not the Landscape 16:9 you chose" in warning
    assert "Fit it below, or switch to Portrait 9:16" in warning
    assert "Portrait 9:16, taken from the image" in str(at.get("image")[0].proto)
    at.toggle(key="reference_fit").set_value(True).run()
    assert not any("override" in w.value for w in at.warning), "once fitted, only the fitted outcome"
    assert any("will hold" in s.value for s in at.success)
    at.toggle(key="reference_fit").set_value(False).run()
    at.button(key="reference_switch").click().run()
    assert at.radio(key="aspect_ratio").value == "9:16"
    assert not any("override" in w.value for w in at.warning)


def test_no_fit_is_suggested_where_none_is_offered(app, host):
    url = host.route("/huge.png", serve_bytes(images.png_declaring(4000, 12000)))
    at = with_url(app, url, aspect_ratio="16:9")
    assert any("megapixel limit" in e.value for e in at.error)
    assert not [w for w in at.warning if "override" in w.value]  # a refused image gets its refusal only
    assert not at.get("toggle") and not [b for b in at.button if b.key == "reference_switch"]


def test_an_image_of_exactly_the_output_size_is_exact(app, host):
    url = host.route("/exact.png", serve_bytes(images.make("PNG", (1792, 1024))))
    at = with_url(app, url, model="sora-2-pro-preview", resolution="high")
    text = page_text(at)
    assert "rather than exactly" not in text and not at.get("toggle")
    at.radio(key="resolution").set_value("standard").run()
    assert "rather than exactly the video's 1280x720" in page_text(at)


def test_a_small_image_is_said_to_be_enlarged(app, host):
    at = with_url(app, host.route("/icon.png", serve_bytes(images.make("PNG", (64, 36)))))
    assert any("enlarged about 20x" in w.value for w in at.warning)


def test_a_gif_by_url_shows_only_what_is_known(app, host):
    at = with_url(app, host.route("/g.gif", serve_bytes(images.make("GIF", (64, 36)))))
    captions = " ".join(c.value for c in at.caption)
    assert "GIF" in captions and "None" not in captions


@pytest.mark.parametrize(
    "name,data,mime,words",
    [
        ("anim.gif", images.make("GIF", (640, 360)), "image/gif", "GIF images are not accepted"),
        ("big.jpg", images.make("JPEG", (64, 64)) + b"\0" * (12 * 1024 * 1024), "image/jpeg", "the limit is 10 MB"),
        ("notes.txt", b"hello", "text/plain", "This is not an image"),
    ],
    ids=["anim.gif", "big.jpg", "notes.txt"],  # not the bytes: a 12 MB id is carried to every xdist worker
)
def test_uploads_get_the_apps_own_words(app, name, data, mime, words):
    at = app()
    at.file_uploader(key="reference_file").upload(name, data, mime)
    at = fill(at.run())
    assert any(words in e.value for e in at.error) and at.button(key="submit_button").disabled


def test_a_refused_image_gets_only_its_refusal(app):
    """A portrait PNG cut short, on a landscape video: refused, and nothing about overriding or switching."""
    at = app()
    data = images.make("PNG", (720, 1280))
    at.file_uploader(key="reference_file").upload("tall.png", data[: len(data) // 2], "image/png")
    at = fill(at.run())
    assert any("damaged or cut short" in e.value for e in at.error)
    assert not at.warning and not [b for b in at.button if b.key == "reference_switch"]
    assert "may be cropped" not in page_text(at)


def test_a_file_over_the_upload_limit_is_refused_before_paying_even_where_the_model_takes_it_by_url(app):
    """MiniMax H3 takes a 30 MB first frame by URL, but APIMart's upload takes 20 MB: a 22 MB file would
    fail at submit. It is said at once, with what to do, and Submit waits."""
    at = app()
    at.selectbox(key="model").set_value("MiniMax-H3").run()
    big = images.make("JPEG", (640, 360)) + b"\0" * (22 * 1024 * 1024)
    at.file_uploader(key="first_frame_file").upload("big.jpg", big, "image/jpeg")
    at = fill(at.run())
    refusal = [e.value for e in at.error if "APIMart takes uploaded files up to 20 MB" in e.value]
    assert refusal and "by its URL" in refusal[0] and at.button(key="submit_button").disabled
