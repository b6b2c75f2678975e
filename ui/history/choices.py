"""History's decisions, without Streamlit: how many pages a filter's rows make and where a page starts, which
task the box below the table opens, and which task a click on a table row means."""

from __future__ import annotations

import math
from collections.abc import Sequence

PAGE_SIZE = 50


def pages(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages `total` rows make (one, even when there are none: the page box is then not drawn)."""
    return max(1, math.ceil(max(0, total) / size))


def offset(page_number: int, total: int, size: int = PAGE_SIZE) -> int:
    """Where page `page_number` starts, held inside the pages there are (a filter that leaves fewer rows than
    the page asked for shows its last page, not an empty one)."""
    return (min(max(1, page_number), pages(total, size)) - 1) * size


def opened(keys: Sequence[str], shown: str | None, wanted: str | None = None) -> str | None:
    """The task the box below the table opens: the one asked for (a retry or a link moved the page to it) when
    it is on this page, else the one already shown when the filter kept it, else the first row; None: no rows."""
    if wanted in keys:
        return wanted
    if shown in keys:
        return shown
    return keys[0] if keys else None


def clicked(selected_rows: Sequence[int], shown_keys: Sequence[str]) -> str | None:
    """The task a click on a row of the table means (the table's selection is row positions on the page as drawn
    then); None when nothing, or a row no longer there, is selected."""
    if selected_rows and 0 <= selected_rows[0] < len(shown_keys):
        return shown_keys[selected_rows[0]]
    return None
