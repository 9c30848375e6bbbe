"""The settings a take was made with, as the compare window lists them under each player."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.engine.jobs import Job
from app.messages import Catalogue
from app.present import credits_text


def settings_rows(job: Job, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(field name, value) for each setting a take was made with, in the form's order."""
    request = job.request
    rows = [
        (catalogue.text("field.prompt"), request.prompt),
        (catalogue.text("field.negative_prompt"), request.negative_prompt or ""),
        (catalogue.text("field.aspect_ratio"), request.aspect_ratio.value),
        (catalogue.text("field.resolution"), request.resolution.value),
        (catalogue.text("field.duration"), catalogue.text("unit.seconds", n=request.duration)),
        (catalogue.text("field.generate_audio"), "♪" if request.generate_audio else "—"),
        (
            catalogue.text("field.style"),
            catalogue.text(f"style.{request.style.value}") if request.style else "—",
        ),
        (catalogue.text("field.seed"), "" if request.seed is None else str(request.seed)),
    ]
    if request.thinking_type is not None:
        kind = catalogue.text(f"thinking.{request.thinking_type.value}")
        rows.append((catalogue.text("field.thinking_type"), kind))
    # The list's column title, translated already.
    credits = QCoreApplication.translate("JobTableModel", "Credits")
    rows.append((credits, credits_text(job, catalogue)))
    return rows
