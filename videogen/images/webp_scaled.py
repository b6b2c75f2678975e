"""libwebp's scaled decode through ctypes: a still WebP decoded straight to preview size, so a wide
picture costs kilobytes instead of hundreds of megabytes. Pillow bundles libwebp but does not expose
scaling. Returns None where the library cannot be used (the caller then decodes with Pillow)."""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
from functools import lru_cache

import PIL
from PIL import Image

ABI_VERSION = 0x0209  # WEBP_DECODER_ABI_VERSION: libwebp refuses a config of another layout
MODE_RGB = 0
STATUS_OK = 0


class _Features(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("has_alpha", ctypes.c_int),
        ("has_animation", ctypes.c_int),
        ("format", ctypes.c_int),
        ("pad", ctypes.c_uint32 * 5),
    ]


class _RGBA(ctypes.Structure):
    _fields_ = [("rgba", ctypes.c_void_p), ("stride", ctypes.c_int), ("size", ctypes.c_size_t)]


class _YUVA(ctypes.Structure):
    _fields_ = (
        [(name, ctypes.c_void_p) for name in ("y", "u", "v", "a")]
        + [(name, ctypes.c_int) for name in ("y_stride", "u_stride", "v_stride", "a_stride")]
        + [(name, ctypes.c_size_t) for name in ("y_size", "u_size", "v_size", "a_size")]
    )


class _Planes(ctypes.Union):
    _fields_ = [("RGBA", _RGBA), ("YUVA", _YUVA)]


class _Buffer(ctypes.Structure):
    _fields_ = [
        ("colorspace", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("is_external_memory", ctypes.c_int),
        ("u", _Planes),
        ("pad", ctypes.c_uint32 * 4),
        ("private_memory", ctypes.c_void_p),
    ]


class _Options(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_int)
        for name in (
            "bypass_filtering",
            "no_fancy_upsampling",
            "use_cropping",
            "crop_left",
            "crop_top",
            "crop_width",
            "crop_height",
            "use_scaling",
            "scaled_width",
            "scaled_height",
            "use_threads",
            "dithering_strength",
            "flip",
            "alpha_dithering_strength",
        )
    ] + [("pad", ctypes.c_uint32 * 5)]


class _Config(ctypes.Structure):
    _fields_ = [("input", _Features), ("output", _Buffer), ("options", _Options)]


@lru_cache(maxsize=1)
def _library():
    bundled = glob.glob(os.path.join(os.path.dirname(PIL.__file__), os.pardir, "pillow.libs", "libwebp-*.so*"))
    for path in bundled + [ctypes.util.find_library("webp")]:
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            if lib.WebPInitDecoderConfigInternal(ctypes.byref(_Config()), ABI_VERSION):
                return lib
        except (OSError, AttributeError):
            continue
    return None


class Undecodable(Exception):
    """libwebp refused the data: damaged or cut short."""


def decode(data: bytes, max_side: int) -> Image.Image | None:
    """The still picture at most `max_side` a side (RGB), decoded in full at that scale. None when
    libwebp is not usable here, or the file is animated (Pillow decodes its first frame)."""
    lib = _library()
    if lib is None:
        return None
    config = _Config()
    if not lib.WebPInitDecoderConfigInternal(ctypes.byref(config), ABI_VERSION):
        return None
    if (
        lib.WebPGetFeaturesInternal(data, ctypes.c_size_t(len(data)), ctypes.byref(config.input), ABI_VERSION)
        != STATUS_OK
    ):
        raise Undecodable("the header cannot be read")
    if config.input.has_animation:
        return None
    width, height = config.input.width, config.input.height
    scale = min(1.0, max_side / max(width, height))
    config.options.use_scaling = 1
    config.options.scaled_width, config.options.scaled_height = (
        max(1, round(width * scale)),
        max(1, round(height * scale)),
    )
    config.output.colorspace = MODE_RGB
    status = lib.WebPDecode(data, ctypes.c_size_t(len(data)), ctypes.byref(config))
    try:
        if status != STATUS_OK:
            raise Undecodable(f"libwebp status {status}")
        planes = config.output.u.RGBA
        size = (config.output.width, config.output.height)
        return Image.frombytes("RGB", size, ctypes.string_at(planes.rgba, planes.size), "raw", "RGB", planes.stride)
    finally:
        lib.WebPFreeDecBuffer(ctypes.byref(config.output))
