"""How a job reads: status words, times, credits, sizes and parameter summaries.

The one home of these words (conventions 17): the window, the tray and the command line all ask
here, so a job reads the same everywhere. Words in the user's language come from the message
catalogue; nothing here knows about Qt.
"""

from __future__ import annotations

from app.api.models import GenerationRequest, Mode, takes
from app.engine.jobs import SAVING, TRACKED, Job, JobStatus
from app.messages import Catalogue
from app.review import Idea

#: Shown where a figure is not known (credits the service never reported, a file not saved).
NOTHING = "—"


def format_duration(seconds: float) -> str:
    """A clock reading for elapsed and remaining times: ``0:42``, ``12:05``, ``1:02:03``."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def video_length(seconds: int, catalogue: Catalogue) -> str:
    """A video's length as the user's language writes it: ``8s``, ``8秒``."""
    return catalogue.text("unit.seconds", n=seconds)


def format_credits(credits: float | None) -> str:
    """A credit figure for a sentence ("it cost 20 credits"); empty when none was reported."""
    if credits is None:
        return ""
    return f"{credits:g}"


def credits_text(job: Job, catalogue: Catalogue) -> str:
    """What a job cost, for a column or a field. A demo job cost nothing and shows no figure:
    the simulator's made-up prices are not money."""
    if job.demo:
        return catalogue.text("credits.demo")
    return format_credits(job.credits) or NOTHING


def stars_text(rating: int) -> str:
    """Stars as a row of five: ``★★★☆☆``; empty when not rated."""
    rating = max(0, min(5, rating))
    return "★" * rating + "☆" * (5 - rating) if rating else ""


def flag_text(flag: str, catalogue: Catalogue) -> str:
    """A reviewer's flag in words: ``Picked``, ``Rejected``, ``Not flagged``."""
    return catalogue.text(f"flag.{flag or 'none'}")


def review_text(job: Job, catalogue: Catalogue) -> str:
    """A take's marks in one line: ``★★★★☆ · Picked``."""
    parts = (stars_text(job.rating), flag_text(job.flag, catalogue))
    return " · ".join(part for part in parts if part)


def project_text(project: str, catalogue: Catalogue) -> str:
    return project or catalogue.text("project.none")


def idea_text(idea: Idea, catalogue: Catalogue) -> str:
    """An idea's header: ``3 takes · 2 saved · 1 failed · 1 picked · 40 credits``; the counts
    that are nought are left out, and a demo idea has no credits (they are not money)."""
    takes = (
        catalogue.text("idea.take")
        if idea.takes == 1
        else catalogue.text("idea.takes", n=idea.takes)
    )
    parts = [takes]
    for key, count in (
        ("idea.saved", idea.saved),
        ("idea.failed", idea.failed),
        ("idea.running", idea.running),
        ("idea.picked", idea.picked),
    ):
        if count:
            parts.append(catalogue.text(key, n=count))
    if idea.demo:
        parts.append(catalogue.text("credits.demo"))
    elif idea.credits is not None:
        parts.append(catalogue.text("idea.credits", credits=format_credits(idea.credits)))
    return " · ".join(parts)


def format_size(size: int) -> str:
    """A file size in decimal units, as file managers show them: ``950 B``, ``12.3 MB``."""
    if size < 1000:
        return f"{max(0, size)} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1000
        if round(value, 1) < 1000:
            return f"{value:.1f} {unit}"
    return f"{value / 1000:.1f} TB"


def size_text(job: Job) -> str:
    """How big the video is, or how much of it has arrived; empty when unknown."""
    if job.status is JobStatus.DOWNLOADING and job.bytes_total:
        return f"{format_size(job.bytes_done)} / {format_size(job.bytes_total)}"
    if job.status is JobStatus.SAVED and job.bytes_total:
        return format_size(job.bytes_total)
    return ""


def parameters_text(request: GenerationRequest, catalogue: Catalogue) -> str:
    """The settings that tell videos apart at a glance: ``1080p · 8s · 9:16 · ♪``; a video
    from pictures says so (``720p · 5s · from a picture``): the picture chose its shape."""
    parts = [request.resolution.value, video_length(request.duration, catalogue)]
    if request.mode is Mode.TEXT:
        parts.append(request.aspect_ratio.value)
    else:
        if takes(request.mode, "aspect_ratio"):
            parts.append(request.aspect_ratio.value)
        parts.append(catalogue.text(f"mode.{request.mode.value}"))
    if request.generate_audio:
        parts.append("♪")
    return " · ".join(parts)


def parameters_details(request: GenerationRequest, catalogue: Catalogue) -> str:
    """Every setting of a request, for a details view: the summary plus the optional ones."""
    parts = [parameters_text(request, catalogue)]
    if request.style is not None:
        parts.append(catalogue.text(f"style.{request.style.value}"))
    if request.generate_multi_clip is not None:
        clips = "params.multi_clip" if request.generate_multi_clip else "params.one_clip"
        parts.append(catalogue.text(clips))
    if request.thinking_type is not None:
        kind = catalogue.text(f"thinking.{request.thinking_type.value}")
        parts.append(catalogue.text("params.thinking", kind=kind))
    if request.negative_prompt:
        parts.append(catalogue.text("params.avoid", text=request.negative_prompt))
    return " · ".join(parts)


def status_text(job: Job, catalogue: Catalogue) -> str:
    """What a job is doing, in one line: ``Generating 40%``, ``Saved``, or what went wrong."""
    if job.note:
        if job.note == "note.stopped":
            return catalogue.text("status.stopped")
        return catalogue.text(job.note)
    if job.status in TRACKED:
        label = catalogue.text(f"status.{job.status.value}")
        return f"{label} {job.progress}%" if job.status is JobStatus.PROCESSING else label
    if job.status is JobStatus.DOWNLOADING and job.bytes_total:
        percent = 100 * job.bytes_done // job.bytes_total
        return f"{catalogue.text('status.downloading')} {percent}%"
    # A saved job keeps a code only when its command after saving failed: that is news too.
    if job.error_code and (
        job.status.is_problem or job.status in SAVING or job.status is JobStatus.SAVED
    ):
        headline, _action = catalogue.problem(job.error_code, job.error_message)
        return headline
    return catalogue.text(f"status.{job.status.value}")


def problem_line(job: Job, catalogue: Catalogue) -> str:
    """For a job that needs a person: what happened and what to do, in one line; else empty."""
    if not job.error_code:
        if job.status is JobStatus.STOPPED:
            return catalogue.text("note.stopped")
        return ""
    headline, action = catalogue.problem(job.error_code, job.error_message)
    return catalogue.sentences(headline, action)


def status_tone(job: Job) -> str:
    """How the status reads: ``ok`` (saved), ``problem``, ``muted`` (stopped, queued, a note)
    or ``""``."""
    if job.status is JobStatus.SAVED and not job.error_code:
        return "ok"
    if job.status.is_problem or job.error_code:
        return "problem"
    if job.status in (JobStatus.STOPPED, JobStatus.QUEUED) or job.note:
        return "muted"
    return ""


def queue_text(waiting: int, paused: str | None, catalogue: Catalogue) -> str:
    """The send queue in one line: ``Queue paused — 3 waiting``; with ``paused`` the reason
    (``"quota"``: says to top up), ``None`` when it runs. Empty when it runs with nothing
    waiting: there is nothing to say."""
    if paused == "quota":
        return catalogue.text("queue.paused_quota", n=waiting)
    if paused is not None:
        return catalogue.text("queue.paused", n=waiting)
    return catalogue.text("queue.running", n=waiting) if waiting else ""


def job_progress(job: Job) -> int:
    """0-100 for a bar, -1 for a busy bar (progress unknown), -2 for no bar."""
    if job.status is JobStatus.SUBMITTING or job.status is JobStatus.PENDING:
        return -1
    if job.status is JobStatus.PROCESSING:
        return job.progress if job.progress > 0 else -1
    if job.status is JobStatus.DOWNLOADING:
        return 100 * job.bytes_done // job.bytes_total if job.bytes_total else -1
    if job.status is JobStatus.COMPLETED and not job.error_code:
        return -1
    return -2
