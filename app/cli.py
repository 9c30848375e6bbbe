"""The headless front end: ``reeldesk generate | continue | tasks | resume | queue | spend | …``.

A stable interface (design.md): scripts and tests drive it. Exit codes: 0 every requested video
saved (or submitted, with ``--no-wait``); 2 bad arguments, nothing sent; 1 anything else, with
one line on stderr saying why. ``--json`` prints one object per job on stdout. ``--demo`` and
``--base-url`` may come before or after the command.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import enum
import json
import math
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from app import PRODUCT, __version__
from app.api.models import (
    MAX_DURATION,
    MAX_SEED,
    MIN_DURATION,
    AspectRatio,
    Resolution,
    Style,
    ThinkingType,
)
from app.commands import continue_, export, project, repair, review, spend
from app.commands import plan as planning
from app.commands import queue as queue_command
from app.core import Connection, Core, resolve_connection
from app.engine.jobs import Flag, Job, JobStatus, new_id
from app.engine.queue import PAUSE_FILE, read_pause
from app.engine.submitter import MAX_BATCH
from app.errors import (
    InvalidParameter,
    MissingCommand,
    NoApiKey,
    PictureRejected,
    ReelDeskError,
    SettingsError,
    UnknownCommand,
    UsageError,
)
from app.interrupts import Interrupts
from app.logs import setup_logging
from app.messages import Catalogue, Surface
from app.paths import Paths, resolve_paths
from app.plan import (
    PlanError,
    explain,
)
from app.present import credits_text, parameters_text, problem_line, status_text
from app.redact import redact, redact_json
from app.secrets import KeyStore, environment_key
from app.settings import Settings, SettingsStore, check_download_dir

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: Seconds an interrupted ``generate`` waits for the answers to POSTs already sent.
INTERRUPT_GRACE = 10.0
COMMANDS = (
    "generate",
    "continue",
    "tasks",
    "resume",
    "queue",
    "repair",
    "simulator",
    *review.COMMANDS,
    "project",
    "export",
    "spend",
)
#: Options that take a value, before or after the command (the others are flags).
_VALUE_OPTIONS = frozenset({"--base-url"})


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse prints usage; we keep it to one line
        raise UsageError(message)


def _common_options(*, after_command: bool) -> _Parser:
    """``--base-url`` and ``--demo``, accepted before and after the command. After it they
    default to ``SUPPRESS``: argparse would otherwise let the command's defaults overwrite
    what was given before it (``reeldesk --demo resume`` used to lose ``--demo``)."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--base-url",
        metavar="URL",
        default=argparse.SUPPRESS if after_command else None,
        help="FoxAPI address (overrides settings)",
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if after_command else False,
        help="use the built-in offline simulator: no key, no cost",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(after_command=True)
    parser = _Parser(
        prog="reeldesk",
        description=f"{PRODUCT}: make PixVerse V6 videos through FoxAPI.",
        parents=[_common_options(after_command=False)],
    )
    parser.add_argument("--version", action="version", version=f"{PRODUCT} {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    gen = sub.add_parser("generate", parents=[common], help="submit videos and save them")
    gen.add_argument(
        "prompt", nargs="*", help="what the video shows (English or Chinese); {a|b} expands"
    )
    gen.add_argument("--prompts-file", metavar="FILE", help=".txt (a prompt a line) or .csv")
    gen.add_argument("--negative-prompt", metavar="T", help="things to avoid, comma-separated")
    # Enum and number flags take comma lists: the jobs are the cross product.
    gen.add_argument("--aspect-ratio", metavar="R,…", help=_choices(AspectRatio))
    gen.add_argument("--resolution", metavar="R,…", help=_choices(Resolution))
    gen.add_argument("--duration", metavar="S,…", help=f"{MIN_DURATION}-{MAX_DURATION}")
    gen.add_argument("--style", metavar="S,…", help=_choices(Style) + ", none")
    seeds = gen.add_mutually_exclusive_group()
    seeds.add_argument("--seed", metavar="N,…", help=f"0-{MAX_SEED}; default random")
    seeds.add_argument("--seeds", type=int, metavar="N", help="N random seeds for every job")
    audio = gen.add_mutually_exclusive_group()
    audio.add_argument("--audio", action="store_true", help="generate sound")
    audio.add_argument("--audio-values", metavar="on,off", help="with sound, without, or both")
    multi = gen.add_mutually_exclusive_group()
    multi.add_argument("--multi-clip", dest="multi_clip", action="store_true", default=None)
    multi.add_argument("--no-multi-clip", dest="multi_clip", action="store_false")
    gen.add_argument("--thinking", metavar="T,…", help=_choices(ThinkingType))
    gen.add_argument("--image", metavar="PATH", help="first frame: image to video")
    gen.add_argument("--tail-image", metavar="PATH", help="last frame: a transition from --image")
    gen.add_argument(
        "--dry-run", action="store_true", help="print the jobs and the estimate; send nothing"
    )
    gen.add_argument(
        "--budget", type=float, metavar="CREDITS", help="refuse a batch estimated above this"
    )
    gen.add_argument("--count", type=int, default=1, metavar="N", help="variations (N jobs)")
    gen.add_argument("--out", metavar="DIR", help="folder for the videos")
    gen.add_argument("--no-wait", action="store_true", help="exit once submitted")
    gen.add_argument("--json", action="store_true", help="one JSON object per job on stdout")

    tasks = sub.add_parser("tasks", parents=[common], help="show the history")
    tasks.add_argument("--json", action="store_true")
    tasks.add_argument("--picked", action="store_true", help="only the picked takes")
    continue_.add_parser(sub, common)
    review.add_parsers(sub, common)
    project.add_parser(sub, common)
    export.add_parser(sub, common)

    sub.add_parser("resume", parents=[common], help="track and save every unfinished job")
    repair.add_parser(sub)
    queue_command.add_parser(sub, common)

    spend = sub.add_parser("spend", parents=[common], help="credits spent, per batch and day")
    spend.add_argument("--since", metavar="YYYY-MM-DD", help="from this day on")
    spend.add_argument("--json", action="store_true")

    sim = sub.add_parser("simulator", help="run the offline FoxAPI on loopback")
    sim.add_argument("--port", type=int, default=0, help="API port (default: a free one)")
    sim.add_argument("--cdn-port", type=int, default=0, help="CDN port (default: a free one)")
    sim.add_argument("--job-seconds", type=float, default=12.0, help="time to finish a job")
    sim.add_argument(
        "--file-size", type=int, metavar="BYTES", help="pad each video to this size (benchmarks)"
    )
    sim.add_argument("--balance", type=float, default=1000.0, help="starting credits")
    return parser


def _choices(kind: type[enum.StrEnum]) -> str:
    return ", ".join(member.value for member in kind)


def job_json(
    job: Job, catalogue: Catalogue, tasks: Mapping[str, str | None] | None = None
) -> dict[str, Any]:
    """``tasks``: the task id of each job by job id, to name a job's parent by its task."""
    error = None
    if job.error_code:
        headline, action = catalogue.problem(job.error_code, job.error_message)
        error = {
            "code": job.error_code,
            "message": headline,
            "action": action,
            "detail": job.error_message,
        }
    return {
        "id": job.id,
        "task_id": job.task_id,
        "status": job.status.value,
        "path": job.path if job.status is JobStatus.SAVED else None,
        "error": error,
        "prompt": job.request.prompt,
        "seed": job.request.seed,
        "credits": job.credits,
        "demo": job.demo,
        "rating": job.rating,
        "flag": job.flag,
        "project": job.project,
        "mode": job.request.mode.value,
        "parent": (tasks or {}).get(job.parent_id) if job.parent_id else None,
    }


class _Reporter:
    """Prints jobs' progress: one redrawn line on a terminal, plain lines otherwise."""

    def __init__(self, jobs: Sequence[Job], catalogue: Catalogue, *, quiet: bool) -> None:
        self.jobs = {job.id: job for job in jobs}
        self.catalogue = catalogue
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self._last_status: dict[str, JobStatus] = {}
        self._last_draw = 0.0
        self.submitted = asyncio.Event()
        self._check_submitted()

    def _label(self, job: Job) -> str:
        index = list(self.jobs).index(job.id) + 1
        return f"[{index}/{len(self.jobs)}]"

    def _describe(self, job: Job) -> str:
        return status_text(job, self.catalogue)

    def _check_submitted(self) -> None:
        """``submitted`` is set while no POST of these jobs is on its way."""
        if any(job.status is JobStatus.SUBMITTING for job in self.jobs.values()):
            self.submitted.clear()
        else:
            self.submitted.set()

    def job_added(self, job: Job) -> None:
        pass

    def job_removed(self, job_id: str) -> None:
        self.jobs.pop(job_id, None)

    def job_changed(self, job: Job) -> None:
        old = self.jobs.get(job.id)
        if old is None:
            return
        self.jobs[job.id] = job
        self._check_submitted()
        if self.quiet:
            return
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.2 and old.status is job.status:
                return
            self._last_draw = now
            line = "  ".join(f"{self._label(j)} {self._describe(j)}" for j in self.jobs.values())
            sys.stderr.write("\r\x1b[K" + redact(line)[:200])
            sys.stderr.flush()
        elif self._last_status.get(job.id) is not job.status:
            self._last_status[job.id] = job.status
            where = f" {job.task_id}" if job.task_id else ""
            print(redact(f"{self._label(job)}{where} {self._describe(job)}"), flush=True)

    def finish(self) -> None:
        if self.tty and not self.quiet:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _print_results(
    jobs: Sequence[Job],
    catalogue: Catalogue,
    *,
    as_json: bool,
    out: TextIO,
    why: Mapping[str, str] | None = None,
    everyone: Sequence[Job] = (),
) -> None:
    """One line (or JSON object) per job. ``why`` gives, by job id, what happened to a job
    when its problem's headline alone would not tell (see ``_reason``); ``everyone`` the jobs
    a parent may be among. Redacted here too: a history written by an older ReelDesk may still
    hold a key the service echoed."""
    tasks = {job.id: job.task_id for job in (*everyone, *jobs)}
    for job in jobs:
        if as_json:
            line = json.dumps(redact_json(job_json(job, catalogue, tasks)), ensure_ascii=False)
        elif job.status is JobStatus.SAVED:
            line = f"saved: {job.path}"
        else:
            line = catalogue.text(f"status.{job.status.value}")
            reason = _reason(job, catalogue, why)
            if job.error_code or reason:
                line += f": {reason}"
            line = f"{job.status.value}: {job.task_id or job.id} {line}"
        out.write(redact(line) + "\n")
    out.flush()


def _reason(job: Job, catalogue: Catalogue, why: Mapping[str, str] | None) -> str:
    said = (why or {}).get(job.id)
    if said is None:
        return problem_line(job, catalogue)
    action = catalogue.problem(job.error_code, job.error_message)[1] if job.error_code else ""
    return catalogue.sentences(said, action)


def _failure_line(
    jobs: Sequence[Job],
    catalogue: Catalogue,
    wanted: set[JobStatus],
    why: Mapping[str, str] | None = None,
) -> str:
    bad = [job for job in jobs if job.status not in wanted]
    first = bad[0]
    reason = _reason(first, catalogue, why) or status_text(first, catalogue)
    return redact(f"{len(bad)} of {len(jobs)} jobs did not finish: {reason}")


def _load_settings(paths: Paths) -> Settings:
    store = SettingsStore(paths.settings_file)
    if store.moved_aside is not None:
        print(
            f"warning: the settings file was unreadable and was moved to {store.moved_aside}",
            file=sys.stderr,
        )
    if store.fallbacks:
        print(
            "warning: these settings were not valid and went back to their defaults: "
            + ", ".join(store.fallbacks),
            file=sys.stderr,
        )
    return store.settings


def _open_core(
    args: argparse.Namespace, paths: Paths, environ: Mapping[str, str], settings: Settings
) -> Core:
    connection: Connection | None = resolve_connection(
        settings, KeyStore(paths.key_file), environ, demo=args.demo, base_url=args.base_url
    )
    if connection is None:
        raise NoApiKey("no API key configured")
    return Core(paths, settings, connection, environ=environ)


async def _generate(
    args: argparse.Namespace,
    core: Core,
    settings: Settings,
    catalogue: Catalogue,
    interrupts: Interrupts,
) -> int:
    await core.engine.start(resume=False)
    history = core.engine.jobs
    guess = planning.estimate(args, history, settings, demo=core.demo)
    # The balance only matters for a known cost: an unknown one is refused by any limit.
    balance = await planning.reported_balance(core) if guess.credits else None
    refused = planning.refusal(args, history, settings, guess, balance)
    if refused is not None:
        print(f"reeldesk: {catalogue.text(refused.key, **refused.params)}", file=sys.stderr)
        return EXIT_USAGE
    if interrupts.asked.is_set():
        return _interrupted()  # before anything was sent: nothing to wait for
    jobs: list[Job] = []
    plan = new_id() if len(args.requests) > 1 else ""
    for request in args.requests:
        if interrupts.asked.is_set():
            break  # the rest were never recorded: nothing of them to resume
        jobs += await core.engine.submit(
            request,
            count=args.count,
            out_dir=args.out,
            plan_id=plan,
            parent_id=getattr(args, "parent_id", None),
        )
    reporter = _Reporter(jobs, catalogue, quiet=args.json)
    core.engine.subscribe(reporter)
    try:
        finished: asyncio.Future[Any]
        if args.no_wait:
            finished = asyncio.ensure_future(core.engine.wait_sent(job.id for job in jobs))
            wanted = {JobStatus.PENDING, JobStatus.PROCESSING, JobStatus.COMPLETED}
            wanted |= {JobStatus.DOWNLOADING, JobStatus.SAVED}
        else:
            finished = asyncio.ensure_future(core.engine.wait(job.id for job in jobs))
            wanted = {JobStatus.SAVED}
        asked = asyncio.ensure_future(interrupts.asked.wait())
        try:
            await asyncio.wait([finished, asked], return_when=asyncio.FIRST_COMPLETED)
            interrupted = not finished.done()
        finally:
            asked.cancel()
            finished.cancel()
        if interrupted:
            await core.engine.stop_sending()  # the jobs still queued wait for `resume`
            await _let_replies_arrive(reporter, interrupts)
    finally:
        reporter.finish()
    jobs = [core.engine.job(job.id) or job for job in jobs]
    _print_results(jobs, catalogue, as_json=args.json, out=sys.stdout, everyone=core.engine.jobs)
    if interrupted:
        return _interrupted()
    if all(job.status in wanted for job in jobs):
        return EXIT_OK
    queued = [job for job in jobs if job.status is JobStatus.QUEUED]
    if queued:
        print(queue_command.queued_line(len(queued), core.engine.queue.paused), file=sys.stderr)
    else:
        print(_failure_line(jobs, catalogue, wanted), file=sys.stderr)
    return EXIT_FAILED


def _interrupted() -> int:
    print("reeldesk: interrupted; unfinished jobs resume with `reeldesk resume`", file=sys.stderr)
    return EXIT_FAILED


async def _let_replies_arrive(reporter: _Reporter, interrupts: Interrupts) -> None:
    """Asked to stop while a POST may be on its way: its answer is the task id of a paid
    video, which ``resume`` can save. Wait a little for it, unless asked again."""
    if reporter.submitted.is_set():
        return
    print(
        f"reeldesk: interrupted; waiting up to {INTERRUPT_GRACE:.0f} s for the service to "
        "answer what was already sent, so that the video is not lost "
        "(press Ctrl+C again to quit now)",
        file=sys.stderr,
        flush=True,
    )
    await interrupts.wait_unless_forced(reporter.submitted, INTERRUPT_GRACE)


async def _follow_unfinished(core: Core, catalogue: Catalogue) -> list[Job]:
    """Start the engine with resume, wait for what it follows; returns the jobs followed."""
    await core.engine.start(resume=True)
    active = [job for job in core.engine.jobs if core.engine.is_active(job.id)]
    reporter = _Reporter(active, catalogue, quiet=False)
    core.engine.subscribe(reporter)
    try:
        await core.engine.wait(job.id for job in active)
    finally:
        reporter.finish()
    return [core.engine.job(job.id) or job for job in active]


def _unfinished(paths: Paths) -> list[Job]:
    from app.engine.store import read_history

    return [job for job in read_history(paths.history_db) if not job.status.is_final]


def _some_jobs(count: int, kind: str) -> str:
    return f"{count} {kind} job{'' if count == 1 else 's'}"


def _resume(
    args: argparse.Namespace, paths: Paths, environ: Mapping[str, str], catalogue: Catalogue
) -> int:
    """Finish every unfinished job. A job can only be followed on the service that made it:
    demo jobs on the built-in simulator (free, no key), live jobs with the API key. Each kind
    gets its own pass; ``--demo`` limits it to demo jobs."""
    unfinished = _unfinished(paths)
    if not unfinished:
        print("No unfinished jobs.", file=sys.stderr)
        return EXIT_OK
    # Starting the engine turns these into ``unknown`` (the POST may have reached the service):
    # say so, and why, rather than only "no answer came back".
    cut_short = {
        job.id for job in unfinished if job.status in (JobStatus.DRAFT, JobStatus.SUBMITTING)
    }
    settings = _load_settings(paths)
    keys = KeyStore(paths.key_file)
    live = [job for job in unfinished if not job.demo]
    connections: list[Connection | None] = []
    why_left = ""
    if args.demo or len(live) < len(unfinished):
        connections.append(resolve_connection(settings, keys, environ, demo=True))
    if live and args.demo:
        why_left = (
            f"{_some_jobs(len(live), 'live')} left as they were: --demo follows demo jobs only; "
            "run reeldesk resume without --demo for them."
        )
    elif live:
        # The stored key is read even when the window is in demo mode: these jobs need it.
        live_settings = replace(settings, demo_mode=False)
        connection = resolve_connection(live_settings, keys, environ, base_url=args.base_url)
        if connection is None:
            why_left = (
                f"{_some_jobs(len(live), 'live')} not resumed: "
                f"{catalogue.error_message(NoApiKey())} Set REELDESK_API_KEY or add a key in "
                "the window, then run reeldesk resume again."
            )
        else:
            connections.append(connection)

    followed: set[str] = set()
    latest: dict[str, Job] = {job.id: job for job in unfinished}
    for connection in connections:
        core = Core(paths, settings, connection, environ=environ)

        async def run(core: Core = core) -> list[Job]:
            try:
                return await _follow_unfinished(core, catalogue)
            finally:
                await core.close()

        followed.update(job.id for job in asyncio.run(run()))
        latest.update((job.id, job) for job in core.engine.jobs if job.id in latest)

    jobs = [latest[job.id] for job in unfinished]
    why = {
        job.id: catalogue.text("note.stopped_while_submitting")
        for job in jobs
        if job.id in cut_short and job.status is JobStatus.UNKNOWN
    }
    _print_results(jobs, catalogue, as_json=False, out=sys.stdout, why=why)
    if all(job.status is JobStatus.SAVED for job in jobs):
        print(f"{len(jobs)} unfinished jobs resumed; all saved.", file=sys.stderr)
        return EXIT_OK
    # Anything short of saved needs a person (or another resume): exit 1, whatever the rest did.
    others = [job for job in jobs if job.id in followed or job.status.is_final]
    queued = [job for job in jobs if job.status is JobStatus.QUEUED]
    others = [job for job in others if job.status is not JobStatus.QUEUED]
    reasons = [why_left] if why_left else []
    if queued:
        pause = read_pause(paths.data / PAUSE_FILE)
        reasons.insert(0, queue_command.queued_line(len(queued), pause))
    if any(job.status is not JobStatus.SAVED for job in others):
        reasons.insert(0, _failure_line(others, catalogue, {JobStatus.SAVED}, why))
    print("; ".join(reasons), file=sys.stderr)
    return EXIT_FAILED


def _tasks(args: argparse.Namespace, paths: Paths, catalogue: Catalogue) -> int:
    from app.engine.store import read_history

    jobs = read_history(paths.history_db)
    jobs.reverse()  # newest first
    everyone = list(jobs)
    if args.picked:
        jobs = [job for job in jobs if job.flag == Flag.PICKED]
    if args.json:
        _print_results(jobs, catalogue, as_json=True, out=sys.stdout, everyone=everyone)
        return EXIT_OK
    if not jobs:
        print('No jobs yet. Try: reeldesk generate --demo "a red fox in snow"')
        return EXIT_OK
    for job in jobs:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(job.created_at))
        params = parameters_text(job.request, catalogue)
        status = status_text(job, catalogue)
        credits = credits_text(job, catalogue)
        prompt = " ".join(job.request.prompt.split())
        prompt = prompt if len(prompt) <= 40 else prompt[:39] + "…"
        where = job.path if job.status is JobStatus.SAVED else (job.task_id or "")
        print(f"{when}  {status:<24} {params:<24} {credits:>6}  {prompt:<40}  {where}")
    return EXIT_OK


def _simulator(args: argparse.Namespace) -> int:
    from app.simulator import Simulator, SimulatorConfig

    config = SimulatorConfig(
        job_seconds=max(0.1, args.job_seconds), file_size=args.file_size, balance=args.balance
    )
    try:
        sim = Simulator(config, port=args.port, cdn_port=args.cdn_port)
    except OSError as exc:
        print(f"simulator: cannot listen on port {args.port}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with sim:
        print(f"FoxAPI simulator: {sim.base_url}  (CDN {sim.cdn_url})", flush=True)
        print("Any bearer key is accepted. Ctrl+C stops it.", flush=True)
        stop.wait()
    return EXIT_OK


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word that is not an option or an option's value: the command."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word in _VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line, checked: raises ``UsageError`` (exit 2, nothing sent)."""
    word = _command_word(argv)
    if word is not None and word not in COMMANDS:
        raise UnknownCommand(word, ", ".join(COMMANDS))
    args = build_parser().parse_args(argv)
    if args.command is None:
        raise MissingCommand(", ".join(COMMANDS))
    if args.command == "continue":
        if not 1 <= args.count <= MAX_BATCH:
            raise UsageError(f"--count must be between 1 and {MAX_BATCH}")
        if args.out is not None:
            check_out(args.out)
            args.out = str(Path(args.out).expanduser().resolve())
    if args.command == "generate":
        if not 1 <= args.count <= MAX_BATCH:
            raise UsageError(f"--count must be between 1 and {MAX_BATCH}")
        several_seeds = args.seeds is not None or "," in (args.seed or "")
        if args.count > 1 and several_seeds:
            # Variations of seed S are S, S+1, …: with several seeds they would overlap.
            raise UsageError("--count cannot be used with several seeds; list every seed")
        if args.budget is not None and not (args.budget >= 0 and math.isfinite(args.budget)):
            raise UsageError("--budget must be a number of credits, 0 or more")
        # Expanded once here: --seeds draws its random seeds now, for the dry run and the send.
        args.requests = planning.requests_from_args(args)
        if args.out is not None:
            check_out(args.out)
            # Kept with each job as a full path: ``resume`` may run from another folder.
            args.out = str(Path(args.out).expanduser().resolve())
    if args.command == "spend" and args.since:
        spend.parse_since(args.since)
    return args


def check_out(out: str) -> None:
    """Refuse an ``--out`` that cannot take the videos, before anything is sent (and paid
    for): a Windows path on another system, a file, a folder that cannot be written to."""
    try:
        check_download_dir(out)
    except SettingsError as exc:
        raise InvalidParameter("--out", exc.reason_key, value=out) from None
    folder = Path(out).expanduser().absolute()
    # The nearest part that exists must be a folder we can write in: the downloader makes the
    # rest. Writing a probe file is the one test that holds for root and odd mounts alike.
    existing = next(part for part in (folder, *folder.parents) if part.exists())
    if not existing.is_dir():
        raise InvalidParameter("--out", "reason.not_a_folder", path=str(existing))
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError:
        raise InvalidParameter("--out", "reason.not_writable", path=str(existing)) from None


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    try:
        return _main(argv, environ)
    except BrokenPipeError:
        return _output_closed()


def _output_closed() -> int:
    """Whoever read the output stopped reading (``reeldesk tasks --json | head``): no
    traceback, and nothing more is written where nobody reads (Python would try again at exit
    and complain). Jobs in flight resume with ``reeldesk resume``."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    with contextlib.suppress(OSError):
        print("reeldesk: the output was closed before everything was written", file=sys.stderr)
    return EXIT_FAILED


def _main(argv: Sequence[str] | None, environ: Mapping[str, str] | None) -> int:
    env = os.environ if environ is None else environ
    catalogue = Catalogue("en", Surface.CLI)
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except PlanError as exc:
        print(f"reeldesk: {explain(exc, catalogue)}", file=sys.stderr)
        return EXIT_USAGE
    except PictureRejected as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidParameter as exc:
        print(f"reeldesk: {catalogue.error_message(exc)}", file=sys.stderr)
        return EXIT_USAGE

    if args.command == "simulator":
        return _simulator(args)
    paths = resolve_paths(env)
    environment_key(env)  # known to the redaction before the first log line
    try:
        paths.ensure()
        setup_logging(paths.logs)
        if args.command == "tasks":
            return _tasks(args, paths, catalogue)
        if args.command == "repair":
            return repair.run(args, paths, catalogue)
        if args.command == "queue":
            return queue_command.run(args, paths, catalogue)
        if args.command in review.COMMANDS:
            return review.run(args, paths, _load_settings(paths), catalogue)
        if args.command == "project":
            return project.run(args, paths, catalogue)
        if args.command == "spend":
            return spend.run(paths, since=args.since, as_json=args.json)
        if args.command == "export":
            return export.run(args, paths, catalogue)
        if args.command == "resume":
            return _resume(args, paths, env, catalogue)
        if args.command == "continue":
            try:
                continue_.prepare(args, paths)  # the take's last frame: args.requests
            except InvalidParameter as exc:
                print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
                return EXIT_USAGE
        if args.dry_run:
            return planning.dry_run(args, paths, env, catalogue, _load_settings(paths))
        settings = _load_settings(paths)
        core = _open_core(args, paths, env, settings)

        async def run() -> int:
            interrupts = Interrupts()
            interrupts.install()
            try:
                return await _generate(args, core, settings, catalogue, interrupts)
            finally:
                await core.close()
                interrupts.restore()

        return asyncio.run(run())
    except SettingsError as exc:
        # Only --base-url or REELDESK_BASE_URL can bring a bad value this far.
        print(f"reeldesk: {catalogue.error_message(exc)}", file=sys.stderr)
        return EXIT_USAGE if args.base_url else EXIT_FAILED
    except KeyboardInterrupt:
        return _interrupted()
    except ReelDeskError as exc:
        print(f"reeldesk: {catalogue.explain(exc)}", file=sys.stderr)
        return EXIT_FAILED
