"""The `./kindred` launcher: finds a new enough Python and explains its commands."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "kindred"
BASH = shutil.which("bash") or "/bin/bash"


def _find_python_function() -> str:
    match = re.search(r"^find_python\(\) \{\n.*?^\}\n", LAUNCHER.read_text(), re.S | re.M)
    assert match is not None, "kindred no longer defines find_python()"
    return match.group(0)


def _find_python(tmp_path: Path, *, kindred_python: str, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BASH, "-c", _find_python_function() + "find_python"],
        env={"PATH": path, "KINDRED_PYTHON": kindred_python, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _fake_interpreter(folder: Path, name: str, *, new_enough: bool) -> Path:
    folder.mkdir(exist_ok=True)
    program = folder / name
    if new_enough:
        program.symlink_to(sys.executable)
    else:
        # Stands in for Python 3.11: fails the launcher's version test.
        program.write_text("#!/bin/sh\nexit 1\n")
        program.chmod(0o755)
    return program


def test_launcher_is_valid_bash() -> None:
    assert subprocess.run([BASH, "-n", str(LAUNCHER)], timeout=30).returncode == 0


def test_find_python_prefers_kindred_python(tmp_path: Path) -> None:
    result = _find_python(tmp_path, kindred_python=sys.executable, path=os.defpath)
    assert result.returncode == 0
    assert result.stdout.strip() == sys.executable


def test_find_python_skips_an_old_python_for_a_new_one_on_path(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    old = _fake_interpreter(bin_dir, "python3", new_enough=False)
    new = _fake_interpreter(bin_dir, "python3.12", new_enough=True)
    result = _find_python(tmp_path, kindred_python=str(old), path=str(bin_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(new)


def test_find_python_fails_when_only_an_old_python_exists(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    old = _fake_interpreter(bin_dir, "python3", new_enough=False)
    result = _find_python(tmp_path, kindred_python=str(old), path=str(bin_dir))
    assert result.returncode == 1
    assert result.stdout == ""


@pytest.fixture
def installed_checkout(tmp_path: Path) -> Path:
    """A checkout whose set-up is already done, so the launcher goes straight to Python."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy2(LAUNCHER, checkout / "kindred")
    (checkout / "config").symlink_to(ROOT / "config")
    (checkout / ".venv").symlink_to(ROOT / ".venv")
    for name in ("pyproject.toml", "package-lock.json"):
        shutil.copy2(ROOT / name, checkout / name)
    (checkout / "node_modules" / "govuk-frontend").mkdir(parents=True)
    (checkout / "node_modules" / ".package-lock.json").write_text("{}")
    (checkout / ".env").write_text("SECRET_KEY=launcher-test\n")
    # Older than the install markers, so nothing is reinstalled.
    for name in ("pyproject.toml", "package-lock.json"):
        os.utime(checkout / name, (0, 0))
    return checkout


@pytest.mark.skipif(
    not (ROOT / ".venv" / ".installed").exists(), reason="needs the installed .venv"
)
def test_launcher_without_a_command_prints_usage(installed_checkout: Path) -> None:
    result = subprocess.run(
        [str(installed_checkout / "kindred")],
        cwd=installed_checkout,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "usage: ./kindred demo | test" in result.stderr
    assert "Creating .venv" not in result.stdout
