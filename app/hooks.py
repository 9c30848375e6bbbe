"""The command a creator may run after each saved video (Preferences → "Command after saving").

The command is split into words the way a POSIX shell would (``shlex``), and each word has its
placeholders filled in on its own: ``{path}``, ``{task_id}``, ``{prompt}``, ``{project}``. It
then runs as that argument list, never through a shell, so a prompt full of quotes, ``;`` or
``$(…)`` stays one harmless argument. It runs off the event loop (an asyncio subprocess), gets
``HOOK_SECONDS`` before it is killed with everything it started, and what it prints goes to the
log, redacted. The API key is not in its environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
import string
import subprocess
import sys
from collections.abc import Mapping

from app.errors import SettingsError
from app.redact import redact
from app.secrets import KEY_ENV

log = logging.getLogger(__name__)

PLACEHOLDERS = ("path", "task_id", "prompt", "project")
#: Seconds a hook may run; then it is killed (with the processes it started).
HOOK_SECONDS = 60.0
#: Bytes of each output stream kept for the log; the rest is read and dropped.
OUTPUT_KEPT = 8192


def check_hook(command: object) -> str:
    """``command`` when it is empty or splits into words whose placeholders are all known;
    otherwise ``SettingsError`` naming ``save_hook``."""
    if not isinstance(command, str):
        raise SettingsError("save_hook", "reason.text")
    if not command.strip():
        return command
    try:
        words = shlex.split(command)
    except ValueError as exc:  # "No closing quotation", "No escaped character"
        raise SettingsError("save_hook", "reason.hook_syntax", why=str(exc)) from None
    for word in words:
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(word) if name is not None]
        except ValueError:
            raise SettingsError("save_hook", "reason.unmatched_brace") from None
        unknown = [name for name in names if name not in PLACEHOLDERS]
        if unknown:
            raise SettingsError("save_hook", "reason.hook_placeholder", name=unknown[0])
    return command


def hook_arguments(command: str, values: Mapping[str, str]) -> list[str]:
    """The argument list for ``command`` (already checked) with each word filled in."""
    fill = {name: values.get(name, "") for name in PLACEHOLDERS}
    return [word.format_map(fill) for word in shlex.split(command)]


async def run_hook(
    command: str, values: Mapping[str, str], *, seconds: float = HOOK_SECONDS
) -> str:
    """Run the hook for one saved video. Returns "" when it succeeded, else why it did not
    (not found, exit status, time limit), in words for the log and the job's details."""
    try:
        arguments = hook_arguments(check_hook(command), values)
    except SettingsError as exc:
        return f"the command is not valid: {exc.details}"
    if not arguments:
        return ""
    environment = {k: v for k, v in os.environ.items() if k != KEY_ENV}
    try:
        process = await asyncio.create_subprocess_exec(
            *arguments,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            # Its own process group: killing it at the time limit takes what it started too.
            start_new_session=sys.platform != "win32",
        )
    except OSError as exc:
        return f"{arguments[0]}: {exc.strerror or exc}"
    program = os.path.basename(arguments[0])
    try:
        async with asyncio.timeout(seconds):
            out, err = await _collect(process)
    except TimeoutError:
        return f"{program}: still running after {seconds:g} s; stopped"
    finally:
        if process.returncode is None:  # the time limit, or ReelDesk is closing
            _kill(process)
            with contextlib.suppress(ProcessLookupError):
                await process.wait()
    for name, data in (("stdout", out), ("stderr", err)):
        if data:
            text = redact(data.decode(errors="replace").rstrip())
            log.info("save hook %s %s:\n%s", program, name, text)
    if process.returncode != 0:
        return f"{program}: exited with status {process.returncode}"
    return ""


async def _collect(process: asyncio.subprocess.Process) -> tuple[bytes, bytes]:
    out, err, _ = await asyncio.gather(
        _drain(process.stdout), _drain(process.stderr), process.wait()
    )
    return out, err


async def _drain(stream: asyncio.StreamReader | None) -> bytes:
    """The first ``OUTPUT_KEPT`` bytes of ``stream``; the rest is read (so the hook never
    blocks on a full pipe) and dropped."""
    kept = bytearray()
    if stream is None:
        return b""
    while chunk := await stream.read(65536):
        if len(kept) < OUTPUT_KEPT:
            kept += chunk[: OUTPUT_KEPT - len(kept)]
    return bytes(kept)


def _kill(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
