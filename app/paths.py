"""Every folder ReelDesk uses, from one place.

Folders come from platformdirs, so on Linux the XDG variables relocate them. Setting
``REELDESK_HOME`` puts everything under one folder instead (portable runs, tests).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.errors import HomeNotWritable

APP_NAME = "ReelDesk"
HOME_ENV = "REELDESK_HOME"
#: The private folders and files (history, logs, settings, key) are the owner's alone.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


@dataclass(frozen=True, slots=True)
class Paths:
    """The per-user folders of one ReelDesk installation."""

    config: Path
    data: Path
    cache: Path
    state: Path
    logs: Path
    videos: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def history_db(self) -> Path:
        return self.data / "history.sqlite3"

    @property
    def library_file(self) -> Path:
        """Saved prompts and presets (``app.library``)."""
        return self.data / "library.json"

    @property
    def key_file(self) -> Path:
        return self.config / "api-key"

    @property
    def thumbnails(self) -> Path:
        return self.cache / "thumbnails"

    @property
    def frames(self) -> Path:
        """Scrubbing strips of saved videos (``app.frames.FrameCache``)."""
        return self.cache / "frames"

    @property
    def lock_file(self) -> Path:
        return self.state / "engine.lock"

    def ensure(self) -> None:
        """Create the private folders, owner-only (not the videos folder: that waits for the
        first save, and is the user's to share). Raises ``HomeNotWritable`` naming the first
        folder that cannot be made or written (a read-only ``REELDESK_HOME``)."""
        for folder in (self.config, self.data, self.cache, self.state, self.logs):
            try:
                make_private_folder(folder)
                with tempfile.TemporaryFile(dir=folder):
                    pass  # the one test of "can write here" that holds for root and odd mounts
            except OSError as exc:
                raise HomeNotWritable(str(folder), f"{folder}: {exc}") from exc


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) and make it owner-only, also when it already
    existed with wider permissions (made by an older ReelDesk)."""
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    make_private(folder, PRIVATE_FOLDER)


def make_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Best effort: a portable home on a FAT stick refuses ``chmod`` and still works."""
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)


def resolve_paths(environ: Mapping[str, str] | None = None) -> Paths:
    """Work out the folders from the environment (``REELDESK_HOME`` first, then platformdirs)."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(
            config=root / "config",
            data=root / "data",
            cache=root / "cache",
            state=root / "state",
            logs=root / "logs",
            videos=root / "videos",
        )
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return Paths(
        config=Path(dirs.user_config_dir),
        data=Path(dirs.user_data_dir),
        cache=Path(dirs.user_cache_dir),
        state=Path(dirs.user_state_dir),
        logs=Path(dirs.user_log_dir),
        videos=Path(platformdirs.user_videos_dir()) / APP_NAME,
    )
