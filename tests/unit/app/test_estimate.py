"""The estimate: learned from reported credits, then the price table, else unknown."""

from __future__ import annotations

import json
from pathlib import Path

from app.api.models import GenerationRequest, Resolution
from app.engine.jobs import Job, JobStatus
from app.estimate import CostModel, Estimate, TimeModel, check_budget
from app.settings import load_settings


def req(duration: int = 5, resolution: str = "720p", audio: bool = False) -> GenerationRequest:
    return GenerationRequest(
        "x", resolution=Resolution(resolution), duration=duration, generate_audio=audio
    )


def job(credits: float | None, *, at: float = 1.0, demo: bool = False, **kw: object) -> Job:
    return Job(id=str(at), request=req(**kw), credits=credits, created_at=at, demo=demo)  # type: ignore[arg-type]


def test_a_bucket_seen_costs_what_it_cost_last_time() -> None:
    model = CostModel([job(10, at=1), job(12, at=2), job(99, at=3, resolution="1080p")])
    assert model.job(req()) == Estimate(12, "history")
    assert model.batch([req(), req()]) == Estimate(24, "history")


def test_an_unseen_duration_is_fitted_per_second_once_two_durations_are_known() -> None:
    one = CostModel([job(10, duration=5)])
    assert one.job(req(8)) == Estimate(None, "unknown")
    two = CostModel([job(10, duration=5), job(20, duration=10, at=2)])
    assert two.job(req(8)) == Estimate(16, "history")
    assert two.job(req(8, audio=True)).source == "unknown"  # audio is another group


def test_the_price_table_fills_in_and_nothing_is_invented() -> None:
    model = CostModel([], {"720p": 2.0, "1080p+audio": 5})
    assert model.job(req(4)) == Estimate(8, "price-table")
    assert model.job(req(2, "1080p", audio=True)) == Estimate(10, "price-table")
    assert model.job(req(2, "1080p")) == Estimate(None, "unknown")
    assert model.batch([req(4), req(2, "1080p")]) == Estimate(None, "unknown")


def test_demo_jobs_and_unreported_costs_teach_nothing() -> None:
    model = CostModel([job(0, demo=True), job(None, at=2)])
    assert model.job(req()) == Estimate(None, "unknown")
    assert model.batch([req()], demo=True) == Estimate(0, "demo")


def test_the_budget_guard_refuses_over_and_unknown() -> None:
    known, unknown = Estimate(30, "history"), Estimate(None, "unknown")
    assert check_budget(known, budget=30) is None
    assert check_budget(known, budget=29).key == "budget.over"  # type: ignore[union-attr]
    assert check_budget(unknown, budget=100).key == "budget.unknown"  # type: ignore[union-attr]
    assert check_budget(unknown) is None  # no limit set: nothing to keep under
    refusal = check_budget(known, daily_limit=50, spent_today=25)
    assert refusal is not None and refusal.key == "budget.daily_over"
    assert check_budget(known, balance=20).key == "budget.balance_over"  # type: ignore[union-attr]
    assert check_budget(Estimate(0, "demo"), budget=0, daily_limit=1, spent_today=5) is None


def test_eta_keeps_queue_wait_apart_from_render() -> None:
    moments = {"pending": 100.0, "processing": 130.0, "completed": 190.0}
    done = Job(id="a", request=req(), status=JobStatus.SAVED, transitions=moments)
    eta = TimeModel([done]).job(req())
    assert (eta.wait, eta.render, eta.total) == (30, 60, 90)
    assert TimeModel([done]).job(req(9)).total is None
    assert TimeModel([done]).batch([req()] * 4, parallel=2).wait == 90  # one round waits


def test_a_bad_price_table_falls_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"price_table": {"8k": 3}, "daily_limit": 40, "confirm_above": -1}),
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.settings.price_table == {} and loaded.settings.daily_limit == 40
    assert set(loaded.fell_back) == {"price_table", "confirm_above"}
