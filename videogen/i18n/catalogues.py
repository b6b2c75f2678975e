"""The words as gettext files, which a translator's tool opens (Poedit, Lokalize, `msgfmt --check`):

- `locale/messages.pot`: every sentence the studio has for a person, one entry each, its code as the entry's
  context (`msgctxt`) and its English as the source (`msgid`). Placeholders are Python's `{name}` (the entries
  that have them are flagged `python-brace-format`, so `msgfmt --check` compares them across languages).
- `locale/zh_CN.po`: the same entries with their Simplified Chinese (`msgstr`); an entry left empty or marked
  fuzzy falls back to the English.
- `locale/terms.pot` and `locale/terms.zh_CN.po`: the catalogue's own words (labels, help, choices, reasons,
  shapes) and the domain's word parameters (an orientation, a role), by their English.

Read once, at import, by a reader of the format's plain subset (no plural entries yet): about 900 entries in a
few milliseconds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LOCALE = Path(__file__).with_name("locale")
LANGUAGE_FILES = {"zh": "zh_CN"}  # the app's language code -> the gettext locale of its files

_ESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class Entry:
    context: str | None  # the message's code (sentences); None for a catalogue word
    source: str  # the English
    translation: str  # "" in a template, or where no one has translated it yet
    fuzzy: bool = False  # a translation a tool marked as needing review: not used


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po or .pot file, in order (the header entry left out)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    field = ""
    fuzzy = False

    def close() -> None:
        nonlocal fields, fuzzy, field
        if fields.get("msgid"):
            entries.append(Entry(fields.get("msgctxt"), fields["msgid"], fields.get("msgstr", ""), fuzzy))
        fields, fuzzy, field = {}, False, ""

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[field] = fields.get(field, "") + _unquote(line)
        else:
            keyword = line.split(None, 1)[0]
            if keyword in ("msgctxt", "msgid") and "msgstr" in fields:
                close()  # a new entry without a blank line before it
            field = keyword
            fields[field] = _unquote(line)
    close()
    return entries


def sentences(language: str) -> dict[str, str]:
    """Code -> sentence: the English from the template, another language from its file (translated entries)."""
    if language == "en":
        return {e.context: e.source for e in read_po(LOCALE / "messages.pot") if e.context}
    name = LANGUAGE_FILES[language]
    return {
        e.context: e.translation for e in read_po(LOCALE / f"{name}.po") if e.context and e.translation and not e.fuzzy
    }


def terms(language: str) -> dict[str, str]:
    """A catalogue word's English -> the word in `language` (English needs none)."""
    if language == "en":
        return {}
    name = LANGUAGE_FILES[language]
    return {e.source: e.translation for e in read_po(LOCALE / f"terms.{name}.po") if e.translation and not e.fuzzy}
