"""Words at the edge: every sentence the domain and the interface have for a person comes from one message
table per language, by code, with its parameters. The tables are gettext files a translator's tool opens
(`locale/`, read by `catalogues.py`).

Codes and parameters cross the domain's boundary and are what the store keeps; words are made here, in the
reader's language (a parameter that is itself a note, a list or a catalogue word is put in it too)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from videogen.i18n import catalogues

LANGUAGES = ("en", "zh")

ENGLISH = catalogues.sentences("en")
TABLES = {language: ENGLISH if language == "en" else catalogues.sentences(language) for language in LANGUAGES}
# Sentences about a number of things, by code: their forms and which parameter picks one (English's where a
# language has no plural entry for a code; a code in TABLES only is the same for every number).
PLURALS = {language: catalogues.plurals(language) for language in LANGUAGES}
# The catalogue's own words (labels, help, rule reasons, model blurbs, shapes) and the domain's word
# parameters (an orientation, a role), by their English: English needs no entry.
TERMS: dict[str, dict[str, str]] = {language: catalogues.terms(language) for language in LANGUAGES}


def bind(folder: Path, domain: str) -> None:
    """Take another catalogue's sentences into every language's table (gettext's `bindtextdomain`): the
    interface keeps its words beside it (`ui/locale/interface.*`) and binds them at import. Its codes
    must not be the domain's: a code is said one way."""
    for language in LANGUAGES:
        found = catalogues.sentences(language, folder, domain)
        clash = set(found) & set(TABLES[language]) - set(_bound.get((str(folder), domain), ()))
        if clash:
            raise ValueError(f"{domain}: codes the domain already has: {sorted(clash)[:5]}")
        TABLES[language].update(found)
        PLURALS[language].update(catalogues.plurals(language, folder, domain))
        if language == "en":
            _bound[(str(folder), domain)] = frozenset(found)


_bound: dict[tuple[str, str], frozenset[str]] = {}  # what each bound catalogue brought (binding again is harmless)


def term(text: str, language: str | None = None) -> str:
    """A catalogue word or phrase in `language` (as it is where that language has no entry)."""
    return TERMS.get(language or _default, {}).get(text, text)


def language_of(text: str | None) -> str:
    """`zh`, `zh-CN`, `zh_CN.UTF-8`, `en-US`... -> a language this app speaks (English otherwise)."""
    code = (text or "").strip().lower().replace("_", "-")
    return "zh" if code.startswith("zh") else "en"


_default = "en"  # the process's language when none is given (the command line's --lang or LANG)


def default_language() -> str:
    """The process's language (the command line's --lang or LANG; English in the app, where each reader has
    their own)."""
    return _default


def chosen_language(language: str | None) -> str:
    """The language asked for (any spelling `language_of` takes), else the process's default."""
    return language_of(language) if language else _default


def use_language(language: str | None) -> str:
    """Make `language` the default of this process (the command line); returns the one in force."""
    global _default
    _default = language_of(language)
    return _default


def render(code: str, params: dict[str, Any] | None = None, language: str | None = None) -> str:
    """The sentence for a code, in `language` (the process's default when None; English where that language
    has no entry)."""
    language = language or _default
    table = TABLES.get(language, ENGLISH)
    template = _counted(code, params, language) or table.get(code) or ENGLISH.get(code)
    values = {name: _param(value, language) for name, value in (params or {}).items()}
    if template is None:  # a code this version does not know (a newer store): say what is known
        return str(values.get("message") or values.get("text") or code)
    if "{next_step}" in template:
        kind, word = values.get("kind", "api_error"), params.get("api_code") if params else None
        own = f"next_step.{word}" if isinstance(word, str) and f"next_step.{word}" in ENGLISH else None
        step = own or f"next_step.{kind}"  # a code word the API explains has its own next step
        values["next_step"] = table.get(step) or ENGLISH.get(step, "")
    if "expires" in values and isinstance(values["expires"], (int, float)):
        values["expires"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(values["expires"]))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _counted(code: str, params: dict[str, Any] | None, language: str) -> str | None:
    """A plural sentence's form for its number (`{shots}` = 1: "1 shot"), in the language's own rule; None when
    the code is not a plural entry or its number is not among the parameters."""
    plural = PLURALS.get(language, {}).get(code) or PLURALS["en"].get(code)
    count = (params or {}).get(plural.number) if plural else None
    if plural is None or isinstance(count, bool) or not isinstance(count, (int, float)):
        return None
    return plural.choose(int(count))


def _param(value: Any, language: str) -> Any:
    """A parameter in the reader's language: a nested note (`{"code": ..., "params": ...}`) is rendered, a
    list is joined with the language's "or", a catalogue word is translated; anything else is as it is."""
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        params = value.get("params")
        return render(value["code"], params if isinstance(params, dict) else {}, language)
    if isinstance(value, list):
        joiner = TABLES.get(language, ENGLISH).get("join.or", ENGLISH["join.or"])
        return joiner.join(str(_param(item, language)) for item in value)
    if isinstance(value, str):
        return term(value, language)
    return value


def nested(code: str, **params: Any) -> dict[str, Any]:
    """A note as a parameter of another (rendered in the same language when the outer one is)."""
    return {"code": code, "params": params}


@dataclass(frozen=True)
class Note:
    """A code and its parameters: what the domain says, before it is put in words."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        return render(self.code, self.params, language)

    def stored(self) -> str:
        """As the store keeps it: JSON, never a sentence."""
        return json.dumps({"code": self.code, "params": self.params}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def read(cls, stored: str | None) -> Note | None:
        """A note from the store; a plain sentence (an older row) becomes a `text` note, word for word."""
        if not stored:
            return None
        try:
            value = json.loads(stored)
        except ValueError:
            value = None
        if isinstance(value, dict) and isinstance(value.get("code"), str):
            params = value.get("params")
            return cls(value["code"], params if isinstance(params, dict) else {})
        return cls("text", {"text": stored})


def words(stored: str | None, language: str | None = None) -> str | None:
    """The sentence for a stored note, or None."""
    note = Note.read(stored)
    return note.text(language) if note else None


class NotedError(Exception):
    """An error that carries a note: the code and parameters travel, the words are made when asked."""

    def __init__(self, note: Note):
        self.note = note
        super().__init__(note.text())

    @property
    def message(self) -> str:
        return self.note.text()
