"""The pictures a task sent from a file, kept by content digest in the data folder, so that the task's settings can
be used again after the provider's upload link has expired (72 h) or was never reachable (the sandbox's own
address): "Use these settings" and "Render again with…" bring the file back, and it is uploaded again at
submit."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KeptImage:
    digest: str
    data: bytes
    name: str
    mime: str


KEPT_URL = "https://kept.videogen.invalid/"  # a kept picture named in a recipe's body (.invalid never resolves)


class KeptImages:
    """`<folder>/<digest>` holds the bytes, `<digest>.json` the file's name and type, and `urls/<hash of a URL>`
    the digest of the picture that URL was made from by an upload."""

    def __init__(self, folder: Path):
        self.folder = folder

    def keep(self, data: bytes, name: str, mime: str) -> str:
        digest = hashlib.sha256(data).hexdigest()
        path = self.folder / digest
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(path, data)
            _write(self.folder / f"{digest}.json", json.dumps({"name": name, "mime": mime}).encode())
        return digest

    def remember(self, url: str, digest: str) -> None:
        """The provider's URL of an upload of this picture."""
        links = self.folder / "urls"
        links.mkdir(parents=True, exist_ok=True)
        _write(links / _url_name(url), digest.encode())

    def url_of(self, digest: str) -> str:
        """How a recipe's body names a kept picture (it is uploaded again at submit)."""
        return KEPT_URL + digest

    def digest_for(self, url: str) -> str | None:
        if url.startswith(KEPT_URL):
            digest = url[len(KEPT_URL) :]
            return digest if self.get(digest) is not None else None
        try:
            digest = (self.folder / "urls" / _url_name(url)).read_text().strip()
        except (OSError, UnicodeDecodeError):
            return None
        return digest if (self.folder / digest).exists() else None

    def get(self, digest: str) -> KeptImage | None:
        """The kept picture, or None when it is gone or the name is not a digest (nothing outside the folder is
        ever read)."""
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            return None
        try:
            data = (self.folder / digest).read_bytes()
            facts = json.loads((self.folder / f"{digest}.json").read_text())
        except (OSError, ValueError):
            return None
        return KeptImage(digest, data, str(facts.get("name") or "picture"), str(facts.get("mime") or "image/jpeg"))


def _url_name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all (a part file renamed), as the saved videos are."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, path)
