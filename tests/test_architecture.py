"""The shape of the package: only dashboard/ui imports Streamlit; public names exist.

DESIGN.md: a pure core (loading, frame, query, figures) and a thin Streamlit shell; the way
httpx tests its public names.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import dashboard

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"
UI = PACKAGE / "ui"
CORE_FILES = sorted(p for p in PACKAGE.rglob("*.py") if UI not in p.parents)
MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(dashboard.__path__, prefix="dashboard.")
    if name != "dashboard.__main__"  # running it is its whole point
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module imported anywhere in a file (relative imports resolved)."""
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py")


def imports_in(source: str, module: str, *, is_package: bool = False) -> set[str]:
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):  # every import, also inside functions and try blocks
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                prefix = ".".join(parts[: len(parts) - (node.level - 1)])
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def test_the_core_files_are_found() -> None:
    names = {p.name for p in CORE_FILES}
    assert {"loader.py", "yamlsafe.py", "models.py", "frame.py", "cli.py", "dates.py"} <= names
    assert all(UI not in p.parents for p in CORE_FILES)


@pytest.mark.parametrize("path", CORE_FILES, ids=[str(p.relative_to(ROOT)) for p in CORE_FILES])
def test_only_the_ui_imports_streamlit(path: Path) -> None:
    offending = sorted(
        name
        for name in imported_modules(path)
        if name in ("streamlit", "dashboard.ui") or name.startswith(("streamlit.", "dashboard.ui."))
    )
    assert offending == [], f"{path.relative_to(ROOT)} imports {offending}: only dashboard/ui may use Streamlit"


# --------------------------------------------------------------------------- the flow of imports

LAYERS: dict[str, int] = {"core": 0, "render": 1, "io": 2, "store": 3, "ui": 4, "tools": 4, "shell": 4}
"""Each part of the package may import only parts of a lower rank (and itself): the core knows no
files, rendering knows no files, files know no store, the store knows no Streamlit; the shells on
top (ui, tools, the command line) are not imported by anything below them."""
SHELL = {"dashboard", "dashboard.cli", "dashboard.storecli", "dashboard.__main__"}


def part_of(module: str) -> str | None:
    """The part of the package a module belongs to (None: not ours)."""
    if module in SHELL:
        return "shell"
    parts = module.split(".")
    if parts[0] != "dashboard" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


ALL_FILES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_part() -> None:
    orphans = [p for p in ALL_FILES if part_of(module_name(p)) is None]
    assert orphans == [], f"modules outside core/render/io/store/ui/tools and the command line: {orphans}"


@pytest.mark.parametrize("path", ALL_FILES, ids=[str(p.relative_to(ROOT)) for p in ALL_FILES])
def test_imports_follow_the_flow(path: Path) -> None:
    mine = part_of(module_name(path))
    assert mine is not None
    against = sorted(
        name
        for name in imported_modules(path)
        if (theirs := part_of(name)) is not None
        and theirs != mine
        and not (LAYERS[theirs] < LAYERS[mine] or (mine == "shell" and theirs != "ui"))
    )
    assert against == [], f"{path.relative_to(ROOT)} ({mine}) imports against the flow: {against}"


def test_the_flow_check_can_fail() -> None:
    """The same check on made-up code that imports upwards finds it (also inside a function)."""
    source = "def f():\n    from ..store.queries import open_store\nfrom ..render.figures import x\n"
    names = imports_in(source, "dashboard.core.query")
    upward = {n for n in names if (p := part_of(n)) is not None and LAYERS[p] > LAYERS["core"]}
    assert {"dashboard.store.queries", "dashboard.render.figures"} <= upward
    assert part_of("dashboard.ui.explore") == "ui"
    assert part_of("dashboard.cli") == "shell"
    assert part_of("numpy") is None


def test_the_import_scan_sees_relative_and_nested_imports() -> None:
    source = "import os\ndef f():\n    import streamlit.components.v1 as c\nfrom ..ui import explore\nfrom . import x\n"
    names = imports_in(source, "dashboard.sub.mod")
    assert "streamlit.components.v1" in names
    assert "dashboard.ui" in names
    assert "dashboard.ui.explore" in names
    assert "dashboard.sub.x" in names
    assert "dashboard.y" in imports_in("from .y import z\n", "dashboard", is_package=True)


def test_core_modules_do_not_load_streamlit_at_run_time() -> None:
    code = (
        "import sys\n"
        "import dashboard.core.loader, dashboard.core.frame, dashboard.core.query\n"
        "import dashboard.render.figures, dashboard.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_nothing_is_loaded_at_import_time() -> None:
    code = (
        "import sys, dashboard.core.loader, dashboard.core.frame\n"
        "heavy = [m for m in ('plotly', 'edtf', 'streamlit') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("name", MODULES)
def test_public_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    public = getattr(module, "__all__", None)
    assert public is not None, f"{name} has no __all__"
    assert len(public) == len(set(public)), f"{name}.__all__ has duplicates"
    missing = [n for n in public if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names what it does not define: {missing}"


def test_every_module_was_checked() -> None:
    assert {
        "dashboard.core.loader",
        "dashboard.core.yamlsafe",
        "dashboard.core.models",
        "dashboard.core.frame",
        "dashboard.cli",
    } <= set(MODULES)
