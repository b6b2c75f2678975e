"""Codes cross the domain's boundary and the store keeps them; words come from one table."""

import json
import sqlite3

from tests.conftest import send
from videogen.i18n import ENGLISH, Note, render
from videogen.request import GenerationRequest
from videogen.tasks.schema import MIGRATIONS
from videogen.tasks.store import TaskStore
from videogen.tasks.submission import intent_key


def test_every_code_the_domain_uses_has_words():
    from videogen.provider import errors

    kinds = {cls.kind for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.ApiError)}
    assert {f"next_step.{kind}" for kind in kinds} <= set(ENGLISH)


def test_a_refusal_is_stored_as_a_code_and_the_apis_own_words(store, client, catalog):
    request = GenerationRequest("sora-2-preview", "x [sim:402]")
    record = send(store, client, catalog, request, intent_key("n", request)).record
    stored = json.loads(record.error)
    assert stored["code"] == "submit.refused" and stored["params"]["kind"] == "payment_required"
    assert "Top up" not in record.error  # the sentence is not stored ...
    assert "Top up" in record.error_text  # ... it is made when shown


def test_an_unknown_code_or_a_missing_parameter_still_says_something():
    assert render("a.code.from.a.newer.version", {"message": "the API's words"}) == "the API's words"
    assert render("save.failed", {}) == ENGLISH["save.failed"]  # never an exception at the edge
    assert Note.read("plain words") == Note("text", {"text": "plain words"})


def test_the_migration_turns_older_sentences_into_codes(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for statement in ";".join(m for m in MIGRATIONS[:3] if isinstance(m, str)).split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("PRAGMA user_version=3")
    rows = [
        (
            "a",
            "The app stopped before the API answered: the task may exist. Check your APIMart dashboard, then "
            "add its id or dismiss this row.",
            None,
            None,
        ),
        (
            "b",
            "Insufficient balance. Top up the balance of your APIMart account, then submit again.",
            "HTTP 502",
            "Saving the video failed (ConnectionError); retrying. The link expires 2026-11-26 10:00 UTC.",
        ),
    ]
    for key, error, poll, save in rows:
        db.execute(
            "INSERT INTO tasks (idempotency_key, state, model, prompt, created_at, updated_at, error, "
            "poll_error, save_error) VALUES (?, 'unknown', 'm', 'p', 0, 0, ?, ?, ?)",
            (key, error, poll, save),
        )
    db.commit()
    db.close()
    store = TaskStore(path)
    first, second = store.listing.by_key("a"), store.listing.by_key("b")
    assert json.loads(first.error)["code"] == "submit.interrupted" and first.error_text == rows[0][1]
    assert json.loads(second.error) == {"code": "text", "params": {"text": rows[1][1]}}  # kept word for word
    assert json.loads(second.save_error) == {"code": "save.failed", "params": {"reason": "ConnectionError"}}
    assert second.poll_error_text == "HTTP 502"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_every_code_written_in_the_domain_is_in_the_table():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "videogen"
    source = "\n".join(p.read_text() for p in root.rglob("*.py"))
    written = set(re.findall(r'Note\(\s*"([a-z_.]+)"', source))
    written |= {f"fetch.{why}" for why in re.findall(r'FetchError\(\s*"\w+",\s*"(\w+)"', source)}
    written |= {f"task_id.{code}" for code in re.findall(r'TaskIdRefused\(\s*"(\w+)"', source)}
    written |= {f"image.{code}" for code in re.findall(r'(?:problem|warn)\(\s*"(\w+)"', source)}
    assert len(written) > 30  # the scan finds them
    assert written - set(ENGLISH) == set()


def _placeholders(template: str) -> set[tuple[str, str, str | None]]:
    import string

    return {
        (name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template) if name is not None
    }


def test_every_language_has_every_code_with_the_same_placeholders():
    from videogen.i18n import ENGLISH, LANGUAGES, TABLES

    assert set(TABLES) == set(LANGUAGES)
    for language, table in TABLES.items():
        assert set(table) == set(ENGLISH), (
            f"{language}: missing {set(ENGLISH) - set(table)}, extra {set(table) - set(ENGLISH)}"
        )
        for code, template in table.items():
            assert _placeholders(template) == _placeholders(ENGLISH[code]), f"{language} {code}"


def test_a_code_renders_in_the_readers_language():
    from videogen.i18n import Note, language_of

    note = Note("fetch.too_long", {"limit": 2048})
    assert note.text("en") == "The URL is longer than 2048 characters. Use a shorter link."
    assert note.text("zh") == "URL 超过 2048 个字符。请使用更短的链接。"
    assert [language_of(x) for x in ("zh-CN", "zh_TW.UTF-8", "en-US", "", None, "fr")] == [
        "zh",
        "zh",
        "en",
        "en",
        "en",
        "en",
    ]


def test_every_word_of_the_catalogue_has_its_chinese():
    from videogen.catalog import builtin
    from videogen.i18n.messages import TERMS
    from videogen.provider.sandbox.rules import MARKERS

    words = [*builtin().words(), *MARKERS.values()]
    missing = [word for word in words if word not in TERMS["zh"] and not _unit(word)]
    assert missing == []


def _unit(word: str) -> bool:
    """Units and formats stay as they are: 720p, 4K, 2K, MP4."""
    return word.rstrip("pK").isdigit() or word in ("MP4", "MOV")


def test_parameters_are_rendered_in_the_readers_language():
    from videogen.i18n import nested

    note = Note(
        "image.aspect_override",
        {
            "orientation": "portrait",
            "target": "Landscape 16:9",
            "result": "Portrait 9:16",
            "remedy": nested("image.remedy.fit_or_switch", shape="Portrait 9:16"),
        },
    )
    english, chinese = note.text("en"), note.text("zh")
    assert "portrait image" in english and "Fit it below, or switch to Portrait 9:16." in english
    assert "纵向" in chinese and "竖屏 9:16" in chinese and "portrait" not in chinese and "Fit" not in chinese
    takes = Note(
        "request.image_role",
        {"model": "Veo 3.1", "role": "a reference image", "takes": ["a first frame", "a last frame"]},
    )
    assert takes.text("en") == "Veo 3.1 does not take a reference image; it takes a first frame or a last frame."
    assert "首帧或尾帧" in takes.text("zh")


# --- the words as gettext files (issue 26) ------------------------------------------------------------------------


INTERFACE = __import__("pathlib").Path(__file__).resolve().parents[2] / "ui" / "locale"


def _po_files():
    from videogen.i18n.catalogues import LOCALE

    return sorted(LOCALE.glob("*.po*")) + sorted(INTERFACE.glob("*.po*"))


def test_every_catalogue_passes_gnu_gettexts_own_check():
    import subprocess

    files = _po_files()
    assert [f.name for f in files] == [
        "messages.pot",
        "messages.zh_CN.po",
        "terms.pot",
        "terms.zh_CN.po",
        "interface.pot",
        "interface.zh_CN.po",
    ]
    for path in files:  # the format, the header, and each python-brace-format entry's placeholders
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0 and "warning" not in checked.stderr, (path.name, checked.stderr)


def test_gettexts_check_fails_on_a_translation_that_loses_a_placeholder(tmp_path):
    import subprocess

    from videogen.i18n.catalogues import LOCALE

    text = (LOCALE / "messages.zh_CN.po").read_text(encoding="utf-8")
    assert 'msgstr "URL 超过 {limit} 个字符。请使用更短的链接。"' in text
    broken = tmp_path / "zh_CN.po"
    broken.write_text(text.replace("URL 超过 {limit} 个字符", "URL 超过 {limt} 个字符"), encoding="utf-8")
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(broken)], capture_output=True, text=True)
    assert checked.returncode != 0 and "limit" in checked.stderr


def test_a_translation_follows_the_english_it_was_made_from():
    from videogen.i18n.catalogues import LOCALE, read_po

    pairs = [(LOCALE, "messages.pot", "messages.zh_CN.po"), (LOCALE, "terms.pot", "terms.zh_CN.po")]
    for folder, template, translation in [*pairs, (INTERFACE, "interface.pot", "interface.zh_CN.po")]:
        source = [(e.context, e.source) for e in read_po(folder / template)]
        translated = read_po(folder / translation)
        assert [(e.context, e.source) for e in translated] == source  # same entries, same English, same order
        assert all(e.translation and not e.fuzzy for e in translated)  # every one translated and reviewed
        assert all(e.translation == "" for e in read_po(folder / template))


def test_the_reader_takes_what_translators_tools_write(tmp_path):
    from videogen.i18n.catalogues import read_po

    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
        '# a translator\'s comment\n#, python-brace-format\nmsgctxt "a.b"\nmsgid "Two {n}\\nlines"\n'
        'msgstr ""\n"两行 {n}\\n"\n"第二行 \\"引号\\" \\\\"\n\n'
        '#, fuzzy, python-brace-format\nmsgctxt "c"\nmsgid "Needs review {x}"\nmsgstr "待审 {x}"\n'
        'msgctxt "d"\nmsgid "No blank line before"\nmsgstr "无空行"\n',
        encoding="utf-8",
    )
    entries = read_po(path)
    assert [(e.context, e.source, e.translation, e.fuzzy) for e in entries] == [
        ("a.b", "Two {n}\nlines", '两行 {n}\n第二行 "引号" \\', False),
        ("c", "Needs review {x}", "待审 {x}", True),
        ("d", "No blank line before", "无空行", False),
    ]


def test_a_sentence_about_a_number_takes_its_languages_plural_form():
    import ui.shell.language  # noqa: F401 - the interface's sentences (`ui.*`) are its own catalogue, bound here
    from videogen.i18n import render
    from videogen.i18n.messages import PLURALS

    shots = {"seconds": 8, "amount": 1.2}
    assert render("ui.storyboard.total", {"shots": 1, **shots}) == "1 shot · 8 s · about $1.20"
    assert render("ui.storyboard.total", {"shots": 3, **shots}) == "3 shots · 8 s · about $1.20 in all"
    assert render("ui.storyboard.total", {"shots": 0, **shots}).startswith("0 shots")
    assert render("ui.storyboard.total", {"shots": 1, **shots}, "zh") == "1 个镜头 · 8 秒 · 共约 $1.20"
    assert render("ui.ledger.unbilled", {"count": 1}).startswith("1 task has no billed figure")
    assert render("ui.ledger.unbilled", {"count": 2}).startswith("2 tasks have no billed figure")
    # Without its number, a plural sentence still says something (the form for many).
    assert render("ui.batch.summary", {"refused": 0, "simulated": "", "total": 1}).startswith("**{ready} rows ready**")
    assert set(PLURALS["zh"]) == set(PLURALS["en"]) and len(PLURALS["en"]) >= 7
    for language, plurals in PLURALS.items():  # the number is one of the sentence's own placeholders, in each form
        for code, plural in plurals.items():
            assert all("{" + plural.number + "}" in form for form in plural.forms), (language, code)
    # No "task(s)" left: what is left is a unit ("Duration (s)") and a list of names the sentence does not count.
    english = __import__("videogen").i18n.ENGLISH
    assert {code for code, sentence in english.items() if "(s)" in sentence.replace("http(s)", "")} == {
        "ui.storyboard.duration",
        "batch.unknown_columns",
    }


def test_the_reader_takes_plural_entries_and_the_files_rule(tmp_path):
    from videogen.i18n.catalogues import Plural, plural_rule, read_po

    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
        '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        '#. {n} picks the plural form\n#, python-brace-format\nmsgctxt "files"\nmsgid "{n} file"\n'
        'msgid_plural "{n} files"\nmsgstr[0] "{n} plik"\nmsgstr[1] "{n} pliki"\nmsgstr[2] "{n} plików"\n',
        encoding="utf-8",
    )
    [entry] = read_po(path)
    assert (entry.context, entry.source, entry.plural, entry.number) == ("files", "{n} file", "{n} files", "n")
    plural = Plural(entry.number, entry.forms, plural_rule(path))
    assert [plural.choose(n).format(n=n) for n in (1, 3, 5, 22)] == ["1 plik", "3 pliki", "5 plików", "22 pliki"]
