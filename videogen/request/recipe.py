"""A recipe: a request kept to be made again, as the exact body it sends (the model's own fields, its pictures'
and videos' links), with its name, model and prompt; the pictures it sent from files go with it in a file (their
bytes), so it works on another studio too. As JSON in the recipe book, in an exported `.json` file, and in each
saved MP4's metadata (without the pictures' bytes: this studio keeps them), so a video made here dropped back on
Generate fills the form again. A damaged file or one from a newer version is named, and nothing is applied."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

from videogen.i18n import Note

FORMAT = "videogen-recipe"
VERSION = 1
TAG = "videogen-recipe:"  # what a saved MP4's comment starts with when it carries its recipe
MAX_BYTES = 40 * 2**20  # a recipe file with its pictures, at most


class RecipeError(ValueError):
    """Not a recipe this studio can apply: the note says why (damaged, newer, not one at all)."""

    def __init__(self, note: Note):
        super().__init__(note.code)
        self.note = note


@dataclass(frozen=True)
class Picture:
    """A picture the body's `url` was uploaded from: its file, so it can be uploaded again."""

    url: str
    name: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class Recipe:
    name: str
    model: str
    prompt: str
    body: dict
    pictures: tuple[Picture, ...] = field(default=())

    def to_json(self, *, with_pictures: bool = True) -> str:
        value = {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "model": self.model,
            "prompt": self.prompt,
            "body": self.body,
        }
        if with_pictures and self.pictures:
            value["pictures"] = [
                {"url": p.url, "name": p.name, "mime": p.mime, "data": base64.b64encode(p.data).decode()}
                for p in self.pictures
            ]
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def tag(self) -> str:
        """As a saved MP4 carries it (its pictures stay in this studio)."""
        return TAG + self.to_json(with_pictures=False)


def read(text: str | bytes) -> Recipe:
    """The recipe a file holds. Raises RecipeError naming what is wrong; nothing is half read."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise RecipeError(Note("recipe.too_big", {"limit_mb": MAX_BYTES // 2**20}))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise RecipeError(Note("recipe.not_one")) from None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise RecipeError(Note("recipe.damaged", {"where": "JSON"})) from None
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise RecipeError(Note("recipe.not_one"))
    version = value.get("version")
    if type(version) is not int:
        raise RecipeError(Note("recipe.damaged", {"where": "version"}))
    if version > VERSION:
        raise RecipeError(Note("recipe.newer", {"version": version, "ours": VERSION}))
    for name, kind in (("name", str), ("model", str), ("prompt", str), ("body", dict)):
        if not isinstance(value.get(name), kind):
            raise RecipeError(Note("recipe.damaged", {"where": name}))
    if value["body"].get("model") != value["model"]:
        raise RecipeError(Note("recipe.damaged", {"where": "body.model"}))
    return Recipe(
        value["name"].strip()[:120] or "recipe",
        value["model"],
        value["prompt"],
        value["body"],
        _pictures(value.get("pictures") or []),
    )


def _pictures(raw: object) -> tuple[Picture, ...]:
    if not isinstance(raw, list):
        raise RecipeError(Note("recipe.damaged", {"where": "pictures"}))
    found = []
    for item in raw:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("url", "name", "mime", "data")):
            raise RecipeError(Note("recipe.damaged", {"where": "pictures"}))
        try:
            data = base64.b64decode(item["data"], validate=True)
        except (binascii.Error, ValueError):
            raise RecipeError(Note("recipe.damaged", {"where": "pictures"})) from None
        found.append(Picture(item["url"], item["name"][:200], item["mime"][:100], data))
    return tuple(found)


def in_comment(comment: str | None) -> Recipe:
    """The recipe a saved MP4's comment carries. Raises RecipeError when it carries none."""
    if not comment or not comment.startswith(TAG):
        raise RecipeError(Note("recipe.none_in_video"))
    return read(comment[len(TAG) :])
