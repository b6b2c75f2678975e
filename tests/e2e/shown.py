"""When a page showed its task id after its Submit click, timed inside the page itself.

Playwright's waits measure when the test got round to looking: with twenty or thirty loaded pages looked at one
after another on two cores, that came 10-15 s after the page had drawn its task id (measured: a page's own
clock said 10.3 s from its click to its id, the test's loop said 21 s). So the page notes both moments with its
own clock (`Date.now()`): the click, by a listener that sees it first, and the first task id on the page (`TASK_ID`),
by a `MutationObserver`. The load test and `python -m benchmarks --only sessions` judge these."""

from __future__ import annotations

from dataclasses import dataclass

# Where the Generate page shows a task id: inline code in the page's text (the status line, the id under it).
TASK_ID = '[data-testid="stMain"] [data-testid="stMarkdownContainer"] code'
WATCH = """() => {
  const seen = window.__videogen_shown = {clicked: null, shown: null, task: null};
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('button');
    if (seen.clicked === null && button && button.textContent.trim().endsWith('Submit')) seen.clicked = Date.now();
  }, true);
  const look = () => {
    for (const code of document.querySelectorAll('TASK_ID')) {
      const text = code.textContent.trim();
      if (text.startsWith('task_')) {
        seen.shown = Date.now();
        seen.task = text;
        observer.disconnect();
        return;
      }
    }
  };
  const observer = new MutationObserver(look);
  observer.observe(document.body, {childList: true, subtree: true, characterData: true});
}""".replace("TASK_ID", TASK_ID)
SHOWN = "() => window.__videogen_shown.shown !== null"


@dataclass(frozen=True)
class Shown:
    """One page's two moments, in seconds since the epoch by the page's clock (None: not yet)."""

    clicked: float | None
    shown: float | None
    task: str | None

    def after(self, clicked: float | None = None) -> float | None:
        """Seconds from the click (the page's own, or `clicked`) to the task id on the page; None if not shown."""
        start = self.clicked if clicked is None else clicked
        if start is None or self.shown is None:
            return None
        return self.shown - start


def watch(page) -> None:
    """Start noting the click and the task id (before the click)."""
    page.evaluate(WATCH)


def wait(page, timeout_s: float) -> bool:
    """Until the page has shown a task id (True), or `timeout_s` passed (False)."""
    try:
        page.wait_for_function(SHOWN, timeout=max(0.5, timeout_s) * 1000)
        return True
    except Exception:  # noqa: BLE001 - Playwright's timeout: the caller reports the page
        return False


def read(page) -> Shown:
    seen = page.evaluate("() => window.__videogen_shown")
    return Shown(
        seen["clicked"] / 1000 if seen["clicked"] else None,
        seen["shown"] / 1000 if seen["shown"] else None,
        seen["task"],
    )
