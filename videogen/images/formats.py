"""Which picture format a file is in, when it is not one the API takes: named from its first bytes, or by Pillow's
openers that read a header and no pixel, so that a TGA is said to be a TGA and not "not an image"."""

from __future__ import annotations

import io
import warnings

from PIL import Image

# Formats the API refuses are named from their first bytes only: their parsers are never run (some,
# like ICO, decode pixels just to open a file).
OTHER_FORMATS = [
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG2000"),
    (b"\xff\x4f\xff\x51", "JPEG2000"),
    (b"II+\x00", "BigTIFF"),
    (b"MM\x00+", "BigTIFF"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL \x0d\x0a\x87\x0a", "JPEG XL"),
    (b"v/1\x01", "OpenEXR"),
    (b"#?RADIANCE", "Radiance HDR"),
    (b"#?RGBE", "Radiance HDR"),
    (b"farbfeld", "farbfeld"),
    (b"qoif", "QOI"),
]
ISO_BRANDS = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"hevc": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
    b"avif": "AVIF",
    b"avis": "AVIF",
}
# Other picture formats Pillow can name from their header alone (their openers read no pixel): said as
# such ("a TGA picture"), not as "not an image".
NAMED_BY_PILLOW = (
    *("TGA", "DDS", "PPM", "SGI", "PCX", "SUN", "BLP", "FTEX", "XBM", "IM", "MSP", "DCX", "PIXAR", "FLI", "ICNS"),
    *("CUR", "DIB", "FITS", "XPM", "MCIDAS", "WMF", "EPS", "GBR", "XVThumb", "PCD", "GRIB", "BUFR", "HDF5"),
)


def other_format(data: bytes) -> str | None:
    for magic, name in OTHER_FORMATS:
        if data.startswith(magic):
            return name
    if data[4:8] == b"ftyp":
        return ISO_BRANDS.get(data[8:12])
    return None


def named_by_pillow(data: bytes) -> str | None:
    """A picture in a format the API does not take, named by Pillow from its header (no pixel is read)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Image.open(io.BytesIO(data), formats=NAMED_BY_PILLOW).format
    except Exception:  # noqa: BLE001 - any opener's refusal means the same here: not a picture it knows
        return None
