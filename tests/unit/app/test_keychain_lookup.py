"""Which system keychain counts as one (keyring's own backends, set as the system's), and
removing a key from wherever it is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from app.errors import KeychainUnavailable
from app.secrets import ACCOUNT, SERVICE, KeyStore
from tests.unit.app.test_secrets import SENTINEL, FakeKeychain


class MemoryKeyring(KeyringBackend):
    """A keyring backend that recommends itself, as a desktop's secret service does."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password


@pytest.fixture
def system_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.mark.usefixtures("system_keyring")
@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_no_keychain_or_one_that_keeps_nothing_is_no_keychain(
    tmp_path: Path, backend: type[KeyringBackend]
) -> None:
    keyring.set_keyring(backend())
    store = KeyStore(tmp_path / "api-key")
    assert not store.keychain_available
    with pytest.raises(KeychainUnavailable):
        store.save(SENTINEL, "keychain")


@pytest.mark.usefixtures("system_keyring")
def test_a_recommended_system_keychain_is_used(tmp_path: Path) -> None:
    system = MemoryKeyring()
    keyring.set_keyring(system)
    store = KeyStore(tmp_path / "api-key")
    store.save(SENTINEL, "keychain")
    assert system.items == {(SERVICE, ACCOUNT): SENTINEL}
    assert KeyStore(tmp_path / "api-key").load("keychain") == SENTINEL


def test_removing_the_key_clears_the_keychain_and_the_file(tmp_path: Path) -> None:
    keychain = FakeKeychain()
    store = KeyStore(tmp_path / "api-key", backend=keychain)
    store.save(SENTINEL, "keychain")
    (tmp_path / "api-key").write_text(SENTINEL)  # an old copy from before the move
    store.delete()
    assert keychain.items == {}
    assert not (tmp_path / "api-key").exists()
    assert store.load("keychain") is None and store.load("file") is None


def test_removing_the_key_never_fails_on_a_locked_keychain(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "api-key", backend=FakeKeychain(broken=True))
    (tmp_path / "api-key").write_text(SENTINEL)
    store.delete()
    assert not (tmp_path / "api-key").exists()


def test_an_empty_key_file_is_no_key(tmp_path: Path) -> None:
    (tmp_path / "api-key").write_text("\n")
    assert KeyStore(tmp_path / "api-key", backend=None).load("file") is None
