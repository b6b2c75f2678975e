import io

import pytest
from PIL import Image

from tests import images
from videogen.images.fitting import fit, preview, thumbnail


def opened(data):
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize("mode", ["crop", "pad"])
@pytest.mark.parametrize("size", [(1280, 720), (720, 1280), (1792, 1024)])
def test_fit_gives_exactly_the_frame(mode, size):
    fitted = fit(images.make("JPEG", (1600, 1200)), size, mode)
    image = opened(fitted.content)
    assert image.size == size == (fitted.width, fitted.height) and image.format == "JPEG"


def test_crop_anchor_keeps_the_chosen_side():
    source = Image.new("RGB", (1000, 2000), "red")
    source.paste(Image.new("RGB", (1000, 1000), "blue"), (0, 0))  # blue top half, red bottom half
    out = io.BytesIO()
    source.save(out, "PNG")
    top = opened(fit(out.getvalue(), (1280, 720), "crop", "top").content).convert("RGB")
    bottom = opened(fit(out.getvalue(), (1280, 720), "crop", "bottom").content).convert("RGB")
    assert top.getpixel((640, 360))[2] > 200 and bottom.getpixel((640, 360))[0] > 200


def test_pad_solid_keeps_the_whole_picture():
    fitted = opened(fit(images.make("PNG", (720, 1280), color="red"), (1280, 720), "pad", background="black").content)
    assert fitted.getpixel((5, 360))[0] < 30 and fitted.getpixel((640, 360))[0] > 200


def test_exif_rotation_is_applied_before_fitting():
    data = images.make("JPEG", (1280, 720), orientation=6)  # shown as 720x1280
    assert opened(preview(data)).size[1] > opened(preview(data)).size[0]


def test_preview_and_thumbnail_are_small():
    data = images.make("JPEG", (6000, 4000))
    assert max(opened(preview(data, (16, 9))).size) <= 480
    assert max(opened(thumbnail(data)).size) <= 160
