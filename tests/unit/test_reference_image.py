"""The reference-image service: what is read when, and what is computed once."""

import pytest

from tests import images
from tests.faultserver import serve_bytes
from videogen.images.reference_image import ReferenceImage


def test_a_url_is_judged_from_its_first_bytes_then_read_whole_once(faults, catalog):
    data = images.noisy_jpeg((1600, 900))
    assert len(data) > 128 * 1024  # a ranged read is not the whole file
    url = faults.route("/big.jpg", serve_bytes(data))
    image = ReferenceImage.from_url(url, catalog, allow_private=True)
    assert image.verdict.ok and image.data is None and image.needs_whole_read
    assert image.complete(catalog).ok and image.data == data and image.decoded and image.thumbnail
    reads = len(faults.hits)
    image.complete(catalog)  # nothing left to learn: nothing is fetched or decoded again
    assert len(faults.hits) == reads


def test_a_file_cut_short_is_caught_by_the_whole_read(faults, catalog):
    url = faults.route("/cut.jpg", serve_bytes(images.truncated(images.noisy_jpeg((1600, 900)), 0.8)))
    image = ReferenceImage.from_url(url, catalog, allow_private=True)
    assert image.verdict.ok  # its first bytes look fine
    assert not image.complete(catalog).ok


def test_damaged_picture_data_is_caught_by_the_one_decode(catalog):
    image = ReferenceImage.from_bytes(images.damaged_png(), "d.png", catalog)
    assert image.verdict.ok and not image.complete(catalog).ok and "corrupt" in image.verdict.problems
    assert image.preview((16, 9)) is None and image.upload_form() is not None  # no picture to preview


def test_a_file_too_large_is_refused_unread(tmp_path, catalog):
    path = tmp_path / "huge.jpg"
    path.write_bytes(b"\xff\xd8" + bytes(catalog.reference.max_bytes * 4 + 1))
    image = ReferenceImage.from_path(path, catalog)
    assert (
        image.data is None
        and image.verdict.problems == ["too_large"]
        and "limit is" in image.verdict.messages["too_large"]
    )


def test_previews_and_fits_are_computed_once_per_choice(catalog):
    image = ReferenceImage.from_bytes(images.make("PNG", (900, 1600)), "p.png", catalog)
    image.complete(catalog)
    assert image.preview((16, 9)) is image.preview((16, 9))
    fitted = image.fit(catalog, (1280, 720), "crop", "center", "blur")
    assert fitted is image.fit(catalog, (1280, 720), "crop", "center", "blur")
    assert (fitted.image.width, fitted.image.height) == (1280, 720) and fitted.verdict.ok
    assert image.judged(catalog, "landscape").warnings == ["aspect_override"]


def test_the_upload_form_names_the_content_type_from_the_content(catalog):
    data = images.make("WEBP", (1280, 720))
    image = ReferenceImage.from_bytes(data, "photo.jpg", catalog)  # the name says JPEG; the bytes say WebP
    assert image.upload_form() == (data, "photo.jpg", "image/webp")
    assert image.digest == ReferenceImage.from_bytes(data, "other.webp", catalog).digest


def test_a_file_over_one_models_limit_is_judged_afresh_for_a_model_that_takes_it(catalog):
    """A 23 MB picture: over the default model's 10 MB, within MiniMax H3's 30 MB. Judged first for the default
    model (as every file is on arrival), it stayed refused for H3 too ("the limit is 10 MB"), and was never
    decoded; now each model judges it by its own rules, and it is decoded for the one that takes it."""
    big = images.make("JPEG", (640, 360)) + b"\0" * (22 * 1024 * 1024)
    image = ReferenceImage.from_bytes(big, "big.jpg", catalog)
    image.complete(catalog)
    h3 = image.judged(catalog, "16:9", model=catalog.models["MiniMax-H3"], role="first_frame")
    kling = image.judged(catalog, "16:9", model=catalog.models["kling-v3"], role="first_frame")
    assert h3.ok and image.base is not None  # decoded: its preview and fit exist
    assert not kling.ok and kling.details["too_large"]["limit_mb"] == pytest.approx(10.48576)
