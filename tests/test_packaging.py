"""The wheel is the product: built, installed into a new virtual environment, it runs.

An editable install hides packaging mistakes (a subpackage or a data file left
out of the wheel works from the source tree). This test builds a wheel from the
sources, or takes the one ``scripts/fresh-check.sh`` built (``PRESSROOM_WHEEL``),
installs it without its dependencies into a fresh environment that borrows the
already-installed ones, and runs the command from outside the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    given = os.environ.get("PRESSROOM_WHEEL")
    if given:
        return Path(given)
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "pressroom", source / "pressroom", ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    result = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
                 "-w", dist, source, cwd=source)
    assert result.returncode == 0, result.stderr
    return next(dist.glob("pressroom-*.whl"))


def test_the_wheel_holds_every_subpackage_and_data_file(wheel):
    # fresh-check.sh moves the sources aside (so that the tests import the wheel) and says where
    sources = Path(os.environ.get("PRESSROOM_SOURCES", REPO / "pressroom"))
    names = {name.removeprefix("pressroom/") for name in zipfile.ZipFile(wheel).namelist()}
    expected = [*sources.rglob("__init__.py"), *sources.rglob("*.dic")]
    assert len(expected) >= 3
    for path in expected:
        assert path.relative_to(sources).as_posix() in names


@pytest.fixture
def installed(wheel, tmp_path) -> Path:
    """The bin/ folder of an environment where the wheel, not the source tree, is pressroom."""
    if os.environ.get("PRESSROOM_WHEEL"):  # fresh-check.sh: this very environment was made from it
        return Path(sys.executable).parent
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp_path).returncode == 0
    result = run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check",
                 wheel, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return venv / "bin"


def test_the_installed_wheel_runs_and_builds(installed, small_project, tmp_path):
    python, command = installed / "python", installed / "pressroom"
    where = run(python, "-c", "import pressroom; print(pressroom.__file__)", cwd=tmp_path)
    assert not Path(where.stdout.strip()).is_relative_to(REPO), "the test must run the wheel, not the source tree"
    version = run(command, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("pressroom ")
    assert run(command, "-h", cwd=tmp_path).returncode == 0
    made = run(command, "make", "2024-H1", "--root", small_project, "--lang", "az", "--variant", "screen",
               cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (small_project / "output/2024-H1/test-bulletin-2024-H1-az-screen.pdf").is_file()
