"""Writing files so that a crash never leaves half of one: the one atomic-write helper.

Settings, the key file and each video's sidecar are written with ``atomic_write``; a finished
download is published by a link or rename (``app.engine.downloader.publish``) and made durable
with ``fsync_dir``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old or the new file, never a mix:
    a temporary file beside it, fsync, ``os.replace``, then fsync of the folder. Raises
    ``OSError``; the caller turns it into the error its reader understands."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` durable. Best effort: some systems cannot
    open a folder for syncing, and the file itself is already on disk."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
