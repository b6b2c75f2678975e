"""A storyboard: a film as an ordered list of shots, each a request (any model, its own fields) and how it
joins the one before: a cut (made on its own), a continue (its first frame is the previous shot's last
frame, so it waits for that video) or an extend (the model's own extension of the previous shot's video:
Veo's remix, the same model). Checked as a whole before anything is paid, priced as a whole, and kept
as a file (TOML or JSON) whose mistakes are named with their line."""

from __future__ import annotations

import json
import re
import secrets
import tomllib
from dataclasses import dataclass, field, replace

from videogen.catalog import Catalog
from videogen.i18n import Note
from videogen.request import PENDING_TASK, PENDING_UPLOAD, GenerationRequest, InvalidRequest, ValidRequest

CUT, CONTINUE, EXTEND = "cut", "continue", "extend"
JOINS = (CUT, CONTINUE, EXTEND)
WAITS = (CONTINUE, EXTEND)  # joins that wait for the shot before to be saved
MAX_SHOTS = 24
MAX_FILE_BYTES = 512 * 1024
FILE_VERSION = 1
REQUEST_FIELDS = ("model", "prompt", "duration", "aspect_ratio", "resolution")


def new_uid() -> str:
    return secrets.token_hex(4)


@dataclass(frozen=True)
class Shot:
    """One shot: the request, how it joins the previous shot, and an id of its own that survives reordering."""

    request: GenerationRequest
    join: str = CUT
    uid: str = field(default_factory=new_uid)

    def as_dict(self) -> dict:
        req = self.request
        shot: dict = {"join": self.join, "model": req.model, "prompt": req.prompt}
        for name in ("duration", "aspect_ratio", "resolution"):
            if getattr(req, name) is not None:
                shot[name] = getattr(req, name)
        if req.options:
            shot["options"] = dict(req.options)
        if req.image_urls:
            shot["image_urls"] = list(req.image_urls)
        if req.first_frame and self.join != CONTINUE:
            shot["first_frame"] = req.first_frame
        if req.last_frame:
            shot["last_frame"] = req.last_frame
        shot["uid"] = self.uid
        return shot


@dataclass(frozen=True)
class ShotCheck:
    """A shot as checked: its valid request (None when refused), its estimate, and what is wrong or worth
    saying (`problems` block the film; `notes` do not)."""

    number: int
    shot: Shot
    valid: ValidRequest | None
    problems: tuple[Note, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def estimate(self) -> float:
        return self.valid.estimate() if self.valid is not None else 0.0


@dataclass(frozen=True)
class FilmCheck:
    shots: tuple[ShotCheck, ...]
    problems: tuple[Note, ...] = ()  # the film's own (no shot at all, too many)

    @property
    def ready(self) -> bool:
        return not self.problems and all(not s.problems for s in self.shots)

    @property
    def total(self) -> float:
        """The whole film's estimate: the sum of its shots'."""
        return round(sum(s.estimate for s in self.shots), 4)

    @property
    def seconds(self) -> int:
        return sum(int(s.valid.request.duration or 0) for s in self.shots if s.valid is not None)


@dataclass(frozen=True)
class Storyboard:
    name: str
    shots: tuple[Shot, ...] = ()
    one_call: bool = False  # made as one multi-shot call where the shots fit one (`films.one_call`)

    # --- editing (each returns a new storyboard) ---------------------------------------
    def added(self, shot: Shot) -> Storyboard:
        return replace(self, shots=(*self.shots, shot))

    def duplicated(self, index: int) -> Storyboard:
        copy = replace(self.shots[index], uid=new_uid())
        return replace(self, shots=(*self.shots[: index + 1], copy, *self.shots[index + 1 :]))

    def moved(self, index: int, by: int) -> Storyboard:
        target = index + by
        if not 0 <= target < len(self.shots) or index == target:
            return self
        shots = list(self.shots)
        shots.insert(target, shots.pop(index))
        return replace(self, shots=tuple(shots))

    def removed(self, index: int) -> Storyboard:
        return replace(self, shots=tuple(s for n, s in enumerate(self.shots) if n != index))

    def changed(self, index: int, shot: Shot) -> Storyboard:
        return replace(self, shots=tuple(shot if n == index else s for n, s in enumerate(self.shots)))

    # --- checking ----------------------------------------------------------------------
    def check(self, catalog: Catalog) -> FilmCheck:
        """Every shot validated as it will be sent (a continue shot with its first frame still to come), the
        joins checked, and a shot whose shape differs from the film's said (it is fitted when joined)."""
        problems: list[Note] = []
        if not self.shots:
            problems.append(Note("film.empty"))
        if len(self.shots) > MAX_SHOTS:
            problems.append(Note("film.too_many", {"limit": MAX_SHOTS}))
        checks: list[ShotCheck] = []
        film_shape: str | None = None
        for number, shot in enumerate(self.shots, start=1):
            previous = self.shots[number - 2] if number > 1 else None
            checks.append(_check_shot(catalog, number, shot, film_shape, previous))
            valid = checks[-1].valid
            if film_shape is None and valid is not None:
                film_shape = _shape(valid)
        return FilmCheck(tuple(checks), tuple(problems))

    # --- as a file ---------------------------------------------------------------------
    def as_dict(self) -> dict:
        one_call = {"one_call": True} if self.one_call else {}
        return {"version": FILE_VERSION, "name": self.name, **one_call, "shots": [s.as_dict() for s in self.shots]}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_toml(self) -> str:
        lines = [f"version = {FILE_VERSION}", f"name = {_toml(self.name)}"]
        lines += ["one_call = true", ""] if self.one_call else [""]
        for shot in self.shots:
            values = shot.as_dict()
            options = values.pop("options", None)
            lines.append("[[shots]]")
            lines += [f"{key} = {_toml(value)}" for key, value in values.items()]
            if options:
                lines.append("[shots.options]")
                lines += [f"{key} = {_toml(value)}" for key, value in options.items()]
            lines.append("")
        return "\n".join(lines)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is a JSON string


def _same(catalog: Catalog, shot: Shot) -> str:
    model = catalog.model(shot.request.model)
    return model.id if model else shot.request.model


def _shape(valid: ValidRequest) -> str | None:
    return None if valid.shape_from_image else valid.request.aspect_ratio


def _check_shot(
    catalog: Catalog, number: int, shot: Shot, film_shape: str | None, previous: Shot | None = None
) -> ShotCheck:
    problems: list[Note] = []
    notes: list[Note] = []
    request = shot.request
    if shot.join not in JOINS:
        problems.append(Note("film.join_unknown", {"join": shot.join, "known": ", ".join(JOINS)}))
    model = catalog.model(request.model)
    if shot.join in WAITS and number == 1:
        problems.append(Note("film.first_continues"))
    if shot.join == CONTINUE:
        if number > 1 and model is not None and not model.images.takes("first_frame"):
            problems.append(Note("film.no_first_frame", {"model": model.id}))
        request = replace(request, first_frame=PENDING_UPLOAD)
    elif shot.join == EXTEND:
        request = replace(request, extends=PENDING_TASK, first_frame=None, last_frame=None, image_urls=())
    if shot.join == EXTEND and previous is not None and _same(catalog, previous) != _same(catalog, shot):
        problems.append(
            Note("film.extend_other_model", {"model": shot.request.model, "previous": previous.request.model})
        )
    valid = None
    try:
        valid = request.validate(catalog, uploads_allowed=True)
    except InvalidRequest as refused:
        problems += list(refused.notes.values())
    if valid is not None and film_shape is not None and _shape(valid) not in (None, film_shape):
        notes.append(Note("film.shape_differs", {"shape": _shape(valid), "film": film_shape}))
    return ShotCheck(number, shot, valid, tuple(problems), tuple(notes))


# --- reading a file --------------------------------------------------------------------------------------------


class StoryboardFileError(ValueError):
    """A storyboard file that cannot be used: each mistake with its line; nothing of it is applied."""

    def __init__(self, notes: list[Note]):
        self.notes = notes
        super().__init__("; ".join(n.text() for n in notes))


def read_file(data: bytes, name: str = "storyboard.toml") -> Storyboard:
    """A storyboard from a TOML or JSON file (by its name, else by its first character). Raises
    `StoryboardFileError` naming each mistake and its line."""
    if len(data) > MAX_FILE_BYTES:
        raise StoryboardFileError([Note("film.file_too_big", {"kb": MAX_FILE_BYTES // 1024})])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoryboardFileError([Note("film.file_not_text")]) from None
    as_json = name.lower().endswith(".json") or (not name.lower().endswith(".toml") and text.lstrip()[:1] == "{")
    try:
        value = json.loads(text) if as_json else tomllib.loads(text)
    except json.JSONDecodeError as error:
        raise StoryboardFileError([Note("film.file_malformed", {"line": error.lineno, "error": error.msg})]) from None
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise StoryboardFileError(
            [Note("film.file_malformed", {"line": int(line.group(1)) if line else 1, "error": str(error)})]
        ) from None
    return _storyboard(value, _shot_lines(text, as_json))


def _shot_lines(text: str, as_json: bool) -> list[int]:
    """The line each shot starts on: TOML's `[[shots]]` headers; in JSON, each shot's "model" key."""
    pattern = r'^\s*"model"\s*:' if as_json else r"^\s*\[\[\s*shots\s*\]\]"
    return [n for n, line in enumerate(text.splitlines(), start=1) if re.match(pattern, line)]


def _storyboard(value: object, lines: list[int]) -> Storyboard:
    if not isinstance(value, dict):
        raise StoryboardFileError([Note("film.file_shape", {"line": 1})])
    version = value.get("version", FILE_VERSION)
    if not isinstance(version, int) or version > FILE_VERSION:
        raise StoryboardFileError([Note("film.file_newer", {"version": version})])
    raw_shots = value.get("shots")
    if not isinstance(raw_shots, list) or not raw_shots:
        raise StoryboardFileError([Note("film.file_no_shots")])
    if len(raw_shots) > MAX_SHOTS:
        raise StoryboardFileError([Note("film.too_many", {"limit": MAX_SHOTS})])
    notes: list[Note] = []
    shots: list[Shot] = []
    for number, raw in enumerate(raw_shots, start=1):
        line = lines[number - 1] if number - 1 < len(lines) else 1
        try:
            shots.append(_shot(raw))
        except ValueError as wrong:
            notes.append(Note("film.file_shot", {"shot": number, "line": line, "error": str(wrong)}))
    if notes:
        raise StoryboardFileError(notes)
    one_call = value.get("one_call", False)
    if not isinstance(one_call, bool):
        raise StoryboardFileError([Note("film.file_one_call")])
    return Storyboard(str(value.get("name") or "Untitled film")[:120], tuple(shots), one_call)


def _shot(raw: object) -> Shot:
    if not isinstance(raw, dict):
        raise ValueError("a shot must be a table of fields")
    known = {*REQUEST_FIELDS, "join", "uid", "options", "image_urls", "first_frame", "last_frame"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}")
    if not isinstance(raw.get("model"), str) or not raw["model"]:
        raise ValueError("`model` is missing")
    join = raw.get("join", CUT)
    if join not in JOINS:
        raise ValueError(f"`join` must be one of {', '.join(JOINS)}")
    duration = raw.get("duration")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int)):
        raise ValueError("`duration` must be a whole number of seconds")
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        raise ValueError("`options` must be a table")
    urls = raw.get("image_urls") or []
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ValueError("`image_urls` must be a list of URLs")
    request = GenerationRequest(
        model=raw["model"],
        prompt=str(raw.get("prompt") or ""),
        duration=duration,
        aspect_ratio=_text(raw.get("aspect_ratio")),
        resolution=_text(raw.get("resolution")),
        image_urls=tuple(urls),
        first_frame=_text(raw.get("first_frame")),
        last_frame=_text(raw.get("last_frame")),
        options=tuple((str(k), v) for k, v in options.items()),
    )
    uid = raw.get("uid")
    return Shot(request, join, uid if isinstance(uid, str) and re.fullmatch(r"[0-9a-f]{8}", uid) else new_uid())


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def from_stored(text: str) -> Storyboard:
    """A storyboard as the store keeps it (its JSON file form)."""
    return _storyboard(json.loads(text), [])
