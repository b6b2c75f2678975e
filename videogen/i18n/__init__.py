"""Words: codes and parameters in, sentences out, in English or Chinese (the lowest layer but settings)."""

from videogen.i18n.messages import (
    ENGLISH,
    LANGUAGES,
    TABLES,
    Note,
    NotedError,
    bind,
    chosen_language,
    default_language,
    language_of,
    nested,
    render,
    term,
    use_language,
    words,
)

__all__ = [
    "ENGLISH",
    "LANGUAGES",
    "TABLES",
    "Note",
    "NotedError",
    "bind",
    "chosen_language",
    "default_language",
    "language_of",
    "nested",
    "render",
    "term",
    "use_language",
    "words",
]
