"""Images made by the tests with Pillow: every format and oddity the inspector must judge."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def make(fmt: str = "JPEG", size=(1280, 720), *, mode: str = "RGB", color="teal", orientation: int | None = None,
         **save) -> bytes:
    image = Image.new(mode, size, color)
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        save["exif"] = exif.tobytes()
    image.save(out, fmt, **save)
    return out.getvalue()


def noisy_jpeg(size=(6000, 4000), quality=95) -> bytes:
    """A large, hard-to-compress JPEG (a photo's byte size, not a flat colour's)."""
    import os

    small = Image.frombytes("RGB", (size[0] // 8, size[1] // 8), os.urandom(size[0] // 8 * size[1] // 8 * 3))
    out = io.BytesIO()
    small.resize(size, Image.Resampling.NEAREST).save(out, "JPEG", quality=quality)
    return out.getvalue()


def animated(fmt: str = "WEBP", size=(640, 360), frames: int = 3) -> bytes:
    images = [Image.new("RGB", size, c) for c in ("red", "green", "blue", "white")[:frames]]
    out = io.BytesIO()
    images[0].save(out, fmt, save_all=True, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge size: decoding it would need gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]
