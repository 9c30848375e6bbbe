"""Build the Debian package of ReelDesk from a PyInstaller bundle (`make deb`).

    python3 packaging/deb/build.py [--bundle dist/ReelDesk] [--out dist]

writes OUT/reeldesk_<version>_<arch>.deb with this layout:

    /usr/lib/reeldesk/            the bundle as built (the program and its _internal folder)
    /usr/bin/reeldesk             a symlink to ../lib/reeldesk/reeldesk
    /usr/share/applications/      io.reeldesk.ReelDesk.desktop
    /usr/share/icons/hicolor/     the PNG icons (16 to 512 px) and the scalable SVG
    /usr/share/metainfo/          io.reeldesk.ReelDesk.metainfo.xml (AppStream)
    /usr/share/doc/reeldesk/      copyright

The package has no maintainer scripts: dpkg only ever adds and removes the files above, so
installing, removing or purging it never touches anyone's settings, history or videos. The menu
and icon caches are refreshed by the triggers of desktop-file-utils and hicolor-icon-theme.

Depends is read from the bundle itself: every shared library a bundled program or library links
against that the bundle does not carry, mapped to the installed package that owns it (libc6 with
the newest glibc symbol version the bundle uses). Needs: dpkg, readelf (binutils), ldd.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.reeldesk.ReelDesk"
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PACKAGE = "reeldesk"
MAINTAINER = "ReelDesk maintainers <maintainers@reeldesk.invalid>"
DESCRIPTION = """\
desktop studio for making PixVerse V6 videos through FoxAPI
 ReelDesk is a desktop studio for creators who make short videos with
 PixVerse V6 text-to-video through the FoxAPI service. Every generation
 parameter has a real control, jobs show live progress, and each finished
 video is saved to disk with its prompt and settings.
 .
 A demo mode simulates the service offline, so ReelDesk can be tried
 without a key. The `reeldesk` command is also a headless tool for scripts.
 .
 The program is a self-contained bundle (Python and Qt included) installed
 under /usr/lib/reeldesk."""
COPYRIGHT = """\
ReelDesk
Copyright: the ReelDesk authors
License: proprietary (LicenseRef-proprietary)

/usr/lib/reeldesk/_internal holds the third-party components the program is built from
(Python, Qt for Python, and others); each keeps its own licence, shipped beside it.
"""


class BuildError(Exception):
    """A reason the package cannot be built, said in one line."""


def run(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BuildError(f"{command[0]} is missing (scripts/bootstrap.sh installs it)") from error
    if result.returncode != 0:
        raise BuildError(f"{' '.join(command[:3])} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def read_version() -> str:
    """The version, from the one place it is written (as the PyInstaller spec reads it)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise BuildError("no __version__ in app/__init__.py")
    return match[1]


def check_release_listed(version: str) -> None:
    """Software centres show the metainfo's releases: the packaged version must be one."""
    metainfo = (LINUX / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    if f'<release version="{version}"' not in metainfo:
        raise BuildError(
            f'packaging/linux/{APP_ID}.metainfo.xml has no <release version="{version}">: '
            "add one (with its date and notes) before packaging this version"
        )


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as stream:
                if stream.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed_libraries(elfs: list[Path]) -> tuple[dict[str, set[Path]], str]:
    """Each soname the bundle's programs and libraries link against, with who needs it, and
    the newest glibc symbol version any of them uses."""
    dump = run(["readelf", "--dynamic", "--version-info", "--wide", *map(str, elfs)])
    # With several files readelf heads each one's part "File: <path>".
    parts = re.split(r"^File: (.+)$", dump, flags=re.MULTILINE)[1:] or [str(elfs[0]), dump]
    needed: dict[str, set[Path]] = {}
    for path, part in zip(parts[::2], parts[1::2], strict=True):
        for soname in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", part):
            needed.setdefault(soname, set()).add(Path(path))
    glibc = max(
        re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", dump),
        key=lambda v: tuple(map(int, v.split("."))),
        default="",
    )
    return needed, glibc


def loaded_for_sure(bundle: Path, elfs: list[Path], needed: dict[str, set[Path]]) -> set[Path]:
    """The program, its Python extension modules and the X11 platform plugin (how the window
    reaches a screen), with every bundled library these link against, however indirectly."""
    elf_set = set(elfs)
    # A soname may be a symlink's name (libbz2.so.1 -> libbz2.so.1.0).
    by_name = {p.name: p.resolve() for p in bundle.rglob("*") if p.resolve() in elf_set}
    needs: dict[Path, set[Path]] = {path: set() for path in elfs}
    for soname, users in needed.items():
        if soname in by_name:
            for user in users:
                needs[user].add(by_name[soname])
    todo = [
        path
        for path in elfs
        if path == bundle / "reeldesk"
        or ".cpython-" in path.name
        or ".abi3." in path.name
        or path.name == "libqxcb.so"
    ]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo.extend(needs.get(path, ()))
    return seen


def system_libraries(bundle: Path) -> tuple[dict[str, Path], str]:
    """Libraries the bundle links against but does not carry, by soname with their path here,
    and the newest glibc symbol version used."""
    elfs = elf_files(bundle)
    carried = {path.name for path in bundle.rglob("*")}
    needed, glibc = needed_libraries(elfs)
    core = loaded_for_sure(bundle, elfs, needed)
    needed = {soname: users for soname, users in needed.items() if soname not in carried}
    # Where the loader finds each of them, with the bundle's own folders searched first (as the
    # bundle's loader does), so a library the bundle carries never counts as a system one.
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(sorted({str(p.parent) for p in elfs})))
    resolved: dict[str, Path] = {}
    for elf in elfs:
        listing = subprocess.run(
            ["ldd", str(elf)], capture_output=True, text=True, env=env, check=False
        ).stdout
        # "libfoo.so.1 => /path (0x...)", and the dynamic loader as plain "/path (0x...)".
        for name, where in re.findall(r"^\s*(?:(\S+) => )?(/\S+) \(", listing, re.MULTILINE):
            soname = name or Path(where).name
            if soname in needed:
                resolved.setdefault(soname, Path(where))
    missing = {soname: needed[soname] for soname in needed.keys() - resolved.keys()}
    # Qt loads its plugins only when asked and skips one whose libraries are absent (the GTK
    # theme; Wayland, where the window falls back to X11), so their needs may be missing here.
    # What the program loads for sure must be installed, or its package could not be named.
    required = {name: users for name, users in missing.items() if users & core}
    if required:
        raise BuildError(
            "the bundle needs libraries not installed here (install them and build again): "
            + ", ".join(f"{name} (for {min(users).name})" for name, users in required.items())
        )
    if missing:
        print(f"optional, not installed here, left out of Depends: {', '.join(sorted(missing))}")
    return resolved, glibc


def owning_packages(libraries: dict[str, Path]) -> dict[str, str]:
    """Package owning each library file. dpkg knows a file by the path its package ships, which
    on a merged-/usr system may differ from where the loader found it: ask for each spelling."""
    spellings: dict[str, str] = {}
    for name, path in libraries.items():
        text = str(path)
        for variant in (text, str(path.resolve()), "/usr" + text, text.removeprefix("/usr")):
            spellings.setdefault(variant, name)
    listing = subprocess.run(
        ["dpkg-query", "--search", *spellings], capture_output=True, text=True, check=False
    ).stdout
    owners: dict[str, str] = {}
    for line in listing.splitlines():
        packages, _, owned = line.partition(": ")
        if owned in spellings and not packages.startswith("diversion") and "," not in packages:
            owners.setdefault(spellings[owned], packages.split(":")[0])
    unowned = sorted(set(libraries) - owners.keys())
    if unowned:
        raise BuildError(f"no installed package owns {', '.join(unowned)}")
    return owners


def depends(bundle: Path) -> str:
    libraries, glibc = system_libraries(bundle)
    owners = owning_packages(libraries)
    packages = sorted(set(owners.values()))
    libc = owners.get("libc.so.6")
    return ", ".join(f"{p} (>= {glibc})" if p == libc and glibc else p for p in packages)


def installed_size_kib(tree: Path) -> int:
    """What dpkg-gencontrol counts: each file and symlink rounded up to a KiB, one per folder."""
    total = 0
    for path in tree.rglob("*"):
        size = path.lstat().st_size if path.is_file() or path.is_symlink() else 0
        total += max(1, -(-size // 1024))
    return total


def md5sums(tree: Path) -> str:
    lines = []
    for path in sorted(tree.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as stream:
                digest = hashlib.file_digest(stream, "md5").hexdigest()
            lines.append(f"{digest}  {path.relative_to(tree)}\n")
    return "".join(lines)


def normalise_modes(tree: Path) -> None:
    """Folders 0755, files 0644 or 0755 if executable: whatever the build machine's umask was."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & 0o111 else 0o644)


def stage(bundle: Path, tree: Path) -> None:
    usr = tree / "usr"
    shutil.copytree(bundle, usr / "lib" / PACKAGE, symlinks=True)
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / PACKAGE).symlink_to(Path("..", "lib", PACKAGE, "reeldesk"))
    share = usr / "share"
    for folder, name in (("applications", ".desktop"), ("metainfo", ".metainfo.xml")):
        (share / folder).mkdir(parents=True)
        shutil.copyfile(LINUX / f"{APP_ID}{name}", share / folder / f"{APP_ID}{name}")
    hicolor = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        apps = hicolor / f"{size}x{size}" / "apps"
        apps.mkdir(parents=True)
        shutil.copyfile(ICONS / f"reeldesk-{size}.png", apps / f"{APP_ID}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(ICONS / "reeldesk.svg", hicolor / "scalable" / "apps" / f"{APP_ID}.svg")
    (share / "doc" / PACKAGE).mkdir(parents=True)
    (share / "doc" / PACKAGE / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    normalise_modes(tree)


def build(bundle: Path, out: Path, maintainer: str) -> Path:
    if not (bundle / "reeldesk").is_file():
        raise BuildError(f"no bundle at {bundle} (make bundle builds it)")
    version = read_version()
    check_release_listed(version)
    arch = run(["dpkg", "--print-architecture"]).strip()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="reeldesk-deb-", dir=out) as staging:
        tree = Path(staging) / "root"
        stage(bundle, tree)
        control = {
            "Package": PACKAGE,
            "Version": version,
            "Architecture": arch,
            "Maintainer": maintainer,
            "Installed-Size": str(installed_size_kib(tree)),
            "Depends": depends(bundle),
            "Section": "video",
            "Priority": "optional",
            "Description": DESCRIPTION,
        }
        (tree / "DEBIAN").mkdir(mode=0o755)
        # What `dpkg --verify` and debsums check the installed files against.
        (tree / "DEBIAN" / "md5sums").write_text(md5sums(tree), encoding="utf-8")
        (tree / "DEBIAN" / "control").write_text(
            "".join(f"{key}: {value}\n" for key, value in control.items()), encoding="utf-8"
        )
        # zstd: a few seconds for the 230 MB bundle where xz takes over a minute; every dpkg
        # since Debian 12 (the oldest the bundle's glibc runs on) reads it.
        run(["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(tree), str(target)])
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "ReelDesk")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--maintainer", default=MAINTAINER, help="the control file's Maintainer")
    args = parser.parse_args(argv)
    try:
        target = build(args.bundle.resolve(), args.out.resolve(), args.maintainer)
    except BuildError as error:
        print(f"packaging/deb/build.py: {error}", file=sys.stderr)
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
