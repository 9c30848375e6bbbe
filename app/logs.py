"""The rotating log in the per-user log folder, with keys and signed URL queries redacted
(every secret ``app.redact`` knows, also those learnt after the log was set up)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.redact import redact

LOG_NAME = "reeldesk.log"


class RedactingFormatter(logging.Formatter):
    """Formats, then removes bearer tokens, ``sk-`` keys, URL queries and known secrets."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(folder: Path, *, level: int = logging.INFO) -> Path:
    """Log to ``folder/reeldesk.log`` (1 MB × 5 files). Returns the log file's path. Every
    line is redacted (``app.redact``): learn secrets before logging them."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "reeldesk", False)]:
        root.removeHandler(old)
        old.close()
    handler.reeldesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return path
