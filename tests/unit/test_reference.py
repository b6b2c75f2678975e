import io
import time

import pytest
from PIL import Image

from tests import images
from videogen.images.verdict import inspect, retarget


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats_landscape(catalog, fmt):
    verdict = inspect(images.make(fmt, (1280, 720)), catalog, "landscape")
    assert verdict.ok and verdict.format == fmt and (verdict.width, verdict.height) == (1280, 720)
    assert verdict.orientation == "landscape" and verdict.problems == [] and verdict.warnings == []


def test_portrait_image_with_landscape_choice_warns_override(catalog):
    verdict = inspect(images.make("PNG", (720, 1280)), catalog, "16:9")
    assert verdict.ok and verdict.warnings == ["aspect_override"]
    assert "override" in verdict.messages["aspect_override"]
    assert "Portrait 9:16" in verdict.messages["aspect_override"]


def test_square_warns_unsupported(catalog):
    """On a model with no square video (Sora 2); the default model makes square videos."""
    verdict = retarget(
        inspect(images.make("JPEG", (800, 800)), catalog), catalog, "portrait", model=catalog.models["sora-2-preview"]
    )
    assert verdict.ok and verdict.orientation == "square" and verdict.warnings == ["square_unsupported"]


def test_four_by_three_is_not_exact(catalog):
    verdict = inspect(images.make("JPEG", (1600, 1200)), catalog, "landscape")
    assert verdict.warnings == ["ratio_not_exact"] and "4:3" in verdict.messages["ratio_not_exact"]


def test_nearly_exact_ratio_is_fine(catalog):
    assert inspect(images.make("JPEG", (1279, 720)), catalog, "landscape").warnings == []


@pytest.mark.parametrize(
    "orientation,swapped", [(1, False), (2, False), (3, False), (4, False), (5, True), (6, True), (7, True), (8, True)]
)
def test_exif_orientation_is_applied(catalog, orientation, swapped):
    verdict = inspect(images.make("JPEG", (1280, 720), orientation=orientation), catalog, "landscape")
    assert (verdict.width, verdict.height) == ((720, 1280) if swapped else (1280, 720))
    assert ("aspect_override" in verdict.warnings) == swapped


def test_cmyk_jpeg_is_a_jpeg(catalog):
    verdict = inspect(images.make("JPEG", (1280, 720), mode="CMYK", color=(0, 50, 100, 0)), catalog)
    assert verdict.ok and verdict.format == "JPEG"


def test_animated_webp_is_reported(catalog):
    verdict = inspect(images.animated("WEBP"), catalog, "landscape")
    assert verdict.ok and verdict.frames == 3 and "animated" in verdict.warnings


def test_animated_png_is_reported(catalog):
    verdict = inspect(images.animated("PNG"), catalog, "landscape")
    assert verdict.ok and "animated" in verdict.warnings


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_files_are_rejected(catalog, fmt):
    data = images.make(fmt, (1280, 720), color="white") if fmt != "JPEG" else images.noisy_jpeg((640, 360))
    verdict = inspect(images.truncated(data, 0.6), catalog)
    assert not verdict.ok and verdict.problems == ["corrupt"] and verdict.format == fmt


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_formats_are_unsupported(catalog, fmt):
    verdict = inspect(images.make(fmt, (1280, 720)), catalog)
    assert not verdict.ok and verdict.format == fmt and verdict.problems == ["unsupported_format"]


def test_content_decides_not_the_name(catalog, tmp_path):
    verdict = inspect(images.make("BMP", (1280, 720)), catalog)  # as if named photo.png
    assert verdict.format == "BMP" and "unsupported_format" in verdict.problems


@pytest.mark.parametrize("data", [b"", b"hello, this is text", b"<svg xmlns='http://www.w3.org/2000/svg'/>"])
def test_non_images(catalog, data):
    verdict = inspect(data, catalog)
    assert not verdict.ok and verdict.problems == ["not_an_image"]


def test_huge_declared_dimensions_are_refused_without_decoding(catalog):
    started = time.perf_counter()
    verdict = inspect(images.png_declaring(50_000, 50_000), catalog)
    assert not verdict.ok and verdict.problems == ["too_many_pixels"]
    assert time.perf_counter() - started < 1.0


def test_over_the_pixel_limit_but_openable(catalog):
    verdict = inspect(images.png_declaring(10_000, 8_000), catalog)
    assert "too_many_pixels" in verdict.problems and (verdict.width, verdict.height) == (10_000, 8_000)


def test_too_large_by_bytes(catalog):
    data = images.make("PNG", (1280, 720))
    verdict = inspect(data, catalog, total_bytes=11 * 1024 * 1024, complete=False)
    assert verdict.problems == ["too_large"] and verdict.bytes == 11 * 1024 * 1024


def test_partial_bytes_judge_the_header(catalog):
    data = images.noisy_jpeg((1920, 1080))
    verdict = inspect(data[: 128 * 1024], catalog, "landscape", total_bytes=len(data), complete=False)
    assert verdict.ok and (verdict.width, verdict.height) == (1920, 1080) and verdict.bytes == len(data)
    assert verdict.read_whole_file is False


def test_strip_and_palette_and_16bit(catalog):
    assert inspect(images.make("PNG", (1, 10_000)), catalog).orientation == "portrait"
    palette = Image.new("P", (160, 90))
    palette.info["transparency"] = 0
    out = io.BytesIO()
    palette.save(out, "PNG")
    assert inspect(out.getvalue(), catalog).ok
    assert inspect(images.make("PNG", (160, 90), mode="I;16", color=500), catalog).ok


def test_an_image_led_shape_is_named_by_the_image_not_by_the_models_field(catalog):
    """Hailuo lists 16:9 only, yet a portrait first frame makes a portrait video: the note must not say
    '(9:16, about Landscape 16:9)'."""
    verdict = retarget(
        inspect(images.make("JPEG", (720, 1280)), catalog),
        catalog,
        None,
        model=catalog.models["MiniMax-Hailuo-2.3"],
        role="first_frame",
    )
    words = verdict.messages["shape_from_image"]
    assert "9:16" in words and "Portrait 9:16" in words and "Landscape" not in words
