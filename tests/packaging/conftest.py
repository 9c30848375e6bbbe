"""The frozen bundle, shared by the bundle and Debian package tests: built once per source
state (cached under build/), reused while the sources it is made from are unchanged."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "reeldesk.spec"
# What the bundle is made from. The rest of packaging/ (the .deb builder, the desktop files)
# does not go into it, so changing them does not rebuild it.
BUNDLE_SOURCES = ("app", "ui", "resources", "packaging/reeldesk.spec", "packaging/entry.py")


def source_digest() -> str:
    digest = hashlib.sha256()
    for source in BUNDLE_SOURCES:
        top = ROOT / source
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def bundle() -> Path:
    return build_bundle()


def build_bundle() -> Path:
    """Build dist-like output into build/bundle-<digest>, or reuse it when the sources match
    (the tests' fixture, and the bundle benchmark)."""
    out = ROOT / "build" / f"bundle-{source_digest()}"
    program = out / "ReelDesk" / "reeldesk"
    if not program.exists():
        for old in (ROOT / "build").glob("bundle-*"):
            shutil.rmtree(old, ignore_errors=True)
        pyinstaller = Path(sys.executable).parent / "pyinstaller"
        result = subprocess.run(
            [
                str(pyinstaller),
                "--noconfirm",
                "--log-level",
                "WARN",
                "--distpath",
                str(out),
                "--workpath",
                str(ROOT / "build" / "pyinstaller"),
                str(SPEC),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pyinstaller failed:\n{result.stderr[-4000:]}")
    return out / "ReelDesk"
