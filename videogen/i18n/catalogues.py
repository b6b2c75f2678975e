"""The words as gettext files, which a translator's tool opens (Poedit, Lokalize, `msgfmt --check`):

- `locale/messages.pot`: every sentence the domain has for a person (its notes, the command line), one entry
  each, its code as the entry's context (`msgctxt`) and its English as the source (`msgid`). Placeholders are
  Python's `{name}` (the entries that have them are flagged `python-brace-format`, so `msgfmt --check` compares
  them across languages).
- `locale/messages.zh_CN.po`: the same entries with their Simplified Chinese (`msgstr`); an entry left empty or
  marked fuzzy falls back to the English.
- The interface keeps its own sentences beside it, in the same form (`ui/locale/interface.pot` and
  `interface.zh_CN.po`), and binds them at import (`messages.bind`), as gettext's `bindtextdomain` does: a
  catalogue is a folder and a domain name, `<domain>.pot` and `<domain>.<locale>.po`.
- `locale/terms.pot` and `locale/terms.zh_CN.po`: the catalogue's own words (labels, help, choices, reasons,
  shapes) and the domain's word parameters (an orientation, a role), by their English.

A sentence about a number of things is a plural entry (`msgid` / `msgid_plural`, `msgstr[0]`...), its form chosen by
the file's `Plural-Forms` rule (English: one and other; Chinese: one form); an extracted comment
`#. {name} picks the plural form` says which parameter holds the number, so a caller only passes its parameters.

Read once, at import, by a reader of the format's plain subset: about 900 entries in a few milliseconds."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).with_name("locale")
LANGUAGE_FILES = {"zh": "zh_CN"}  # the app's language code -> the gettext locale of its files

_ESCAPE = re.compile(r"\\(.)")
_NUMBER = re.compile(r"^#\.\s*\{(\w+)\} picks the plural form")
_FORM = re.compile(r"^msgstr\[(\d+)\]$")
_UNESCAPED = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class Entry:
    context: str | None  # the message's code (sentences); None for a catalogue word
    source: str  # the English
    translation: str  # "" in a template, or where no one has translated it yet (a plural entry: its first form)
    fuzzy: bool = False  # a translation a tool marked as needing review: not used
    plural: str | None = None  # a plural entry's English for many (`msgid_plural`)
    forms: tuple[str, ...] = ()  # a plural entry's translations, one per form of the language (`msgstr[n]`)
    number: str | None = None  # the parameter that picks a plural entry's form


@dataclass(frozen=True)
class Plural:
    """A sentence about a number of things in one language: its forms, the rule that picks one, and which of the
    sentence's parameters holds the number."""

    number: str
    forms: tuple[str, ...]
    rule: Callable[[int], int]

    def choose(self, count: int) -> str:
        return self.forms[min(self.rule(count), len(self.forms) - 1)]


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po or .pot file, in order (the header entry left out)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    field = ""
    fuzzy = False
    number = None

    def close() -> None:
        nonlocal fields, fuzzy, field, number
        if fields.get("msgid"):
            forms = tuple(fields.get(f"msgstr[{n}]", "") for n in range(_count_forms(fields)))
            translation = forms[0] if forms else fields.get("msgstr", "")
            plural = fields.get("msgid_plural")
            entries.append(
                Entry(
                    fields.get("msgctxt"),
                    fields["msgid"],
                    translation,
                    fuzzy,
                    plural,
                    forms,
                    number if plural else None,
                )
            )
        fields, fuzzy, field, number = {}, False, "", None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#."):
            found = _NUMBER.match(line)
            number = found.group(1) if found else number
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


@cache
def _entries(path: Path) -> tuple[Entry, ...]:
    """A locale file's entries, read once: its sentences and its plural entries come from the same read."""
    return tuple(read_po(path))


def _count_forms(fields: dict[str, str]) -> int:
    return max((int(m.group(1)) + 1 for name in fields if (m := _FORM.match(name))), default=0)


def plural_rule(path: Path) -> Callable[[int], int]:
    """The file's `Plural-Forms` rule (its header's C expression, read by the standard library's gettext):
    a number -> the index of the form to use."""
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    found = re.search(r"plural=([^;\\\"]+)", header)
    return gettext.c2py(found.group(1).strip()) if found else (lambda n: int(n != 1))


def template(folder: Path = LOCALE, domain: str = "messages") -> Path:
    """A catalogue's template: its English (`<domain>.pot`)."""
    return folder / f"{domain}.pot"


def translation(language: str, folder: Path = LOCALE, domain: str = "messages") -> Path:
    """A catalogue's file in another language (`<domain>.<locale>.po`)."""
    return folder / f"{domain}.{LANGUAGE_FILES[language]}.po"


def sentences(language: str, folder: Path = LOCALE, domain: str = "messages") -> dict[str, str]:
    """Code -> sentence: the English from the template, another language from its file (translated entries)."""
    if language == "en":
        return {e.context: e.plural or e.source for e in _entries(template(folder, domain)) if e.context}
    return {
        e.context: e.translation
        for e in _entries(translation(language, folder, domain))
        if e.context and e.translation and not e.fuzzy
    }


def plurals(language: str, folder: Path = LOCALE, domain: str = "messages") -> dict[str, Plural]:
    """Code -> the plural sentence in `language`: English from the template (one, other), another language from its
    file (its translated plural entries)."""
    if language == "en":
        path = template(folder, domain)
        rule = plural_rule(path)
        return {
            e.context: Plural(e.number, (e.source, e.plural), rule)
            for e in _entries(path)
            if e.context and e.plural and e.number
        }
    path = translation(language, folder, domain)
    rule = plural_rule(path)
    return {
        e.context: Plural(e.number, e.forms, rule)
        for e in _entries(path)
        if e.context and e.plural and e.number and all(e.forms) and not e.fuzzy
    }


def terms(language: str) -> dict[str, str]:
    """A catalogue word's English -> the word in `language` (English needs none)."""
    if language == "en":
        return {}
    return {
        e.source: e.translation for e in read_po(translation(language, domain="terms")) if e.translation and not e.fuzzy
    }
