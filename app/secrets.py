"""The API key: in the OS keychain (``keyring``), or, only after the user agrees, in an
owner-only file. Never in the settings file, never in logs.

Every key this module hands out (from the environment, the keychain or the file) or stores is
first remembered by ``app.redact``, so no sink (history, logs, output) can show it.

Keychain calls can hang (a locked keychain waiting for a password prompt), so each runs on a
daemon thread with a time limit; a call that times out reports failure, never "saved".
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

from app.errors import KeychainTimeout, KeychainUnavailable, KeyFileError, ReelDeskError
from app.fsutil import atomic_write
from app.redact import remember_secret

T = TypeVar("T")
SERVICE = "ReelDesk"
ACCOUNT = "foxapi-api-key"
KEY_ENV = "REELDESK_API_KEY"
DEFAULT_TIMEOUT = 8.0


def environment_key(environ: Mapping[str, str]) -> str:
    """The key set in ``REELDESK_API_KEY`` (empty when none), remembered for redaction."""
    key = environ.get(KEY_ENV, "").strip()
    remember_secret(key)
    return key


class KeyringBackend(Protocol):
    """The part of the ``keyring`` module we use (a small fake in tests)."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


def _system_keyring() -> KeyringBackend | None:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    # Priority below 1 means a backend keyring itself does not recommend (plain text, null).
    if getattr(backend, "priority", 1) < 1:
        return None
    return backend


def call_with_timeout(fn: Callable[[], T], timeout: float) -> concurrent.futures.Future[T]:
    """Run ``fn`` on a daemon thread (a hung call never blocks exit); the future times out."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn())
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=run, name="reeldesk-keychain", daemon=True).start()
    return future


class KeyStore:
    """Reads and writes the API key where the settings say it lives."""

    def __init__(
        self,
        key_file: Path,
        *,
        backend: Any = ...,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.key_file = key_file
        # Looking up the system keyring loads every backend and may talk to D-Bus: it is done
        # on first use (always off the GUI thread), never at start-up.
        self._lookup = backend is ...
        self._backend: KeyringBackend | None = None if backend is ... else backend
        self.timeout = timeout

    def _resolve(self) -> KeyringBackend | None:
        if self._lookup:
            self._lookup = False
            self._backend = _system_keyring()
        return self._backend

    @property
    def keychain_available(self) -> bool:
        """Blocking on first call (it finds the system keyring): not from the GUI thread."""
        return self._resolve() is not None

    def _keychain(self, call: Callable[[KeyringBackend], T]) -> T:
        backend = self._resolve()
        if backend is None:
            raise KeychainUnavailable("no usable keychain on this system")
        future = call_with_timeout(lambda: call(backend), self.timeout)
        try:
            return future.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError:
            raise KeychainTimeout(f"the keychain did not answer in {self.timeout:.0f}s") from None
        except ReelDeskError:
            raise
        except Exception as exc:
            raise KeychainUnavailable(f"keychain: {type(exc).__name__}: {exc}") from exc

    def load(self, storage: str) -> str | None:
        """The stored key, or ``None``. Raises ``KeychainUnavailable`` (or ``KeyFileError``)
        when it cannot tell."""
        if storage == "file":
            try:
                text = self.key_file.read_text(encoding="utf-8").strip()
            except FileNotFoundError:
                return None
            except (OSError, UnicodeDecodeError) as exc:
                raise self._file_error(exc) from exc
        else:
            text = (self._keychain(lambda b: b.get_password(SERVICE, ACCOUNT)) or "").strip()
        remember_secret(text)
        return text or None

    def save(self, key: str, storage: str) -> None:
        """Store the key; returns only once it really is stored. Raises ``KeychainUnavailable``
        or ``KeyFileError`` when it is not."""
        key = key.strip()
        remember_secret(key)
        if storage == "file":
            try:
                atomic_write(self.key_file, (key + "\n").encode("utf-8"), mode=0o600)
            except OSError as exc:
                raise self._file_error(exc) from exc
            return
        self._keychain(lambda b: b.set_password(SERVICE, ACCOUNT, key))
        readback = self._keychain(lambda b: b.get_password(SERVICE, ACCOUNT))
        if readback != key:
            raise KeychainUnavailable("the keychain did not keep the key")
        # Moving to the keychain: no copy stays behind in a file.
        with contextlib.suppress(OSError):
            self.key_file.unlink(missing_ok=True)

    def _file_error(self, exc: OSError | UnicodeDecodeError) -> KeyFileError:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        return KeyFileError(f"{self.key_file}: {reason or exc}", path=str(self.key_file))

    def delete(self) -> None:
        with contextlib.suppress(OSError):
            self.key_file.unlink(missing_ok=True)
        if self._resolve() is not None:
            with contextlib.suppress(ReelDeskError):
                self._keychain(lambda b: _delete_quietly(b))


def _delete_quietly(backend: KeyringBackend) -> None:
    # "Nothing to delete" has no portable exception type across keyring backends.
    with contextlib.suppress(Exception):
        backend.delete_password(SERVICE, ACCOUNT)


def mask(key: str) -> str:
    """``sk-…wxyz``: enough to recognise a key, never enough to use it."""
    key = key.strip()
    if len(key) <= 8:
        return "•" * len(key)
    return f"{key[:3]}…{key[-4:]}"
