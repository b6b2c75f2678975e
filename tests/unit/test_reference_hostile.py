"""Hostile images: every one ends in a verdict or a typed rejection, fast, without decoding pixels."""

import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from tests import images
from videogen.catalog import builtin
from videogen.images.verdict import Verdict, inspect

CATALOG = builtin()


@pytest.fixture
def no_decode(monkeypatch):
    """Any pixel decode during the test fails it: inspection must read headers only."""

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"pixels of a {self.format} image were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def mpo_jpeg() -> bytes:
    out = io.BytesIO()
    first, second = Image.new("RGB", (1280, 720), "red"), Image.new("RGB", (1280, 720), "blue")
    first.save(out, "MPO", save_all=True, append_images=[second])
    return out.getvalue()


HEIC_LIKE = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
CASES = [
    ("zero bytes", b"", ["not_an_image"], None),
    ("text named .jpg", b"Just some text, not a JPEG.\n" * 10, ["not_an_image"], None),
    (
        "svg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        ["not_an_image"],
        None,
    ),
    ("heic-like", HEIC_LIKE, ["unsupported_format"], "HEIC"),
    ("gif", images.make("GIF", (1280, 720)), ["unsupported_format"], "GIF"),
    ("bmp", images.make("BMP", (1280, 720)), ["unsupported_format"], "BMP"),
    ("tiff", images.make("TIFF", (1280, 720)), ["unsupported_format"], "TIFF"),
    ("ico", images.make("ICO", (64, 64)), ["unsupported_format"], "ICO"),
    ("mpo jpeg", mpo_jpeg(), [], "JPEG"),
    ("cmyk jpeg", images.make("JPEG", (1280, 720), mode="CMYK", color=(0, 0, 0, 0)), [], "JPEG"),
    ("16-bit png", images.make("PNG", (1280, 720), mode="I;16", color=1000), [], "PNG"),
    ("1x10000 strip", images.make("PNG", (1, 10_000)), [], "PNG"),
    ("50000x50000 png", images.png_declaring(50_000, 50_000), ["too_many_pixels"], None),
    ("truncated jpeg", images.truncated(images.noisy_jpeg((640, 360))), ["corrupt"], "JPEG"),
    ("truncated png", images.truncated(images.make("PNG", (640, 360), color="white")), ["corrupt"], "PNG"),
    ("truncated webp", images.truncated(images.make("WEBP", (640, 360), color="white")), ["corrupt"], "WEBP"),
]


@pytest.mark.parametrize("name,data,problems,fmt", CASES, ids=[c[0] for c in CASES])
def test_hostile_image(no_decode, name, data, problems, fmt):
    started = time.perf_counter()
    verdict = inspect(data, CATALOG, "landscape")
    assert verdict.problems == problems and verdict.ok is (not problems)
    if fmt:
        assert verdict.format == fmt
    assert all(code in verdict.messages for code in verdict.problems + verdict.warnings)
    assert time.perf_counter() - started < 0.5


def test_palette_png_with_transparency(no_decode):
    image = Image.new("P", (1280, 720))
    image.info["transparency"] = 0
    out = io.BytesIO()
    image.save(out, "PNG")
    assert inspect(out.getvalue(), CATALOG).ok


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_animated_is_a_warning(no_decode, fmt):
    verdict = inspect(images.animated(fmt, frames=4), CATALOG, "landscape")
    assert verdict.ok and verdict.frames == 4 and verdict.warnings == ["animated"]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation(no_decode, orientation):
    verdict = inspect(images.make("JPEG", (1280, 720), orientation=orientation), CATALOG, "landscape")
    assert verdict.orientation == ("portrait" if orientation >= 5 else "landscape")


SEEDS = [
    images.make("JPEG", (320, 180)),
    images.make("PNG", (320, 180)),
    images.make("WEBP", (320, 180)),
    images.animated("WEBP", (64, 36)),
    images.make("JPEG", (320, 180), orientation=6),
    images.png_declaring(20_000, 20_000),
]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 12))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) if draw(st.booleans()) else bytes(data)


def _judged(data: bytes) -> None:
    started = time.perf_counter()
    verdict = inspect(data, CATALOG, "portrait")
    assert isinstance(verdict, Verdict)
    assert verdict.ok is (not verdict.problems)
    assert set(verdict.problems) <= {"not_an_image", "unsupported_format", "too_large", "too_many_pixels", "corrupt"}
    assert time.perf_counter() - started < 0.5


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4096))
def test_random_bytes_always_get_a_verdict(no_decode, data):
    _judged(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
def test_mutated_images_always_get_a_verdict(no_decode, data):
    _judged(data)
