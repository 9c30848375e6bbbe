"""The Debian package, built from the cached bundle: what it holds, that its desktop files
validate, and (as root) that apt installs it offline, it runs, and removing it keeps the
user's data."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import __version__
from app.engine.downloader import looks_like_mp4
from tests.integration.test_app_process import check_window_starts_and_stops
from tests.packaging.test_bundle import frozen_env

ROOT = Path(__file__).resolve().parents[2]
BUILDER = ROOT / "packaging" / "deb" / "build.py"
APP_ID = "io.reeldesk.ReelDesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
INSTALLED = (
    Path("/usr/bin/reeldesk"),
    Path("/usr/lib/reeldesk"),
    Path(f"/usr/share/applications/{APP_ID}.desktop"),
    Path(f"/usr/share/metainfo/{APP_ID}.metainfo.xml"),
)

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="a Debian system (dpkg-deb)"),
]

AptGet = Callable[..., subprocess.CompletedProcess[str]]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: scripts/bootstrap.sh installs it")
    return found


@pytest.fixture(scope="session")
def deb(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deb")
    result = run(sys.executable, str(BUILDER), "--bundle", str(bundle), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.splitlines()[-1])


@pytest.fixture(scope="session")
def unpacked(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's /usr/bin and /usr/share as dpkg would lay them out (the 230 MB program
    under /usr/lib is left packed)."""
    root = tmp_path_factory.mktemp("unpacked")
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE) as dump:
        untar = subprocess.run(
            ["tar", "-x", "-C", str(root), "./usr/bin", "./usr/share"],
            stdin=dump.stdout,
            capture_output=True,
            timeout=120,
            check=False,
        )
    assert dump.returncode == 0 and untar.returncode == 0, untar.stderr
    return root


def field(deb: Path, name: str) -> str:
    return run("dpkg-deb", "--field", str(deb), name).stdout.strip()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def package_status(name: str) -> str:
    """dpkg's word for the package's state here; "" when dpkg has never heard of it."""
    result = run("dpkg-query", "--show", "--showformat=${db:Status-Status}", name)
    return result.stdout.strip() if result.returncode == 0 else ""


def test_package_is_named_versioned_and_depends_only_on_what_is_installed(
    deb: Path, bundle: Path
) -> None:
    arch = run("dpkg", "--print-architecture").stdout.strip()
    assert deb.name == f"reeldesk_{__version__}_{arch}.deb"
    assert field(deb, "Package") == "reeldesk"
    assert field(deb, "Version") == __version__
    assert field(deb, "Architecture") == arch
    assert "<" in field(deb, "Maintainer") and field(deb, "Description")
    bundle_kib = sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file()) // 1024
    assert bundle_kib <= int(field(deb, "Installed-Size")) < bundle_kib * 1.1
    depends = [entry.split(" ")[0] for entry in field(deb, "Depends").split(", ")]
    assert "libc6" in depends and "libxcb1" in depends  # the C library, and X11 for the window
    # Each is installed on this machine (which ran the bundle), so apt needs no download.
    assert all(package_status(name) == "installed" for name in depends), depends


def test_package_has_no_maintainer_scripts_so_nothing_touches_user_data(
    deb: Path, tmp_path: Path
) -> None:
    control = tmp_path / "control"
    assert run("dpkg-deb", "--control", str(deb), str(control)).returncode == 0
    assert sorted(path.name for path in control.iterdir()) == ["control", "md5sums"]


def test_package_holds_the_program_the_command_the_menu_entry_and_icons(
    deb: Path, unpacked: Path
) -> None:
    entries = {}
    for line in run("dpkg-deb", "--contents", str(deb)).stdout.splitlines():
        mode, owner, _size, _day, _time, path, *link = line.split()
        entries[path.removeprefix(".")] = (mode, owner, link)
    assert {owner for _mode, owner, _link in entries.values()} == {"root/root"}
    assert entries["/usr/lib/reeldesk/reeldesk"][0] == "-rwxr-xr-x"
    assert entries["/usr/bin/reeldesk"][0].startswith("l")
    command = unpacked / "usr" / "bin" / "reeldesk"
    target = os.path.normpath(command.parent / os.readlink(command))
    assert target == str(unpacked / "usr" / "lib" / "reeldesk" / "reeldesk")
    hicolor = unpacked / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert b"<svg" in (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes()
    desktop = (unpacked / "usr" / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f"Icon={APP_ID}\n" in desktop and "Exec=reeldesk" in desktop
    metainfo = (unpacked / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").read_text()
    assert f"<id>{APP_ID}</id>" in metainfo and f'<release version="{__version__}"' in metainfo


def test_packaged_menu_entry_and_metainfo_validate(unpacked: Path) -> None:
    desktop = unpacked / "usr" / "share" / "applications" / f"{APP_ID}.desktop"
    result = run(tool("desktop-file-validate"), str(desktop))
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr
    # validate-tree checks the metainfo as installed, and that its launchable desktop file is
    # in the same tree. Warnings fail it as errors do.
    result = run(tool("appstreamcli"), "validate-tree", "--no-net", str(unpacked))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def apt_get(tmp_path: Path) -> Iterator[AptGet]:
    """apt-get with no package sources, so it can only use what is installed and the .deb
    given; the package is purged afterwards whatever the test did."""
    if os.geteuid() != 0:
        pytest.skip("installing a package needs root (CI runs as root)")
    if package_status("reeldesk"):
        pytest.skip("a reeldesk package is already installed here; this test will not replace it")
    no_sources = tmp_path / "no-sources"
    no_sources.mkdir()
    offline = [
        "-o",
        "Dir::Etc::SourceList=/dev/null",
        "-o",
        f"Dir::Etc::SourceParts={no_sources}",
        "-o",
        "Dir::Cache::pkgcache=",
        "-o",
        "Dir::Cache::srcpkgcache=",
        "-o",
        "DPkg::Lock::Timeout=120",
    ]

    def apt(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["apt-get", "--yes", "--quiet", *offline, *args],
            capture_output=True,
            text=True,
            timeout=300,
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
            check=False,
        )

    try:
        yield apt
    finally:
        if package_status("reeldesk"):
            run("dpkg", "--purge", "reeldesk")


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_apt_installs_it_offline_it_runs_and_removing_it_keeps_user_data(
    deb: Path, apt_get: AptGet, home: Path, tmp_path: Path
) -> None:
    installed = apt_get("install", str(deb))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert package_status("reeldesk") == "installed"

    made = subprocess.run(
        ["/usr/bin/reeldesk", "generate", "--demo", "a test", "--json"],
        env=frozen_env(home),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    job = json.loads(made.stdout)
    video = Path(job["path"])
    assert job["status"] == "saved" and video.is_relative_to(home) and looks_like_mp4(video)
    # The menu entry's command opens the window.
    check_window_starts_and_stops(["/usr/bin/reeldesk", "--demo"], home)

    user_data = snapshot(home)
    assert str(video.relative_to(home)) in user_data and "data/history.sqlite3" in user_data
    removed = apt_get("remove", "reeldesk")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert package_status("reeldesk") in ("", "not-installed")
    assert not [path for path in INSTALLED if os.path.lexists(path)]
    assert snapshot(home) == user_data
