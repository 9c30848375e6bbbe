"""How a job reads, in both languages: the words the window and the command line share."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.models import AspectRatio, GenerationRequest, Resolution, Style, ThinkingType
from app.engine.jobs import Job, JobStatus
from app.messages import Catalogue
from app.present import (
    credits_text,
    format_credits,
    format_duration,
    format_size,
    idea_text,
    job_progress,
    parameters_details,
    parameters_text,
    problem_line,
    queue_text,
    review_text,
    size_text,
    stars_text,
    status_text,
    status_tone,
)
from app.review import ideas

EN, ZH = Catalogue("en"), Catalogue("zh_CN")


def make_job(status: JobStatus = JobStatus.PROCESSING, **kw: Any) -> Job:
    request = kw.pop("request", None) or GenerationRequest("a red fox in snow")
    return Job(id="job-1", request=request, status=status, **kw)


def test_video_lengths_are_written_in_the_users_language() -> None:
    request = GenerationRequest(
        "x",
        resolution=Resolution.P1080,
        duration=15,
        aspect_ratio=AspectRatio.R9_16,
        generate_audio=True,
    )
    assert parameters_text(request, EN) == "1080p · 15s · 9:16 · ♪"
    assert parameters_text(request, ZH) == "1080p · 15秒 · 9:16 · ♪"


def test_details_name_every_optional_setting_in_the_users_language() -> None:
    request = GenerationRequest(
        "x",
        duration=8,
        style=Style.ANIMATION_3D,
        generate_multi_clip=False,
        thinking_type=ThinkingType.AUTO,
        negative_prompt="blur, {text}",
    )
    assert parameters_details(request, EN) == (
        "720p · 8s · 16:9 · 3D animation · one clip · optimisation: automatic · avoid: blur, {text}"
    )
    assert parameters_details(request, ZH) == (
        "720p · 8秒 · 16:9 · 3D 动画 · 单镜头 · 优化：自动 · 避免：blur, {text}"
    )


def test_a_demo_job_never_shows_a_credit_figure() -> None:
    demo = make_job(JobStatus.SAVED, demo=True, credits=21.33)
    assert credits_text(demo, EN) == "Demo"
    assert credits_text(demo, ZH) == "演示"
    assert credits_text(make_job(JobStatus.SAVED, credits=20.0), EN) == "20"
    assert credits_text(make_job(JobStatus.SAVED), EN) == "—"  # never reported
    assert format_credits(None) == ""
    assert format_credits(12.5) == "12.5"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(-3, "0:00"), (42, "0:42"), (725, "12:05"), (3723, "1:02:03")],
)
def test_clock_readings(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (950, "950 B"),
        (12_345_678, "12.3 MB"),
        (999_960, "1.0 MB"),
        (3 * 10**12, "3.0 TB"),
    ],
)
def test_sizes_read_like_a_file_manager(size: int, text: str) -> None:
    assert format_size(size) == text


def test_size_of_a_video_arriving_and_saved() -> None:
    arriving = make_job(JobStatus.DOWNLOADING, bytes_done=5_000_000, bytes_total=20_000_000)
    assert size_text(arriving) == "5.0 MB / 20.0 MB"
    assert size_text(make_job(JobStatus.SAVED, bytes_total=20_000_000)) == "20.0 MB"
    assert size_text(make_job(JobStatus.PROCESSING)) == ""


def test_status_words_and_problems() -> None:
    assert status_text(make_job(progress=40), EN) == "Generating 40%"
    assert status_text(make_job(progress=40), ZH) == "生成中 40%"
    lost = make_job(JobStatus.UNKNOWN, error_code="reply_lost")
    assert status_text(lost, ZH) == "请求已发送但没有收到回复，可能已经扣费。"
    refused = make_job(JobStatus.FAILED, error_code="content_policy")
    assert problem_line(refused, EN) == (
        "The prompt was refused by the content policy. "
        "Edit the prompt or settings and submit again."
    )
    assert status_tone(refused) == "problem"
    assert status_tone(make_job(JobStatus.SAVED)) == "ok"
    assert problem_line(make_job(JobStatus.SAVED), EN) == ""


@pytest.mark.parametrize(
    ("job", "progress"),
    [
        (make_job(JobStatus.PENDING), -1),
        (make_job(JobStatus.PROCESSING, progress=0), -1),
        (make_job(JobStatus.PROCESSING, progress=45), 45),
        (make_job(JobStatus.DOWNLOADING, bytes_done=1, bytes_total=4), 25),
        (make_job(JobStatus.SAVED), -2),
    ],
)
def test_progress_for_a_bar(job: Job, progress: int) -> None:
    assert job_progress(job) == progress


def test_a_problem_reads_as_the_language_writes_sentences() -> None:
    job = Job(
        id="j",
        request=GenerationRequest("x"),
        status=JobStatus.FAILED,
        error_code="content_policy",
    )
    english = problem_line(job, Catalogue("en"))
    chinese = problem_line(job, Catalogue("zh_CN"))
    assert ". " in english
    assert "。 " not in chinese and "。" in chinese


def test_a_queued_job_reads_as_not_sent_never_as_maybe_sent() -> None:
    queued = make_job(JobStatus.QUEUED)
    assert status_text(queued, EN) == "Queued, not sent"
    assert status_text(queued, ZH) == "排队中，未发送"
    for catalogue in (EN, ZH):
        waiting = {
            status_text(make_job(status), catalogue)
            for status in (JobStatus.UNKNOWN, JobStatus.PENDING, JobStatus.SUBMITTING)
        }
        assert status_text(queued, catalogue) not in waiting
    assert (status_tone(queued), job_progress(queued), problem_line(queued, EN)) == (
        "muted",
        -2,
        "",
    )
    held = make_job(JobStatus.QUEUED, note="note.held_back")
    assert status_text(held, EN) == "Queued, not sent: the service asked to slow down"


def test_the_queue_line_says_why_it_is_paused() -> None:
    assert queue_text(0, None, EN) == ""
    assert queue_text(4, None, EN) == "Queue running — 4 waiting"
    assert queue_text(2, "user", EN) == "Queue paused — 2 waiting"
    assert queue_text(2, "user", ZH) == "队列已暂停 — 2 个等待中"
    quota = queue_text(3, "quota", EN)
    assert "balance is too low" in quota and "3 waiting" in quota and "Top up" in quota
    assert "充值" in queue_text(3, "quota", ZH)


def test_an_idea_header_counts_what_matters() -> None:
    request = GenerationRequest("lanterns")
    jobs = [
        Job(
            id="a", request=request, batch_id="b", status=JobStatus.SAVED, credits=20, flag="picked"
        ),
        Job(id="b", request=request, batch_id="b", status=JobStatus.SAVED, credits=20),
        Job(id="c", request=request, batch_id="b", status=JobStatus.FAILED),
    ]
    (idea,) = ideas(jobs)
    assert (
        idea_text(idea, Catalogue("en")) == "3 takes · 2 saved · 1 failed · 1 picked · 40 credits"
    )
    assert idea_text(idea, Catalogue("zh_CN")) == (
        "3 个视频 · 2 个已保存 · 1 个失败 · 1 个已选用 · 40 积分"
    )
    (demo,) = ideas([Job(id="d", request=request, demo=True, status=JobStatus.PROCESSING)])
    assert idea_text(demo, Catalogue("en")) == "1 take · 1 running · Demo"


def test_marks_read_as_stars_and_words() -> None:
    job = Job(id="a", request=GenerationRequest("x"), rating=3, flag="rejected")
    assert review_text(job, Catalogue("en")) == "★★★☆☆ · Rejected"
    assert review_text(job.replace(rating=0, flag=""), Catalogue("en")) == "Not flagged"
    assert stars_text(5) == "★★★★★"
