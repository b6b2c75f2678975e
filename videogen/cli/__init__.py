"""The command line (commands.py): `python -m videogen check-image | simulator | submit | status | follow |
history | models`. The topmost layer of the domain: it holds the studio, as the pages do."""

from videogen.cli.commands import main

__all__ = ["main"]
