"""What a fresh machine installs: every import is declared, and the lock file keeps to the ranges.

A stale machine hid a missing requirement (jsonschema) and a changed one (PyYAML 6.0.4) before:
these checks read the files a fresh install reads, not what happens to be installed here.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCAL = {"dashboard", "tests", "conftest", "app"}
# Imported by the package only for a development command, and declared for development.
DEVELOPMENT_ONLY = {
    "playwright": "python -m dashboard bench --browser",
    "pyspark": "--engine pyspark (the spark extra of pyproject.toml; the conformance suite)",
}


def declared(path: Path) -> dict[str, Requirement]:
    """The requirements of a pip requirements file, following ``-r other.txt``."""
    found: dict[str, Requirement] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found.update(declared(path.parent / line[3:].strip()))
            continue
        requirement = Requirement(line)
        found[canonicalize_name(requirement.name)] = requirement
    return found


def third_party_imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for file in folder.rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in LOCAL and n != "__future__"}


@functools.cache
def installed() -> dict[str, list[str]]:
    return dict(metadata.packages_distributions())


def distributions_of(module: str) -> set[str]:
    return {canonicalize_name(d) for d in installed().get(module, [])}


def provided_by(requirements: dict[str, Requirement]) -> set[str]:
    """The declared distributions and what they require directly (pydantic brings pydantic-core),
    with the extras asked for (``ibis-framework[duckdb]`` brings duckdb)."""
    names = set(requirements)
    for name, declared_requirement in requirements.items():
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            extras = ["", *declared_requirement.extras]
            if requirement.marker is None or any(requirement.marker.evaluate({"extra": e}) for e in extras):
                names.add(canonicalize_name(requirement.name))
    return names


@pytest.mark.parametrize(
    ("folder", "requirements_file"),
    [("dashboard", "requirements.txt"), ("tests", "requirements-dev.txt")],
)
def test_every_import_is_declared(folder: str, requirements_file: str) -> None:
    allowed = provided_by(declared(ROOT / requirements_file))
    modules = third_party_imports(ROOT / folder)
    if folder == "dashboard":
        development = provided_by(declared(ROOT / "requirements-dev.txt"))
        for module in DEVELOPMENT_ONLY:
            assert distributions_of(module) & development, f"{module} is not in requirements-dev.txt"
        modules -= set(DEVELOPMENT_ONLY)
    missing = {}
    for module in sorted(modules):
        distributions = distributions_of(module)
        if not distributions & allowed:
            missing[module] = sorted(distributions) or ["(not installed)"]
    assert not missing, f"imported in {folder}/ but not in {requirements_file}: {missing}"


def test_the_lock_pins_every_requirement_within_its_range() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = {
        canonicalize_name(m.group(1)): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", text, flags=re.MULTILINE)
    }
    assert "--hash=sha256:" in text, "the lock carries hashes (pip install --require-hashes)"
    ranges = declared(ROOT / "requirements.txt")
    assert ranges
    for name, requirement in ranges.items():
        assert name in pins, f"{name} is in requirements.txt but not pinned in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside requirements.txt's {requirement.specifier}"
        )


def test_pyspark_is_an_extra_and_a_test_requirement_never_a_runtime_one() -> None:
    import tomllib

    runtime = declared(ROOT / "requirements.txt")
    assert "pyspark" not in provided_by(runtime), "PySpark must not be installed by requirements.txt"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert any("pyspark" in spec for spec in extras["spark"])
    assert any("pyspark" in str(r.extras) for r in declared(ROOT / "requirements-dev.txt").values())
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "default-jre-headless" in script
    assert "SPARK_LOCAL_IP=127.0.0.1" in script


def test_runtime_requirements_are_ranges_not_pins() -> None:
    for name, requirement in declared(ROOT / "requirements.txt").items():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators, f"{name} has no version range"
        assert "==" not in operators, f"{name} is pinned in requirements.txt: pins belong in requirements.lock"


def test_ci_builds_a_new_virtual_environment_and_runs_the_readme_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    make = commands.index("rm -rf .ci-venv")
    assert commands[make + 1] == "python3 -m venv .ci-venv"
    assert commands[make + 2] == ". .ci-venv/bin/activate"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"^(\./check\.sh)\s+#", readme, flags=re.MULTILINE)
    assert test_command, "the README's quick start names the test command"
    assert commands[-1] == test_command.group(1)
