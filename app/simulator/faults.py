"""A simulator that misbehaves on request: what tests and scripts construct.

The demo never builds one (``app.core`` starts a plain ``Simulator``, a healthy service).
A ``FaultySimulator`` takes faults

- for every job of the run (``faults=``),
- for the next requests (``queue_error``, ``drop_next_submit``),
- for the next job (``next_job_faults``), or by ``sim:`` words in a prompt, for scripts that
  drive the real window: ``sim:fail``, ``sim:nourl``, ``sim:oldshape``, ``sim:expire``,
  ``sim:cut``, ``sim:slow``;

it accepts only one key when told (``accept_only``), runs out of credit after a number of
submissions until topped up (``run_out_after``, ``top_up``) and skips time (``finish_now``).
Bursts of 429 or 503 are ``queue_error("post", 429, count=N, retry_after="1")``. Its request
log is large enough for a test to count every request it makes.
"""

from __future__ import annotations

import hmac
import re
from collections import deque
from dataclasses import replace
from typing import Any

from app.simulator.server import (
    ErrorReply,
    JobFaults,
    Simulator,
    SimulatorConfig,
)

#: Requests kept: more than any test makes, still bounded.
TEST_LOG_SIZE = 100_000
_PROMPT_FAULTS = re.compile(r"\bsim:(fail|nourl|oldshape|expire|cut|slow)\b")


class FaultySimulator(Simulator):
    """The simulator plus fault injection."""

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        *,
        faults: JobFaults | None = None,
        port: int = 0,
        cdn_port: int = 0,
    ) -> None:
        super().__init__(config, port=port, cdn_port=cdn_port, log_size=TEST_LOG_SIZE)
        self.faults = faults or JobFaults()
        self._errors: dict[str, deque[ErrorReply]] = {
            "get": deque(),
            "post": deque(),
            "upload": deque(),
        }
        self._drops = 0
        self._next_faults: deque[JobFaults] = deque()
        self._only_key = ""
        #: Submissions still accepted before the balance "runs out"; ``None``: no such limit.
        self._credit_for: int | None = None

    def queue_error(
        self,
        method: str,
        status: int,
        *,
        error_type: str = "",
        code: str = "",
        message: str = "",
        retry_after: str | None = None,
        html: bool = False,
        plain: str | None = None,
        count: int = 1,
    ) -> None:
        """Answer the next ``count`` requests of ``method`` ("get", "post" or "upload") with an
        error."""
        err = ErrorReply(status, error_type, code, message, retry_after, html, plain)
        with self._lock:
            self._errors[method.lower()].extend([err] * count)

    def drop_next_submit(self, count: int = 1) -> None:
        """Create the task for the next submission(s), then close without answering."""
        with self._lock:
            self._drops += count

    def next_job_faults(self, faults: JobFaults) -> None:
        """The next submitted job misbehaves like this."""
        with self._lock:
            self._next_faults.append(faults)

    def run_out_after(self, submissions: int) -> None:
        """Accept ``submissions`` more submissions, then answer every one with 402
        (``insufficient_quota``) until ``top_up``."""
        with self._lock:
            self._credit_for = submissions

    def top_up(self, credits: float = 1000.0) -> None:
        """Add credits; lifts ``run_out_after``."""
        with self._lock:
            self._credit_for = None
        super().top_up(credits)

    def accept_only(self, key: str) -> None:
        """From now on answer 401 to every other bearer key."""
        self._only_key = key

    def finish_now(self, task_id: str | None = None) -> None:
        """Move one job (or all) to its end state at once."""
        with self._lock:
            for job in self._jobs.values():
                if task_id is None or job.id == task_id:
                    job.started -= job.duration + 1

    def file_bytes(self, task_id: str) -> bytes:
        """The exact bytes the CDN serves for a task (tests compare downloads with it)."""
        job = self._job(task_id)
        if job is None:
            raise KeyError(task_id)
        prefix, zeros = self._file(job)
        return prefix + bytes(zeros)

    # -- the hooks of ``Simulator`` -----------------------------------------------------------

    def _injected_error(self, method: str) -> ErrorReply | None:
        with self._lock:
            queue = self._errors[method]
            if queue:
                return queue.popleft()
            if method == "post" and self._credit_for is not None:
                # Counted here, under the lock, so that concurrent submissions never get more
                # than their share.
                if self._credit_for <= 0:
                    return ErrorReply(
                        402, "insufficient_quota", "insufficient_quota", "Balance too low"
                    )
                self._credit_for -= 1
            return None

    def _injected_drop(self) -> bool:
        with self._lock:
            if self._drops > 0:
                self._drops -= 1
                return True
            return False

    def _authorised(self, header: str | None) -> bool:
        if not super()._authorised(header):
            return False
        assert header is not None
        return not self._only_key or hmac.compare_digest(header[7:].strip(), self._only_key)

    def _faults_for(self, body: dict[str, Any]) -> JobFaults:
        faults = self._next_faults.popleft() if self._next_faults else self.faults
        return _prompt_faults(str(body.get("prompt", "")), faults)


def _prompt_faults(prompt: str, base: JobFaults) -> JobFaults:
    words = set(_PROMPT_FAULTS.findall(prompt))
    if not words:
        return base
    return replace(
        base,
        fail=(
            ("generation_failed", "The prompt was rejected by the content policy.")
            if "fail" in words
            else base.fail
        ),
        no_url_polls=2 if "nourl" in words else base.no_url_polls,
        old_shape=base.old_shape or "oldshape" in words,
        expired_link=base.expired_link or "expire" in words,
        cut_after=4096 if "cut" in words else base.cut_after,
        slow_bps=64 * 1024 if "slow" in words else base.slow_bps,
    )
