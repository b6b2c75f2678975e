"""The interface imports only the domain's public surface (`videogen/__init__.py`). `lint-imports` checks
`ui/`; the pages and app.py are scripts outside any package, so they are read here."""

import ast
from pathlib import Path

import videogen

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]


def reaches_inside(source: str) -> list[str]:
    """The imports of a script that name a module inside `videogen` (`from videogen.tasks import x`, `import
    videogen.tasks`), and the names taken from `videogen` that its surface does not export."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("videogen."):
            found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.ImportFrom) and node.module == "videogen":
            found.extend(f"videogen.{a.name} (not exported)" for a in node.names if a.name not in videogen.__all__)
        elif isinstance(node, ast.Import):
            found.extend(f"import {a.name}" for a in node.names if a.name.startswith("videogen."))
    return found


def test_pages_and_app_import_only_the_surface():
    assert len(SCRIPTS) >= 7
    found = {path.name: reaches_inside(path.read_text()) for path in SCRIPTS}
    assert {name: where for name, where in found.items() if where} == {}


def test_the_check_sees_a_script_that_reaches_inside():
    source = (
        "from videogen.tasks.store import TaskStore\nimport videogen.catalog\nfrom videogen import Tracker, Studio\n"
    )
    assert reaches_inside(source) == [
        "from videogen.tasks.store import ...",
        "import videogen.catalog",
        "videogen.Tracker (not exported)",
    ]


def test_every_exported_name_is_there_once():
    assert len(videogen.__all__) == len(set(videogen.__all__))
    assert [name for name in videogen.__all__ if not hasattr(videogen, name)] == []
