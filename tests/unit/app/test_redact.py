"""Every secret the app knows is kept out of the log and the service's words it stores: the key
from the environment, the keychain, the key file, or one typed while running."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import redact as redact_module
from app.logs import setup_logging
from app.redact import redact, redact_json, remember_secret
from app.secrets import KeyStore, environment_key
from tests.unit.app.test_secrets import FakeKeychain

#: No ``sk-`` and no ``Bearer`` before it: only knowing the key finds it.
PLAIN = "Zq7plainKEYwithoutPrefix9931"


@pytest.fixture(autouse=True)
def _forget_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    # The process-wide set of secrets starts empty for each test and is restored after it.
    monkeypatch.setattr(redact_module, "_known", ())


@pytest.fixture
def log_text(tmp_path: Path) -> Iterator[Path]:
    path = setup_logging(tmp_path / "logs")
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "reeldesk", False)]:
        root.removeHandler(handler)
        handler.close()


def _log_and_read(path: Path, message: str) -> str:
    logging.getLogger("reeldesk.test").error(message)
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_a_key_from_the_key_file_is_redacted_in_the_log(tmp_path: Path, log_text: Path) -> None:
    keys = KeyStore(tmp_path / "api-key", backend=None)
    (tmp_path / "api-key").write_text(PLAIN + "\n")
    assert keys.load("file") == PLAIN
    text = _log_and_read(log_text, f"service said: unknown token {PLAIN}")
    assert "unknown token •••" in text and PLAIN not in text


def test_a_key_from_the_keychain_is_redacted_in_the_log(log_text: Path, tmp_path: Path) -> None:
    keychain = FakeKeychain()
    KeyStore(tmp_path / "api-key", backend=keychain).save(PLAIN, "keychain")
    redact_module._known = ()  # a later run: the keychain only hands the key out
    assert KeyStore(tmp_path / "api-key", backend=keychain).load("keychain") == PLAIN
    assert PLAIN not in _log_and_read(log_text, f"echo {PLAIN}")


def test_a_key_from_the_environment_is_redacted_everywhere() -> None:
    assert environment_key({"REELDESK_API_KEY": f"  {PLAIN} "}) == PLAIN
    assert redact(f"token={PLAIN};") == "token=•••;"


def test_a_key_typed_while_running_is_redacted_by_a_log_set_up_before(log_text: Path) -> None:
    remember_secret(PLAIN)
    assert PLAIN not in _log_and_read(log_text, f"echo {PLAIN}")


def test_a_reply_keeps_its_shape_without_secrets_bearer_tokens_or_signatures() -> None:
    remember_secret(PLAIN)
    reply = {
        "error": {"message": f"Invalid token: Bearer {PLAIN}", "seen": [PLAIN, 3, None]},
        PLAIN: True,
        "url": "https://cdn.example/v.mp4?signature=abc",
        "other": "sk-abcdefgh1234",
    }
    assert redact_json(reply) == {
        "error": {"message": "Invalid token: Bearer •••", "seen": ["•••", 3, None]},
        "•••": True,
        "url": "https://cdn.example/v.mp4?…",
        "other": "sk-•••",
    }


def test_short_values_are_not_taken_for_secrets() -> None:
    remember_secret("ab")
    remember_secret("   ")
    assert redact("a tab") == "a tab"
