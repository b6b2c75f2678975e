"""Check a reference image from a URL or from bytes: fetch safely, then inspect."""

from __future__ import annotations

from videogen.catalog import Catalog
from videogen.i18n import Note
from videogen.images.fetch import FetchError, fetch
from videogen.images.verdict import Verdict, inspect

QUICK_BYTES = 128 * 1024  # enough for the header of every accepted format, EXIF included, in practice


def rejected(code: str, note: Note, size: int = 0) -> Verdict:
    """A refusal under a check-image code, with the note that says why (a fetch error's)."""
    return Verdict(ok=False, bytes=size, problems=[code], details={code: {**note.params, "as": note.code}})


def check_url(
    url: str, catalog: Catalog, aspect_ratio: str | None, *, allow_private: bool, quick: bool = False
) -> tuple[Verdict, bytes | None]:
    """The verdict for an image URL, and its bytes when it was read whole.

    `quick` reads only the first 128 KiB (a ranged request, or a capped read when the server ignores
    ranges) and falls back to a whole read when that is not enough to judge."""
    try:
        if quick:
            part = fetch(
                url, first_bytes=QUICK_BYTES, max_bytes=catalog.reference.max_bytes, allow_private=allow_private
            )
            verdict = inspect(part.content, catalog, aspect_ratio, total_bytes=part.total_bytes, complete=part.complete)
            if part.complete or "not_an_image" not in verdict.problems:
                return verdict, part.content if part.complete else None
        whole = fetch(url, max_bytes=catalog.reference.max_bytes, allow_private=allow_private)
    except FetchError as error:
        return rejected(error.code, error.note), None
    return inspect(whole.content, catalog, aspect_ratio), whole.content
