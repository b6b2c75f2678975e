"""The interface's words are its own: gettext files beside it (`ui/locale/`), bound into the tables when
`ui.shell.language` is imported. The domain's catalogue holds none of them, every code the pages and the ui
ask for has words in both languages, and a code is said by one catalogue only."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import ui.shell.language  # noqa: F401 - binds the interface's catalogue
from videogen import TABLES, bind_words, render
from videogen.i18n import catalogues

ROOT = Path(__file__).resolve().parents[2]
INTERFACE = ROOT / "ui" / "locale"


def _placeholders(template: str) -> set[tuple[str, str, str | None]]:
    return {(n, spec, conv) for _, n, spec, conv in string.Formatter().parse(template) if n is not None}


def test_the_domains_catalogue_holds_no_interface_words_and_the_interfaces_only_its_own():
    domain = catalogues.sentences("en")
    interface = catalogues.sentences("en", INTERFACE, "interface")
    assert len(domain) > 300 and len(interface) > 500
    assert not [code for code in domain if code.startswith("ui.")]
    assert all(code.startswith("ui.") for code in interface)


def test_every_interface_code_has_both_languages_with_the_same_placeholders():
    english = catalogues.sentences("en", INTERFACE, "interface")
    chinese = catalogues.sentences("zh", INTERFACE, "interface")
    assert set(chinese) == set(english)
    for code, sentence in english.items():
        assert _placeholders(chinese[code]) == _placeholders(sentence), code
        assert TABLES["en"][code] == sentence and TABLES["zh"][code] == chinese[code]  # bound


def test_every_code_the_pages_ask_for_has_words():
    source = "\n".join(p.read_text() for p in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py")])
    asked = set(re.findall(r'\bt\(\s*"([a-z_][a-z0-9_.]+)"', source))
    assert len(asked) > 300  # the scan finds them
    missing = {code for code in asked if code not in TABLES["en"] or code not in TABLES["zh"]}
    assert missing == set()
    assert render("ui.submit.button", {}, "zh") == "提交"


def test_binding_again_is_harmless_and_a_catalogue_cannot_take_a_domains_code(tmp_path):
    bind_words(INTERFACE, "interface")  # the app's pages import it in every run's modules: no error, no change
    assert TABLES["en"]["ui.submit.button"] == "Submit"
    header = (INTERFACE / "interface.pot").read_text(encoding="utf-8").split("\n\n", 1)[0]
    (tmp_path / "clash.pot").write_text(header + '\n\nmsgctxt "save.failed"\nmsgid "Other words"\nmsgstr ""\n')
    (tmp_path / "clash.zh_CN.po").write_text(header + '\n\nmsgctxt "save.failed"\nmsgid "Other words"\nmsgstr "别的"\n')
    with pytest.raises(ValueError, match="save.failed"):
        bind_words(tmp_path, "clash")
    assert TABLES["en"]["save.failed"] != "Other words"
