"""The command line's words: its language is chosen before its parser is built (`--lang`, else the LANG
environment variable), so the help, the usage errors argparse writes itself and every message are in it."""

from __future__ import annotations

import argparse
import os
import sys

from videogen.i18n import render, term, use_language


def choose_language(argv: list[str]) -> str:
    """The language asked by `--lang X` / `--lang=X` among the options before the command (else LANG) made the
    process's own; argparse's words (usage:, options, its errors) are looked up in it from then on."""
    asked = None
    for at, arg in enumerate(argv):
        if arg == "--lang" and at + 1 < len(argv):
            asked = argv[at + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
        elif not arg.startswith("-") and (at == 0 or argv[at - 1] != "--lang"):
            break  # the command: what follows is its own (a prompt may say "--lang")
    language = use_language(asked or os.environ.get("LANG"))
    # argparse asks its module's `_` (gettext) for each of its words when it builds a parser and when it fails.
    setattr(argparse, "_", lambda text: term(text, language))  # noqa: B010 - typeshed does not declare `_`
    return language


def said(code: str, **params) -> str:
    """The command line's sentence for `cli.<code>`, in its language."""
    return render(f"cli.{code}", params)


def fail(message: str) -> None:
    """`error: <message>` on stderr, in the command line's language."""
    print(said("error", message=message), file=sys.stderr)
