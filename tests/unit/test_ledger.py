"""The spending ledger read from the store: estimate, billed and refunded per task, totals, the CSV."""

import csv
import io

from videogen.i18n import Note
from videogen.provider.protocol import Task, TaskStatus
from videogen.tasks import ledger


def body(model: str) -> dict:
    return {"model": model, "prompt": '=HYPERLINK("http://x")', "duration": 4}


def test_ledger_entries_totals_and_csv(store):
    store.record_intent("a", body("sora-2-preview"), estimated_cost=0.32)
    store.record_intent("b", body("sora-2-preview"), estimated_cost=0.32)
    store.record_intent("c", body("veo3.1-fast"), estimated_cost=1.5)
    store.record_intent("d", body("veo3.1-fast"), estimated_cost=9.0)
    store.mark_submitted("a", "task_a")
    store.mark_submitted("b", "task_b")
    store.mark_submitted("c", "task_c")
    store.mark_rejected("d", Note("submit.refused", {"message": "no"}))  # made no task: not in the ledger
    store.tracking.update_from_api(Task("task_a", TaskStatus.COMPLETED, 100, cost=0.30))
    store.tracking.update_from_api(Task("task_b", TaskStatus.FAILED, 0))
    entries = [ledger.entry(r) for r in store.money.ledger(simulated=False)]
    assert [(e.task_id, e.billed, e.refunded) for e in entries] == [
        ("task_a", 0.30, False),
        ("task_b", 0.0, True),
        ("task_c", None, False),
    ]
    total = ledger.overall(entries)
    assert (total.tasks, round(total.estimated, 2), total.billed, total.refunded, total.unbilled) == (
        3,
        1.82,
        0.30,
        0.32,
        1,
    )
    per_model = {t.name: t for t in ledger.totals(entries, "model")}
    assert round(per_model["sora-2-preview"].estimated, 2) == 0.32 and per_model["veo3.1-fast"].estimated == 1.5
    assert [t.tasks for t in ledger.totals(entries, "day")] == [3]
    rows = list(csv.DictReader(io.StringIO(ledger.as_csv(entries))))
    assert [r["billed_usd"] for r in rows] == ["0.3000", "0.0000", ""]
    assert [r["refunded"] for r in rows] == ["no", "yes", "no"]
    assert "HYPERLINK" not in ledger.as_csv(entries)  # no prompt, so no formula reaches a spreadsheet
    assert store.money.ledger(simulated=True) == []
