"""The full decode: damaged picture data is `corrupt`, whole data is accepted whatever its chunk names,
orientation comes from the same sources as Pillow's transpose, and a WebP is judged from its header."""

import io
import json
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

from tests import images
from videogen.catalog import builtin
from videogen.images.decoding import CorruptImage, first_frame
from videogen.images.verdict import inspect, verify, webp_header

CATALOG = builtin()

DAMAGED = {
    "jpeg, random bytes in the scan": images.jpeg_broken_scan(),
    "jpeg, cut mid-scan then closed": images.jpeg_cut_then_closed(),
    "png, garbled zlib stream (checksums fixed)": images.damaged_png(),
    "png, half the image data, IEND present": images.png_short_idat(),
    "apng, frame sequence skips a number": images.apng_broken_sequence(),
}


@pytest.mark.parametrize("name", DAMAGED)
def test_damaged_pixel_data_is_corrupt(name):
    data = DAMAGED[name]
    header = inspect(data, CATALOG, "landscape")
    assert header.ok, "the header alone looks fine: only the decode can tell"
    verdict, picture = verify(data, header)
    assert not verdict.ok and verdict.problems == ["corrupt"] and picture is None
    assert "export it again" in verdict.messages["corrupt"]


def test_scan_corruptions_are_caught():
    """Random damage in the entropy-coded data: libjpeg-turbo's strict mode refuses what Pillow quietly
    paints grey (Pillow decoded 36 of 40 such files 'successfully'). A few random byte runs happen to be
    valid code, and decode: those are not damage a decoder can see."""
    caught = pillow_caught = 0
    for seed in range(40):
        data = images.jpeg_broken_scan(seed=seed)
        try:
            first_frame(data)
        except CorruptImage:
            caught += 1
        try:
            Image.open(io.BytesIO(data)).load()
        except OSError:
            pillow_caught += 1
    assert caught >= 28 and caught >= 3 * pillow_caught


def test_png_without_image_data_is_corrupt_at_once():
    verdict = inspect(images.png_without_idat(), CATALOG)
    assert verdict.problems == ["corrupt"]


def test_whole_data_with_a_mangled_end_chunk_is_accepted():
    data = images.png_renamed_iend()
    verdict, picture = verify(data, inspect(data, CATALOG, "landscape"))
    assert verdict.ok and picture is not None and picture.small.size == (320, 180)


WHOLE = {
    "jpeg": images.make("JPEG", (1280, 720)),
    "progressive jpeg": images.make("JPEG", (1280, 720), progressive=True),
    "grey jpeg": images.make("JPEG", (1280, 720), mode="L", color=128),
    "cmyk jpeg": images.make("JPEG", (1280, 720), mode="CMYK", color=(0, 0, 0, 0)),
    "png": images.noisy_png((1280, 720)),
    "16-bit png": images.make("PNG", (1280, 720), mode="I;16", color=1000),
    "palette png": images.make("PNG", (1280, 720), mode="P"),
    "rgba png": images.make("PNG", (1280, 720), mode="RGBA", color=(1, 2, 3, 100)),
    "lossy webp": images.make("WEBP", (1280, 720)),
    "lossless webp": images.make("WEBP", (1280, 720), lossless=True),
    "animated webp": images.animated("WEBP"),
    "animated png": images.animated("PNG"),
}


@pytest.mark.parametrize("name", WHOLE)
def test_whole_images_decode(name):
    data = WHOLE[name]
    verdict, picture = verify(data, inspect(data, CATALOG, "landscape"))
    assert verdict.ok and picture.small.mode == "RGB" and max(picture.small.size) <= 480
    assert picture.working.mode == "RGB" and picture.working.size == (1280, 720) or name.startswith("animated")


def test_cmyk_jpeg_keeps_its_colours():
    data = images.make("JPEG", (640, 360), mode="CMYK", color=(0, 255, 255, 0))  # red in CMYK
    red, green, blue = first_frame(data).getpixel((10, 10))
    reference = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB").getpixel((10, 10))
    assert abs(red - reference[0]) < 12 and abs(green - reference[1]) < 12 and abs(blue - reference[2]) < 12


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("attribute", [True, False], ids=["attribute", "element"])
def test_xmp_orientation_is_honoured_as_the_transpose_does(fmt, attribute):
    data = images.with_xmp_orientation(fmt, (1280, 720), 6, attribute=attribute)
    transposed = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    verdict = inspect(data, CATALOG, "landscape")
    assert (verdict.width, verdict.height) == transposed.size == (720, 1280)
    assert verdict.orientation == "portrait" and "aspect_override" in verdict.warnings
    assert first_frame(data).size == (270, 480)


def test_exif_wins_over_xmp():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 1
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/" tiff:Orientation="6"/>'
    Image.new("RGB", (1280, 720)).save(out, "JPEG", exif=exif.tobytes(), xmp=xmp)
    assert inspect(out.getvalue(), CATALOG).orientation == "landscape"


def _webp_with_exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    Image.new("RGB", (1280, 720)).save(out, "WEBP", exif=exif.tobytes())
    return out.getvalue()


WEBPS = {
    "lossy": images.make("WEBP", (1279, 719)),
    "lossless": images.make("WEBP", (1001, 333), lossless=True),
    "alpha": images.make("WEBP", (640, 480), mode="RGBA", color=(1, 2, 3, 4)),
    "animated": images.animated("WEBP", (320, 180), frames=4),
    "exif rotated": _webp_with_exif(6),
    "xmp rotated": images.with_xmp_orientation("WEBP", (1280, 720), 8),
}


@pytest.mark.parametrize("name", WEBPS)
def test_webp_header_agrees_with_pillow(name):
    data = WEBPS[name]
    image = Image.open(io.BytesIO(data))
    width, height, frames, turn = webp_header(data)
    upright = ImageOps.exif_transpose(image).size
    assert (width, height) == image.size and frames == getattr(image, "n_frames", 1)
    swapped = (height, width) if turn in (5, 6, 7, 8) else (width, height)
    assert swapped == upright


def test_webp_judged_from_its_first_bytes():
    big = images.noisy_jpeg((3000, 2000))  # a photo-like picture, re-encoded as a large WebP
    out = io.BytesIO()
    Image.open(io.BytesIO(big)).save(out, "WEBP", quality=95)
    data = out.getvalue()
    assert len(data) > 256 * 1024
    part = data[: 128 * 1024]
    verdict = inspect(part, CATALOG, "landscape", total_bytes=len(data), complete=False)
    whole = inspect(data, CATALOG, "landscape")
    assert verdict.ok and (verdict.format, verdict.width, verdict.height) == ("WEBP", 3000, 2000)
    assert (whole.format, whole.width, whole.height, whole.bytes) == ("WEBP", 3000, 2000, verdict.bytes)


def test_webp_exif_beyond_the_first_bytes_asks_for_the_whole_file():
    data = _webp_with_exif(6)
    cut = len(data) - 20  # the EXIF chunk, after the image data, is not in these bytes
    assert webp_header(data[:cut]) is None


SEEDS = [
    images.make("JPEG", (160, 90)),
    images.noisy_png((160, 90)),
    images.make("WEBP", (160, 90)),
    images.animated("PNG", (64, 36)),
    images.animated("WEBP", (64, 36)),
]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
def test_the_decode_always_ends_in_a_verdict(data):
    verdict, picture = verify(data, inspect(data, CATALOG, "landscape"))
    assert verdict.ok is (not verdict.problems)
    assert (picture is not None) is verdict.ok


def run_cli(*args):
    done = subprocess.run([sys.executable, "-m", "videogen", *args], capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_check_image_decodes_in_full_unless_quick(tmp_path):
    path = tmp_path / "damaged.png"
    path.write_bytes(images.damaged_png())
    rc, out, err = run_cli("check-image", str(path))
    assert rc == 1 and json.loads(out)["problems"] == ["corrupt"] and "Traceback" not in err
    rc, out, _ = run_cli("check-image", str(path), "--quick")
    assert rc == 0 and json.loads(out)["ok"] is True


def test_random_damage_never_crashes_the_cli(tmp_path):
    rng = random.Random(3)
    for index in range(6):
        data = bytearray(images.jpeg_broken_scan(seed=index))
        data[rng.randrange(len(data))] ^= 0xFF
        path = tmp_path / f"d{index}.jpg"
        path.write_bytes(bytes(data))
        rc, out, err = run_cli("check-image", str(path))
        assert rc in (0, 1) and "problems" in json.loads(out) and "Traceback" not in err


def test_a_still_webp_is_decoded_straight_to_preview_size():
    from videogen.images import webp_scaled

    data = images.make("WEBP", (4000, 1000), quality=50)
    picture = webp_scaled.decode(data, 480)
    assert picture is not None and picture.size == (480, 120) and picture.mode == "RGB"
    patched = bytearray(data[: len(data) * 2 // 3])  # cut short, its RIFF size made to match
    patched[4:8] = (len(patched) - 8).to_bytes(4, "little")
    with pytest.raises(webp_scaled.Undecodable):
        webp_scaled.decode(bytes(patched), 480)
    assert webp_scaled.decode(images.animated("WEBP"), 480) is None  # Pillow decodes animations


def test_a_webp_cut_short_with_a_matching_riff_size_is_corrupt():
    data = images.noisy_png((800, 450))
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "WEBP", quality=90)
    cut = bytearray(out.getvalue()[: out.tell() * 2 // 3])
    cut[4:8] = (len(cut) - 8).to_bytes(4, "little")
    verdict, picture = verify(bytes(cut), inspect(bytes(cut), CATALOG))
    assert verdict.problems == ["corrupt"] and picture is None
