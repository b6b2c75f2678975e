"""The hostile set (devtools/hostile_images.py) through the image wing: every file ends in the verdict it must
have, with no exception, and the bounds that keep a few bytes from costing gigabytes hold by construction."""

import io

import pytest
from PIL import Image

from devtools.hostile_images import hostile, motion_photo, png, png_with_chunks
from devtools.image_sweep import through_the_wing
from videogen.catalog import builtin
from videogen.images import memory, structure
from videogen.images.decoding import reduced
from videogen.images.fitting import fit, framed
from videogen.images.reference_image import ReferenceImage
from videogen.images.verdict import inspect

CATALOG = builtin()
SET = {item.name: item for item in hostile()}


@pytest.mark.parametrize("name", SET)
def test_every_hostile_file_gets_its_verdict_and_nothing_raises(name):
    item = SET[name]
    swept = through_the_wing(name, item.make(), CATALOG)
    assert swept.error is None, swept.error
    if item.expect == "accept":
        assert swept.ok, swept.problems
    else:
        assert not swept.ok and item.expect in swept.problems, swept.problems
    if item.warning:
        assert item.warning in swept.warnings


def test_the_set_is_the_size_the_issue_names():
    assert len(SET) >= 63 and len({item.expect for item in SET.values()}) >= 6


@pytest.mark.parametrize("size", [(1, 1), (4000, 2), (1, 4000), (2, 2)])
@pytest.mark.parametrize("frame", [(1280, 720), (720, 1280), (1, 1)])
def test_thin_and_tiny_pictures_fit_and_preview_exactly(size, frame):
    picture = Image.new("RGB", size, "red")
    for mode in ("crop", "pad"):
        fitted = fit(picture, frame, mode)
        assert Image.open(io.BytesIO(fitted.content)).size == frame
    assert Image.open(io.BytesIO(framed(picture, frame))).size == size


def test_fit_resamples_only_the_region_the_frame_needs():
    """A 4000x2 strip cropped to 9:16: the old way resized it to 2,560,000x1,280 first (9.8 GB of pixels)."""
    strip = Image.new("RGB", (4000, 2), "blue")
    strip.paste(Image.new("RGB", (10, 2), "red"), (1995, 0))  # the middle is red
    fitted = Image.open(io.BytesIO(fit(strip, (720, 1280), "crop").content)).convert("RGB")
    assert fitted.size == (720, 1280) and fitted.getpixel((360, 640))[0] > 200


def test_a_wide_one_bit_strip_is_reduced_tile_by_tile():
    strip = Image.new("1", (3_000_000, 1), 1)
    small = reduced(strip, 400)
    assert small.size == (7500, 1) and small.mode == "RGB" and small.getpixel((10, 0)) == (255, 255, 255)


def test_sixteen_bit_grey_keeps_its_tones():
    """Pillow's own conversion clips 16-bit grey at 255 (a white picture); the top byte is kept instead."""
    grey = Image.new("I;16", (64, 64), 32768)
    assert reduced(grey, 2).getpixel((5, 5)) == (128, 128, 128)


def test_the_cost_of_a_decode_is_read_from_the_header():
    assert memory.decode_cost("PNG", 1, 40_000_000, "1").bytes > memory.DECODE_BUDGET  # line pointers alone
    assert memory.decode_cost("PNG", 8000, 5000, "RGBA").within
    assert not memory.decode_cost("WEBP", 6000, 6000, "RGBA", frames=2).within  # four canvases of 144 MB
    assert not memory.decode_cost("PNG", 1000, 1000, "RGB", frames=2000).within  # 2 gigapixels to check
    assert memory.reduction(8000, 5000) == 3 and memory.reduction(1280, 720) == 1


def test_refused_before_any_decode_when_the_budget_would_be_crossed():
    verdict = inspect(SET["animated-6000x6000.webp"].make(), CATALOG)
    assert verdict.problems == ["too_many_pixels"]
    assert "MB of memory" in verdict.messages["too_many_pixels"]
    frames = inspect(SET["animated-2000-frames.webp"].make(), CATALOG)
    assert "2000 frames" in frames.messages["too_many_pixels"]


SOUPS = {
    "PNG chunks": lambda: png_with_chunks(200_000),
    "JPEG segments": SET["com-soup-9.9mb.jpg"].make,
    "JPEG scans": SET["scan-bomb.jpg"].make,
}


@pytest.mark.parametrize("kind", SOUPS)
def test_chunk_and_segment_soup_stops_the_walk_at_its_bound(kind):
    data = SOUPS[kind]()
    layout = structure.layout(structure.format_of(data) or "", data)
    assert layout is not None and layout.too_complex
    assert (layout.scans if kind == "JPEG scans" else layout.pieces) == layout.limit + 1
    verdict = inspect(data, CATALOG)
    assert verdict.problems == ["too_complex"] and kind in verdict.messages["too_complex"]


def test_an_upload_over_the_size_rule_is_refused_unparsed():
    data = png(64, 64) + b"\x00" * (60 * 1024 * 1024)
    verdict = inspect(data, CATALOG)
    assert verdict.problems == ["too_large"] and verdict.width is None and verdict.format == "PNG"


@pytest.mark.parametrize("eoi_in_tail", [False, True], ids=["eoi elsewhere", "eoi in the tail"])
def test_a_motion_photo_is_accepted_and_uploaded_without_its_video(eoi_in_tail):
    data = motion_photo(eoi_in_tail)
    image = ReferenceImage.from_bytes(data, "phone.jpg", CATALOG)
    assert image.complete(CATALOG).ok
    sent, _, mime = image.upload_form()
    assert mime == "image/jpeg" and sent.endswith(b"\xff\xd9") and len(sent) < len(data)
    assert Image.open(io.BytesIO(sent)).size == (1280, 960)
    judged = image.judged(CATALOG, "4:3")
    assert "trailing_data" in judged.warnings and "sent without" in judged.message("trailing_data")


def test_the_jpeg_walk_finds_the_exact_end_of_the_picture():
    picture = Image.new("RGB", (64, 64), "green")
    out = io.BytesIO()
    picture.save(out, "JPEG")
    data = out.getvalue()
    assert structure.jpeg(data + b"\xff\xd9junk\xff\xd9").end == len(data)
    assert structure.jpeg(data[:-200]).end is None


def test_png_exif_after_the_image_data_turns_the_picture():
    verdict = inspect(SET["exif-after-idat.png"].make(), CATALOG)
    assert (verdict.width, verdict.height, verdict.orientation) == (360, 640, "portrait")


@pytest.mark.parametrize(
    "name,fmt", [("picture.tga", "TGA"), ("picture.dds", "DDS"), ("bigtiff.tif", "BigTIFF")], ids=str
)
def test_a_picture_in_another_format_is_named_not_called_not_an_image(name, fmt):
    verdict = inspect(SET[name].make(), CATALOG)
    assert verdict.problems == ["unsupported_format"] and verdict.format == fmt
    assert f"This is a {fmt} picture" in verdict.messages["unsupported_format"]


def test_a_jpeg_with_junk_between_header_segments_is_judged_by_the_lenient_decoder():
    data = SET["junk-before-marker.jpg"].make()
    image = ReferenceImage.from_bytes(data, "junk.jpg", CATALOG)
    assert image.complete(CATALOG).ok and image.base is not None and image.working.size == (1280, 720)


def test_fits_are_cut_from_the_one_decode():
    image = ReferenceImage.from_bytes(SET["8000x5000-rgb.png"].make(), "big.png", CATALOG)
    image.complete(CATALOG)
    working = image.working
    assert working is not None and working.size == (2667, 1667)
    first = image.fit(CATALOG, (1280, 720), "crop", "center", "blur")
    second = image.fit(CATALOG, (720, 1280), "pad", "center", "black")
    assert first and second and image.working is working
