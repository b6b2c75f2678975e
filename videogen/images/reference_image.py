"""One reference image, from a file or a URL, checked the cheap way first and decoded once: the policy the
Generate page and `check-image` share (what to read when, and what is kept so nothing is done twice)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from videogen.catalog import Catalog, Model
from videogen.images import fitting
from videogen.images.check import check_url
from videogen.images.decoding import DECODE_ERRORS
from videogen.images.verdict import Verdict, inspect, retarget, verify

MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
LOCAL_READ_LIMIT = 4  # x the API's limit: a local file larger than this is refused unread


def too_large(size: int, catalog: Catalog) -> Verdict:
    details = {"too_large": {"mb": size / 1e6, "limit_mb": catalog.reference.max_bytes / 1e6}}
    return Verdict(ok=False, bytes=size, problems=["too_large"], details=details)


@dataclass(frozen=True)
class Fitted:
    """One fit of the image, computed once per choice: the bytes to send, judged like any image."""

    image: fitting.FittedImage
    thumbnail: bytes
    verdict: Verdict
    digest: str


@dataclass
class ReferenceImage:
    """A reference image and what is known of it so far.

    A URL is first judged from its first 128 KiB (`from_url`); `complete()` then reads it whole (which
    catches a file cut short) and decodes the first frame once (which catches damaged picture data). A file's
    bytes are judged whole at once. Previews per frame and fits per choice are computed once each."""

    data: bytes | None  # None until the whole file is read
    verdict: Verdict
    name: str
    url: str | None = None
    allow_private: bool = False
    base: Image.Image | None = None  # the small upright picture from the one full decode
    working: Image.Image | None = field(default=None, repr=False)  # what fits are cut from (<= a 4K frame)
    decoded: bool = False  # the full decode was tried
    thumbnail: bytes | None = None
    previews: dict = field(default_factory=dict)
    fits: dict = field(default_factory=dict)
    _digest: tuple[bytes, str] | None = field(default=None, repr=False)

    # --- where it comes from -----------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes, name: str, catalog: Catalog) -> ReferenceImage:
        return cls(data, inspect(data, catalog), name)

    @classmethod
    def too_large(cls, size: int, name: str, catalog: Catalog) -> ReferenceImage:
        """A file refused by its size alone, never read."""
        return cls(None, too_large(size, catalog), name)

    @classmethod
    def from_path(cls, path: Path, catalog: Catalog) -> ReferenceImage:
        size = path.stat().st_size
        if size > catalog.reference.max_bytes * LOCAL_READ_LIMIT:
            return cls.too_large(size, path.name, catalog)
        return cls.from_bytes(path.read_bytes(), path.name, catalog)

    @classmethod
    def from_url(cls, url: str, catalog: Catalog, *, allow_private: bool, quick: bool = True) -> ReferenceImage:
        """Judged from its first 128 KiB (a ranged read) when `quick`, else read whole at once."""
        verdict, data = check_url(url, catalog, None, allow_private=allow_private, quick=quick)
        name = url.rsplit("/", 1)[-1][:80] or "reference"
        return cls(data, verdict, name, url=url, allow_private=allow_private)

    # --- learning more -----------------------------------------------------------------
    @property
    def needs_whole_read(self) -> bool:
        return self.verdict.bytes_ok and self.data is None and self.url is not None

    @property
    def needs_decode(self) -> bool:
        return self.verdict.bytes_ok and self.data is not None and not self.decoded

    def read_whole(self, catalog: Catalog) -> None:
        """The whole file, for the preview, the fit and the thumbnail; judged again, now whole."""
        if self.url is not None:
            self.verdict, self.data = check_url(self.url, catalog, None, allow_private=self.allow_private)

    def decode(self) -> None:
        """The one full decode: proves the picture data is whole and gives the picture previews are made of."""
        if self.data is None:
            return
        self.verdict, decoded = verify(self.data, self.verdict)
        self.decoded = True
        if decoded is not None:
            self.base, self.working = decoded.small, decoded.working
        if self.base is not None:
            self.thumbnail = fitting.thumbnail_of(self.base)

    def complete(self, catalog: Catalog) -> Verdict:
        """Everything there is to know: read whole, then decoded (each only when still needed and the image
        is still accepted)."""
        if self.needs_whole_read:
            self.read_whole(catalog)
        if self.needs_decode:
            self.decode()
        return self.verdict

    # --- for a video of a given shape ----------------------------------------------------
    def judged(
        self,
        catalog: Catalog,
        aspect_ratio: str | None,
        frame: tuple[int, int] | None = None,
        *,
        model: Model | None = None,
        role: str = "reference",
    ) -> Verdict:
        """The verdict for a model (the default one when none), a role, the chosen aspect ratio and the
        video's pixel frame (cheap: no bytes)."""
        return retarget(self.verdict, catalog, aspect_ratio, frame, model=model, role=role)

    def preview(self, frame: tuple[int, int]) -> bytes | None:
        """The picture with the video's frame drawn on it, once per frame."""
        if self.base is None:
            return None
        if frame not in self.previews:
            self.previews[frame] = fitting.framed(self.base, frame)
        return self.previews[frame]

    def fit(self, catalog: Catalog, size: tuple[int, int], mode: str, anchor: str, background: str) -> Fitted | None:
        """The image cropped or padded to `size`, judged in its own right; None when it cannot be fitted."""
        choice = (size, mode, anchor, background)
        if choice not in self.fits:
            self.fits[choice] = self._fit(catalog, size, mode, anchor, background)
        return self.fits[choice]

    def _fit(self, catalog: Catalog, size: tuple[int, int], mode: str, anchor: str, background: str) -> Fitted | None:
        if self.needs_decode:
            self.decode()
        if self.working is None:
            return None
        try:
            image = fitting.fit(self.working, size, mode, anchor, background)
        except DECODE_ERRORS:
            return None
        return Fitted(
            image,
            image.thumbnail,
            inspect(image.content, catalog),
            hashlib.sha256(image.content).hexdigest(),
        )

    # --- what is sent -------------------------------------------------------------------
    @property
    def digest(self) -> str | None:
        """The content's digest: the same picture uploaded again (a reload, a second tab) is the same request."""
        if self.data is None:
            return None
        if self._digest is None or self._digest[0] is not self.data:  # once per content, not once per page run
            self._digest = (self.data, hashlib.sha256(self.data).hexdigest())
        return self._digest[1]

    @property
    def picture(self) -> bytes:
        """The picture's own bytes: the file without what follows its end (a Motion Photo's video)."""
        data = self.data or b""
        return data[: self.verdict.end] if self.verdict.end else data

    def upload_form(self) -> tuple[bytes, str, str] | None:
        """(bytes, file name, content type) for POST /v1/uploads/images, for an accepted local file: the picture
        alone, without data appended after its end."""
        if self.data is None or self.verdict.format not in MIME_TYPES:
            return None
        return self.picture, self.name, MIME_TYPES[self.verdict.format]
