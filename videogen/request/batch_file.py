"""A batch file: a CSV with one request per row (prompt, model, the model's fields, an image URL per role),
read and checked whole before anything is queued: every row with its problems, and the total estimate.

Columns: `prompt`, `model` (blank: the default model), `duration`, `aspect_ratio`, `resolution`,
`image_url` (reference images; several separated by spaces), `first_frame_url`, `last_frame_url`, and any
model's own field by its name (`audio`, `seed`, ...). A blank cell means the model's default."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from videogen.catalog import Catalog
from videogen.i18n import Note
from videogen.request import GenerationRequest, InvalidRequest, ValidRequest, option_value

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
BASE_COLUMNS = (
    "prompt",
    "model",
    "duration",
    "aspect_ratio",
    "resolution",
    "image_url",
    "first_frame_url",
    "last_frame_url",
)


class _Noted:
    """What is wrong, as notes; in words in a language (the process's by default)."""

    notes: tuple[Note, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        return self.problems_in()

    def problems_in(self, language: str | None = None) -> tuple[str, ...]:
        return tuple(note.text(language) for note in self.notes)


@dataclass(frozen=True)
class Row(_Noted):
    number: int  # the line in the file where the row starts (the header is line 1)
    cells: dict[str, str]
    request: ValidRequest | None
    notes: tuple[Note, ...] = ()  # what is wrong with the row, as codes

    @property
    def estimate(self) -> float:
        return self.request.estimate() if self.request is not None else 0.0


@dataclass(frozen=True)
class BatchFile(_Noted):
    rows: tuple[Row, ...] = ()
    notes: tuple[Note, ...] = ()  # about the file as a whole: nothing can be queued until they are fixed

    @property
    def ready(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.request is not None)

    @property
    def refused(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.request is None)

    @property
    def total(self) -> float:
        return sum(r.estimate for r in self.ready)


def _text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None


def read(data: bytes, catalog: Catalog) -> BatchFile:
    """Every row of a CSV checked against the catalogue; never raises on what the file holds."""
    if len(data) > MAX_BYTES:
        return BatchFile(notes=(Note("batch.too_big", {"mb": MAX_BYTES // 1024 // 1024}),))
    text = _text(data)
    if text is None:
        return BatchFile(notes=(Note("batch.not_text"),))
    try:
        dialect = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0] or ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
    except csv.Error as error:
        return BatchFile(notes=(Note("batch.malformed", {"error": str(error)}),))
    if "prompt" not in header:
        return BatchFile(notes=(Note("batch.no_header"),))
    fields = {o.field for m in catalog.models.values() for o in m.options}
    unknown = [h for h in header if h and h not in BASE_COLUMNS and h not in fields]
    problems: list[Note] = []
    if unknown:
        problems.append(
            Note("batch.unknown_columns", {"columns": ", ".join(unknown), "known": ", ".join(BASE_COLUMNS)})
        )
    if len(set(header)) != len(header):
        problems.append(Note("batch.column_twice"))
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for values in reader:
            if any(v.strip() for v in values):
                if len(rows) >= MAX_ROWS:
                    problems.append(Note("batch.too_many_rows", {"limit": MAX_ROWS}))
                    break
                rows.append(_row(line, header, values, catalog))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Note("batch.line_malformed", {"line": reader.line_num, "error": str(error)}))
    return BatchFile(tuple(rows), tuple(problems))


def _row(number: int, header: list[str], values: list[str], catalog: Catalog) -> Row:
    cells = {name: value.strip() for name, value in zip(header, values, strict=False) if name}
    if len(values) > len(header):
        return Row(number, cells, None, (Note("batch.too_many_cells", {"cells": len(values), "named": len(header)}),))
    text = cells.get("duration") or ""
    if text and not text.isdigit():
        return Row(number, cells, None, (Note("batch.duration", {"value": repr(text)}),))
    duration = int(text) if text else None
    options = tuple((name, option_value(value)) for name, value in cells.items() if name not in BASE_COLUMNS and value)
    request = GenerationRequest(
        cells.get("model") or catalog.default_model,
        cells.get("prompt", ""),
        duration,
        cells.get("aspect_ratio") or None,
        cells.get("resolution") or None,
        tuple((cells.get("image_url") or "").split()),
        cells.get("first_frame_url") or None,
        cells.get("last_frame_url") or None,
        options,
    )
    try:
        return Row(number, cells, request.validate(catalog))
    except InvalidRequest as invalid:
        return Row(number, cells, None, tuple(invalid.notes.values()))


def template(catalog: Catalog) -> str:
    """A CSV to start from: the base columns, two fields models share, and three example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*BASE_COLUMNS, "audio"])
    default = catalog.models[catalog.default_model]
    writer.writerow(
        ["A red kite over green hills at dawn", default.id, default.default_duration, "16:9", "", "", "", "", ""]
    )
    writer.writerow(
        ["The same kite, closer, in the rain", default.id, default.default_duration, "9:16", "", "", "", "", ""]
    )
    frames = next((m for m in catalog.models.values() if m.images.takes("first_frame") and m.option("audio")), None)
    if frames is not None:
        writer.writerow(
            [
                "The kite lands softly",
                frames.id,
                frames.default_duration,
                "",
                "",
                "",
                "https://example.com/first.jpg",
                "",
                "false",
            ]
        )
    return out.getvalue()
