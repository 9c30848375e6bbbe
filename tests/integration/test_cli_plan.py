"""Planning on the command line: the matrix, the estimate, the budget and ``spend``, as a
script meets them (the real ``reeldesk`` in a child process, the simulator on loopback)."""

from __future__ import annotations

import json
from pathlib import Path

from app.simulator import Simulator

from .helpers import KEY
from .test_cli import run_cli


def test_two_prompts_by_two_ratios_by_three_seeds_is_twelve_jobs(home: Path) -> None:
    result = run_cli(
        home,
        "generate",
        "a fox",
        "a heron",
        "--aspect-ratio",
        "16:9,9:16",
        "--seed",
        "1,2,3",
        "--dry-run",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["count"] == 12
    combos = {(job["prompt"], job["aspect_ratio"], job["seed"]) for job in plan["jobs"]}
    assert len(combos) == 12
    assert {c[0] for c in combos} == {"a fox", "a heron"} and {c[2] for c in combos} == {1, 2, 3}
    assert plan["estimate"] == {"credits": None, "source": "unknown"}  # no history, no table


def test_a_matrix_is_sent_as_its_twelve_jobs(home: Path, sim: Simulator) -> None:
    result = run_cli(
        home,
        "generate",
        "a fox",
        "a heron",
        "--aspect-ratio",
        "16:9,9:16",
        "--seeds",
        "3",
        "--duration",
        "1",
        "--no-wait",
        "--json",
        "--base-url",
        sim.base_url,
        REELDESK_API_KEY=KEY,
    )
    assert result.returncode == 0, result.stderr
    bodies = [post.json() for post in sim.submissions()]
    assert len(bodies) == 12
    sent = {(b["prompt"], b["aspect_ratio"], b["seed"]) for b in bodies}
    assert len(sent) == 12
    assert len({b["seed"] for b in bodies}) == 3  # the same three seeds for every combination


def test_the_estimate_learned_from_reported_credits_is_exact(home: Path, sim: Simulator) -> None:
    made = run_cli(
        home,
        "generate",
        "a fox",
        "--resolution",
        "1080p",
        "--duration",
        "3",
        "--audio",
        "--json",
        "--base-url",
        sim.base_url,
        REELDESK_API_KEY=KEY,
    )
    assert made.returncode == 0, made.stderr
    reported = sim.submissions()[0]
    charged = json.loads(made.stdout)["credits"]
    assert charged is not None and reported.json()["resolution"] == "1080p"
    planned = run_cli(
        home,
        "generate",
        "another prompt",
        "a third",
        "--resolution",
        "1080p",
        "--duration",
        "3",
        "--audio",
        "--dry-run",
        "--json",
    )
    assert planned.returncode == 0, planned.stderr
    estimate = json.loads(planned.stdout)["estimate"]
    assert estimate == {"credits": round(2 * charged, 2), "source": "history"}


def test_a_budget_refusal_sends_nothing_and_says_why(home: Path, sim: Simulator) -> None:
    result = run_cli(
        home,
        "generate",
        "a fox",
        "--budget",
        "50",
        "--base-url",
        sim.base_url,
        REELDESK_API_KEY=KEY,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "unknown" in line and "nothing was sent" in line
    assert [r for r in sim.received() if r.method == "POST"] == []


def test_a_budget_below_the_learned_estimate_is_refused(home: Path, sim: Simulator) -> None:
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    # The simulator charges 2 credits a second at 720p: the table says the same.
    settings.write_text(json.dumps({"price_table": {"720p": 2}}))
    args = ("generate", "a fox", "--duration", "5,10", "--base-url", sim.base_url)
    result = run_cli(home, *args, "--budget", "29", REELDESK_API_KEY=KEY)
    assert result.returncode == 2
    assert "about 30 credits, more than the budget of 29" in result.stderr
    assert sim.submissions() == []
    result = run_cli(home, *args, "--budget", "30", "--no-wait", REELDESK_API_KEY=KEY)
    assert result.returncode == 0, result.stderr
    assert len(sim.submissions()) == 2


def test_a_daily_limit_refuses_a_batch_that_would_go_over(home: Path, sim: Simulator) -> None:
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"price_table": {"720p": 2}, "daily_limit": 15}))
    args = ("generate", "a fox", "--duration", "5", "--base-url", sim.base_url)
    first = run_cli(home, *args, "--json", REELDESK_API_KEY=KEY)
    assert first.returncode == 0, first.stderr  # 10 credits: under the limit of 15
    second = run_cli(home, *args, REELDESK_API_KEY=KEY)
    assert second.returncode == 2
    assert "over the daily limit of 15" in second.stderr
    assert len(sim.submissions()) == 1


def test_a_bad_line_in_a_prompts_file_is_named(home: Path, sim: Simulator) -> None:
    prompts = home.parent / "prompts.csv"
    prompts.write_text("prompt,duration,aspect ratio\na fox,5,16:9\na heron,99,9:16\n")
    result = run_cli(
        home, "generate", "--prompts-file", str(prompts), "--base-url", sim.base_url,
        REELDESK_API_KEY=KEY,
    )  # fmt: skip
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("reeldesk: prompts.csv, line 3, column duration: Duration:")
    assert sim.received() == []


def test_a_prompts_file_sets_each_rows_parameters(home: Path) -> None:
    prompts = home.parent / "prompts.csv"
    prompts.write_text("prompt,duration,style\na {red|grey} fox,8,anime\na heron,,\n")
    result = run_cli(
        home, "generate", "--prompts-file", str(prompts), "--duration", "4", "--dry-run", "--json"
    )
    assert result.returncode == 0, result.stderr
    jobs = json.loads(result.stdout)["jobs"]
    assert [(j["prompt"], j["duration"], j.get("style")) for j in jobs] == [
        ("a red fox", 8, "anime"),
        ("a grey fox", 8, "anime"),
        ("a heron", 4, None),
    ]


def test_spend_totals_days_batches_and_failed_jobs(home: Path, sim: Simulator) -> None:
    from app.simulator import JobFaults

    sim.next_job_faults(JobFaults(fail=("generation_failed", "content policy violation")))
    base = ("--base-url", sim.base_url, "--duration", "2")
    failed = run_cli(home, "generate", "refused", *base, REELDESK_API_KEY=KEY)
    assert failed.returncode == 1
    made = run_cli(home, "generate", "fine", "--seeds", "2", *base, REELDESK_API_KEY=KEY)
    assert made.returncode == 0, made.stderr
    demo = run_cli(home, "generate", "--demo", "free", "--duration", "1")
    assert demo.returncode == 0, demo.stderr
    result = run_cli(home, "spend", "--json")
    assert result.returncode == 0, result.stderr
    spent = json.loads(result.stdout)
    assert spent["credits"] == 12  # three jobs of 2 s at 2 credits a second; demo is free
    assert spent["failed"] == {"credits": 4, "jobs": 1}
    (day,) = spent["days"]
    assert day["jobs"] == 3 and day["credits"] == 12
    # One command is one batch, also when --seeds makes it several requests.
    assert sorted(b["jobs"] for b in spent["batches"]) == [1, 2]
    later = run_cli(home, "spend", "--since", "2999-01-01", "--json")
    assert json.loads(later.stdout)["credits"] == 0
    assert run_cli(home, "spend", "--since", "yesterday").returncode == 2


def test_a_demo_dry_run_is_free_and_keeps_the_contracts_sources(home: Path) -> None:
    result = run_cli(home, "generate", "--demo", "a fox", "--budget", "0", "--dry-run", "--json")
    assert result.returncode == 0, result.stderr  # demo videos cost nothing: within any budget
    plan = json.loads(result.stdout)
    assert plan["demo"] is True
    assert plan["estimate"] == {"credits": None, "source": "unknown"}  # the service's price
    text = run_cli(home, "generate", "--demo", "a fox", "--dry-run")
    assert (
        text.stdout.splitlines()[-1] == "1 planned job; Demo: free (on the service: cost unknown)"
    )


def test_count_shows_the_seeds_the_variations_will_have(home: Path) -> None:
    result = run_cli(
        home, "generate", "a fox", "--seed", "5", "--count", "3", "--dry-run", "--json"
    )
    assert result.returncode == 0, result.stderr
    assert [job["seed"] for job in json.loads(result.stdout)["jobs"]] == [5, 6, 7]
    several = run_cli(home, "generate", "a fox", "--seed", "5,9", "--count", "2", "--dry-run")
    assert several.returncode == 2 and "list every seed" in several.stderr
