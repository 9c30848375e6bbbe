"""The key: keychain first, a private file only when agreed, never in plain text otherwise."""

from __future__ import annotations

import stat
import threading
import time
from pathlib import Path

import pytest

from app.errors import KeychainTimeout, KeychainUnavailable, KeyFileError
from app.paths import Paths
from app.secrets import ACCOUNT, SERVICE, KeyStore, mask

SENTINEL = "sk-SENTINEL-9f8e7d6c5b4a"


class FakeKeychain:
    """Stands in for the OS keychain, which cannot run here."""

    def __init__(self, *, broken: bool = False, delay: float = 0.0, forgetful: bool = False):
        self.items: dict[tuple[str, str], str] = {}
        self.broken = broken
        self.delay = delay
        self.forgetful = forgetful
        self.release = threading.Event()

    def _wait(self) -> None:
        if self.delay:
            self.release.wait(self.delay)
        if self.broken:
            raise RuntimeError("keychain is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        if not self.forgetful:
            self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._wait()
        self.items.pop((service, username), None)


def all_bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_key_goes_to_the_keychain_and_nowhere_else(home: Path, paths: object) -> None:
    keychain = FakeKeychain()
    store = KeyStore(home / "config" / "api-key", backend=keychain)
    store.save(SENTINEL, "keychain")
    assert keychain.items[(SERVICE, ACCOUNT)] == SENTINEL
    assert store.load("keychain") == SENTINEL
    assert SENTINEL.encode() not in all_bytes_under(home)


def test_no_keychain_is_reported_not_hidden(tmp_path: Path, paths: Paths) -> None:
    store = KeyStore(paths.key_file, backend=None)
    assert not store.keychain_available
    with pytest.raises(KeychainUnavailable):
        store.save(SENTINEL, "keychain")
    # Refused means kept nowhere: no quiet fallback to the private file, nothing elsewhere
    # under this test's folders (the ReelDesk home and every XDG folder).
    assert store.load("file") is None
    assert SENTINEL.encode() not in all_bytes_under(tmp_path)


def test_locked_keychain_fails_cleanly(home: Path) -> None:
    store = KeyStore(home / "config" / "api-key", backend=FakeKeychain(broken=True))
    with pytest.raises(KeychainUnavailable) as caught:
        store.save(SENTINEL, "keychain")
    assert "locked" in caught.value.details
    assert SENTINEL not in caught.value.details


def test_a_hanging_keychain_times_out_and_never_says_saved(home: Path) -> None:
    keychain = FakeKeychain(delay=30)
    store = KeyStore(home / "config" / "api-key", backend=keychain, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(KeychainTimeout):
        store.save(SENTINEL, "keychain")
    assert time.monotonic() - started < 2
    keychain.release.set()


def test_a_keychain_that_drops_the_key_is_not_saved(home: Path) -> None:
    store = KeyStore(home / "config" / "api-key", backend=FakeKeychain(forgetful=True))
    with pytest.raises(KeychainUnavailable):
        store.save(SENTINEL, "keychain")


def test_private_file_is_owner_only_and_used_only_when_chosen(home: Path) -> None:
    key_file = home / "config" / "api-key"
    store = KeyStore(key_file, backend=None)
    assert store.load("file") is None
    store.save(SENTINEL, "file")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert store.load("file") == SENTINEL


def test_a_key_file_that_cannot_be_written_or_read_is_a_typed_error(home: Path) -> None:
    blocker = home / "config"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be")
    store = KeyStore(blocker / "api-key", backend=None)
    with pytest.raises(KeyFileError) as caught:
        store.save(SENTINEL, "file")
    assert caught.value.params["path"] == str(blocker / "api-key")
    assert SENTINEL not in caught.value.details
    with pytest.raises(KeyFileError):
        store.load("file")


def test_moving_to_the_keychain_removes_the_file(home: Path) -> None:
    key_file = home / "config" / "api-key"
    keychain = FakeKeychain()
    store = KeyStore(key_file, backend=keychain)
    store.save(SENTINEL, "file")
    store.save(SENTINEL, "keychain")
    assert not key_file.exists()


def test_mask_shows_only_enough_to_recognise() -> None:
    assert mask(SENTINEL) == "sk-…5b4a"
    assert SENTINEL[5:-4] not in mask(SENTINEL)
    assert mask("short") == "•••••"
