"""The one error tree of ReelDesk.

Everything that can go wrong in an expected way is one of these; ``ui/`` and the CLI branch on
the type (or on ``code``), never on the message text. httpx exceptions are wrapped at the client
boundary, ``OSError`` where a file is written. Each error names a ``ProblemCode``; the message
catalogue (``app.messages``) holds its headline (``error.<code>``) and its next action in every
language; ``details`` is for the log and the details view only.

    ReelDeskError                   code → headline + next action; details for the log
    ├── UsageError                  the command line was not understood: nothing was sent
    │   ├── MissingCommand          no command given
    │   └── UnknownCommand          a word that is no command (``reeldesk frobnicate``)
    ├── InvalidValue                a value is not allowed (names the field and the reason)
    │   ├── InvalidParameter        ... in a request: the form or the command's flags
    │   │   ├── PictureRejected     a frame's picture: missing, unreadable, wrong kind, too big
    │   │   └── PlanError           ... in a plan, with its file, line and column (app.plan)
    │   └── SettingsError           ... in the settings
    ├── ApiError                    the service answered with an error (status, raw body)
    │   ├── AuthenticationFailed    401: key wrong or expired
    │   │   └── NoApiKey            no key configured: nothing was sent
    │   ├── InsufficientQuota       402: balance too low
    │   ├── FirewallBlocked         403 "error code: 1010" (Cloudflare), or any other 403
    │   ├── TaskNotFound            404: unknown task id
    │   ├── RequestRejected         400/422: the service refused the parameters
    │   │   ├── ModelNotEnabled     422 model_not_found
    │   │   └── UnsupportedOptions  422 unsupported_advanced_options
    │   ├── RateLimited             429 (retry_after seconds when sent)
    │   └── ServiceUnavailable      5xx, 422 no_compatible_channel
    ├── NetworkError                no answer: DNS, refused, reset, timeout
    │   ├── ConnectionNotMade       the request never left: safe to retry, even a POST
    │   └── ReplyLost               the request was sent, the reply never came (may be charged)
    │       └── GatewayAfterPost    a gateway's 502/503/504 (not the service's JSON) to a POST
    ├── CertificateRejected         the server's TLS certificate did not verify (host, reason):
    │                               nothing was sent
    ├── BadResponse                 an answer that is not what the contract says
    ├── LinkRefused                 the video link is not one ReelDesk opens (scheme, address)
    ├── DownloadFailed              the CDN file could not be fetched or checked
    │   └── LinkExpired             the 24-hour link ran out (403/404/410 from the CDN)
    ├── StorageError                the disk said no
    │   ├── DiskFull
    │   ├── FolderNotWritable       the download folder
    │   ├── SettingsNotSaved        the settings file could not be written
    │   ├── KeyFileError            the private key file could not be read or written
    │   ├── HomeNotWritable         ReelDesk's own folder (``REELDESK_HOME``) cannot be written
    │   └── HistoryError            the history database (``path`` names it) cannot be used
    │       ├── HistoryCorrupt      not a database, or damaged
    │       ├── HistoryUnreadable   the permissions do not let ReelDesk read it
    │       ├── HistoryLocked       another program holds it past the busy timeout
    │       ├── HistoryReadOnly     the file or its folder cannot be written
    │       ├── HistoryTooNew       written by a newer ReelDesk (``version`` above ``known``)
    │       └── HistoryEmptied      empty although jobs were kept in it (backups, a journal)
    ├── KeychainUnavailable         no usable OS keychain (or it failed)
    │   └── KeychainTimeout         the keychain did not answer in time (locked?)
    ├── AlreadyRunning              another ReelDesk process holds this history
    └── NotReelDeskFile             a file dropped on the form holds no ReelDesk settings
    └── ExportError                 takes could not be exported (nothing half-written is left)
        ├── ExportFolderTaken       the export folder exists and is not empty
        └── NothingToExport         no saved take (with its file) among those asked for

Some problems are the service's verdict on a task rather than an exception raised here
(``TASK_FAILED``, ``CONTENT_POLICY``, ``NO_RESULT``, ``CANCELLED``): they have a code, a headline
and a next action like the others, and are kept on the job in the history; so is ``NOT_SENT``,
a submission whose connection was never made; and ``HOOK_FAILED``, a saved video whose command
after saving failed (the video stays saved).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import ClassVar


class ProblemCode(enum.StrEnum):
    """Every problem ReelDesk reports. The values are stable: the history and ``--json``
    keep them, and ``error.<value>`` is the headline's key in the message catalogue."""

    UNEXPECTED = "unexpected"
    USAGE = "usage"
    NO_COMMAND = "no_command"
    UNKNOWN_COMMAND = "unknown_command"
    INVALID_PARAMETER = "invalid_parameter"
    #: A picture chosen as a first or last frame cannot be sent (checked before any upload).
    INVALID_PICTURE = "invalid_picture"
    INVALID_SETTING = "invalid_setting"
    API = "api"
    AUTH = "auth"
    NO_KEY = "no_key"
    QUOTA = "quota"
    FIREWALL = "firewall"
    NOT_FOUND = "not_found"
    REJECTED = "rejected"
    MODEL_NOT_ENABLED = "model_not_enabled"
    UNSUPPORTED_OPTIONS = "unsupported_options"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    NETWORK = "network"
    REPLY_LOST = "reply_lost"
    #: A gateway (proxy, CDN) answered the POST with 502/503/504 and no word from the service:
    #: the service may have created, and charged, the task behind it.
    GATEWAY_AFTER_POST = "gateway_after_post"
    #: The server's certificate did not verify (expired, self-signed, unknown issuer, wrong
    #: host): the request never left.
    CERTIFICATE = "certificate"
    BAD_RESPONSE = "bad_response"
    DOWNLOAD = "download"
    LINK_EXPIRED = "link_expired"
    #: The task's video link is not ``https`` or points into the local machine or network
    #: (``app.links``): it was never requested.
    LINK_REFUSED = "link_refused"
    STORAGE = "storage"
    DISK_FULL = "disk_full"
    FOLDER_NOT_WRITABLE = "folder_not_writable"
    SETTINGS_NOT_SAVED = "settings_not_saved"
    KEY_FILE = "key_file"
    HOME_NOT_WRITABLE = "home_not_writable"
    HISTORY = "history"
    HISTORY_CORRUPT = "history_corrupt"
    HISTORY_UNREADABLE = "history_unreadable"
    HISTORY_LOCKED = "history_locked"
    HISTORY_READ_ONLY = "history_read_only"
    HISTORY_TOO_NEW = "history_too_new"
    #: A zero-length history where backups or SQLite's own files show that jobs were kept.
    HISTORY_EMPTIED = "history_emptied"
    KEYCHAIN_UNAVAILABLE = "keychain_unavailable"
    KEYCHAIN_TIMEOUT = "keychain_timeout"
    ALREADY_RUNNING = "already_running"
    NOT_REELDESK_FILE = "not_reeldesk_file"
    #: The command after saving failed (not found, exit status, time limit); the video is saved.
    HOOK_FAILED = "hook_failed"
    EXPORT = "export"
    EXPORT_FOLDER_TAKEN = "export_folder_taken"
    NOTHING_TO_EXPORT = "nothing_to_export"
    # The service's verdict on a task (no exception class).
    TASK_FAILED = "task_failed"
    CONTENT_POLICY = "content_policy"
    NO_RESULT = "no_result"
    CANCELLED = "cancelled"
    #: The POST never left (no connection was made): nothing was created or charged.
    NOT_SENT = "not_sent"

    @property
    def message_key(self) -> str:
        """The headline's key in the message catalogue."""
        return f"error.{self.value}"

    @property
    def next_action_key(self) -> str:
        """The key of what to do next, in the message catalogue."""
        return _NEXT_ACTIONS[self]

    @classmethod
    def parse(cls, value: str) -> ProblemCode:
        """The code for a value read back from the history; ``UNEXPECTED`` if unknown."""
        try:
            return cls(value)
        except ValueError:
            return cls.UNEXPECTED


_P = ProblemCode
_NEXT_ACTIONS: Mapping[ProblemCode, str] = {
    _P.UNEXPECTED: "action.retry_later",
    _P.USAGE: "action.see_help",
    _P.NO_COMMAND: "action.choose_command",
    _P.UNKNOWN_COMMAND: "action.choose_command",
    _P.INVALID_PARAMETER: "action.fix_field",
    _P.INVALID_PICTURE: "action.choose_picture",
    _P.INVALID_SETTING: "action.fix_setting",
    _P.API: "action.retry_later",
    _P.AUTH: "action.check_key",
    _P.NO_KEY: "action.add_key",
    _P.QUOTA: "action.top_up",
    _P.FIREWALL: "action.retry_later",
    _P.NOT_FOUND: "action.check_base_url",
    _P.REJECTED: "action.edit_prompt",
    _P.MODEL_NOT_ENABLED: "action.check_key",
    _P.UNSUPPORTED_OPTIONS: "action.remove_options",
    _P.RATE_LIMITED: "action.retry_later",
    _P.UNAVAILABLE: "action.retry_later",
    _P.NETWORK: "action.check_connection",
    _P.REPLY_LOST: "action.check_before_resubmit",
    _P.GATEWAY_AFTER_POST: "action.check_before_resubmit",
    _P.CERTIFICATE: "action.trust_certificate",
    _P.BAD_RESPONSE: "action.retry_later",
    _P.DOWNLOAD: "action.retry_download",
    _P.LINK_EXPIRED: "action.submit_again",
    _P.LINK_REFUSED: "action.report_link",
    _P.STORAGE: "action.check_folder",
    _P.DISK_FULL: "action.free_space",
    _P.FOLDER_NOT_WRITABLE: "action.check_folder",
    _P.SETTINGS_NOT_SAVED: "action.check_config_folder",
    _P.KEY_FILE: "action.check_key_file",
    _P.HOME_NOT_WRITABLE: "action.check_home",
    _P.HISTORY: "action.check_history_disk",
    _P.HISTORY_CORRUPT: "action.repair_history",
    _P.HISTORY_UNREADABLE: "action.check_history_permissions",
    _P.HISTORY_LOCKED: "action.close_history_program",
    _P.HISTORY_READ_ONLY: "action.make_history_writable",
    _P.HISTORY_TOO_NEW: "action.update_or_restore",
    _P.HISTORY_EMPTIED: "action.restore_history",
    _P.KEYCHAIN_UNAVAILABLE: "action.use_key_file",
    _P.KEYCHAIN_TIMEOUT: "action.unlock_keychain",
    _P.ALREADY_RUNNING: "action.close_other",
    _P.NOT_REELDESK_FILE: "action.drop_reeldesk_file",
    _P.HOOK_FAILED: "action.check_hook",
    _P.EXPORT: "action.check_export_folder",
    _P.EXPORT_FOLDER_TAKEN: "action.choose_empty_folder",
    _P.NOTHING_TO_EXPORT: "action.pick_takes",
    _P.TASK_FAILED: "action.edit_prompt",
    _P.CONTENT_POLICY: "action.edit_prompt",
    _P.NO_RESULT: "action.submit_again",
    _P.CANCELLED: "action.submit_again",
    _P.NOT_SENT: "action.send_when_online",
}


class ReelDeskError(Exception):
    """Base of every expected failure. ``code`` indexes the message catalogue
    (``app.messages``); ``params`` fill in its sentences; ``details`` is for the log and the
    details view."""

    code: ClassVar[ProblemCode] = ProblemCode.UNEXPECTED

    def __init__(self, details: str = "", **params: object) -> None:
        super().__init__(details or self.code.value)
        self.details = details
        self.params = params


class UsageError(ReelDeskError):
    """The command line was not understood (exit 2, nothing sent). ``reason`` is argparse's."""

    code = ProblemCode.USAGE

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason, reason=reason, **params)


class MissingCommand(UsageError):
    code = ProblemCode.NO_COMMAND

    def __init__(self, commands: str) -> None:
        super().__init__("no command given", commands=commands)


class UnknownCommand(UsageError):
    code = ProblemCode.UNKNOWN_COMMAND

    def __init__(self, command: str, commands: str) -> None:
        super().__init__(f"unknown command {command!r}", command=command, commands=commands)
        self.command = command


class InvalidValue(ReelDeskError):
    """A value is not allowed. ``reason_key`` is a catalogue key; ``field_key`` names the
    field's label in the catalogue."""

    field_prefix: ClassVar[str] = "field"

    def __init__(self, field: str, reason_key: str, **params: object) -> None:
        super().__init__(f"{field}: {reason_key}", field=field, **params)
        self.field = field
        self.reason_key = reason_key

    @property
    def field_key(self) -> str:
        return f"{self.field_prefix}.{self.field}"


class InvalidParameter(InvalidValue):
    code = ProblemCode.INVALID_PARAMETER


class PictureRejected(InvalidParameter):
    """A picture for a frame (``field`` ``image`` or ``image_tail``) that PixVerse would not
    take, or that cannot be read: found before anything is uploaded or sent. ``path`` names it."""

    code = ProblemCode.INVALID_PICTURE


class SettingsError(InvalidValue):
    """A settings value is not allowed; ``field`` names it (``defaults.duration`` for a
    default of the form)."""

    code = ProblemCode.INVALID_SETTING
    field_prefix = "setting"


class ApiError(ReelDeskError):
    """The service answered, with an error."""

    code = ProblemCode.API

    def __init__(
        self,
        details: str = "",
        *,
        status: int = 0,
        body: str = "",
        service_code: str = "",
        service_message: str = "",
        **params: object,
    ) -> None:
        super().__init__(details or f"HTTP {status}", status=status, **params)
        self.status = status
        self.body = body
        self.service_code = service_code
        self.service_message = service_message


class AuthenticationFailed(ApiError):
    code = ProblemCode.AUTH


class NoApiKey(AuthenticationFailed):
    """No key is configured (nothing was sent)."""

    code = ProblemCode.NO_KEY


class InsufficientQuota(ApiError):
    code = ProblemCode.QUOTA


class FirewallBlocked(ApiError):
    code = ProblemCode.FIREWALL


class TaskNotFound(ApiError):
    code = ProblemCode.NOT_FOUND


class RequestRejected(ApiError):
    code = ProblemCode.REJECTED


class ModelNotEnabled(RequestRejected):
    code = ProblemCode.MODEL_NOT_ENABLED


class UnsupportedOptions(RequestRejected):
    code = ProblemCode.UNSUPPORTED_OPTIONS


class RateLimited(ApiError):
    code = ProblemCode.RATE_LIMITED

    def __init__(
        self, details: str = "", *, retry_after: float | None = None, **kw: object
    ) -> None:
        super().__init__(details, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ServiceUnavailable(ApiError):
    code = ProblemCode.UNAVAILABLE

    def __init__(
        self, details: str = "", *, retry_after: float | None = None, **kw: object
    ) -> None:
        super().__init__(details, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class NetworkError(ReelDeskError):
    code = ProblemCode.NETWORK


class ConnectionNotMade(NetworkError):
    """The request never left (safe to send again, even a POST)."""


class ReplyLost(NetworkError):
    code = ProblemCode.REPLY_LOST


class GatewayAfterPost(ReplyLost):
    """A gateway in front of the service answered a POST with 502/503/504 in its own words
    (HTML, empty): the request may have reached the service, which may have made and charged
    the task. Never a refusal, so never a reason to send it again."""

    code = ProblemCode.GATEWAY_AFTER_POST


class CertificateRejected(ReelDeskError):
    """The server's TLS certificate did not verify; ``host`` is whose it was and ``reason``
    a ``app.tls.CertificateReason`` value. Not a network failure to wait out: asking again
    gets the same certificate until the user trusts its issuer."""

    code = ProblemCode.CERTIFICATE

    def __init__(self, details: str = "", *, host: str = "", reason: str = "other") -> None:
        super().__init__(details, host=host, reason=reason)
        self.host = host
        self.reason = reason

    @classmethod
    def about(cls, host: str, reason: str, said: str) -> CertificateRejected:
        """The error for ``host``, with details that ``from_details`` reads back: a job keeps
        only its code and details, and still says whose certificate it was and why."""
        return cls(f"{host}: {reason} ({said})", host=host, reason=reason)

    @classmethod
    def from_details(cls, details: str) -> CertificateRejected | None:
        """The error again from details written by ``about``; ``None`` for other text."""
        found = _CERTIFICATE_DETAILS.match(details)
        if found is None:
            return None
        return cls(details, host=found["host"], reason=found["reason"])


_CERTIFICATE_DETAILS = re.compile(r"(?P<host>[^\s]+?): (?P<reason>[a-z_]+) \(")


class BadResponse(ReelDeskError):
    code = ProblemCode.BAD_RESPONSE

    def __init__(self, details: str = "", *, body: str = "", status: int = 0) -> None:
        super().__init__(details)
        self.body = body
        self.status = status


class LinkRefused(ReelDeskError):
    """The service gave a video link ReelDesk will not follow (``app.links``). Not a download
    that failed: no request was made, and asking again would only get the same link."""

    code = ProblemCode.LINK_REFUSED


class DownloadFailed(ReelDeskError):
    code = ProblemCode.DOWNLOAD


class LinkExpired(DownloadFailed):
    code = ProblemCode.LINK_EXPIRED


class StorageError(ReelDeskError):
    code = ProblemCode.STORAGE


class DiskFull(StorageError):
    code = ProblemCode.DISK_FULL


class FolderNotWritable(StorageError):
    code = ProblemCode.FOLDER_NOT_WRITABLE


class SettingsNotSaved(StorageError):
    """Writing the settings file failed; the settings in use are unchanged.
    ``folder`` is where the file lives."""

    code = ProblemCode.SETTINGS_NOT_SAVED


class KeyFileError(StorageError):
    """The owner-only key file could not be read or written. ``path`` names it."""

    code = ProblemCode.KEY_FILE


class HomeNotWritable(StorageError):
    """ReelDesk's own folders cannot be made or written (a read-only ``REELDESK_HOME``, a
    folder owned by someone else). ``path`` names the folder."""

    code = ProblemCode.HOME_NOT_WRITABLE

    def __init__(self, path: str, details: str = "") -> None:
        super().__init__(details or path, path=path)
        self.path = path


class HistoryError(StorageError):
    """The history database cannot be used as it is. ``path`` names the file; the messages
    say it, and what to do (``reeldesk repair`` where a repair helps)."""

    code = ProblemCode.HISTORY

    def __init__(self, path: str, details: str = "", **params: object) -> None:
        super().__init__(details or path, path=path, **params)
        self.path = path


class HistoryCorrupt(HistoryError):
    code = ProblemCode.HISTORY_CORRUPT


class HistoryUnreadable(HistoryError):
    code = ProblemCode.HISTORY_UNREADABLE


class HistoryLocked(HistoryError):
    code = ProblemCode.HISTORY_LOCKED


class HistoryReadOnly(HistoryError):
    code = ProblemCode.HISTORY_READ_ONLY


class HistoryTooNew(HistoryError):
    code = ProblemCode.HISTORY_TOO_NEW


class HistoryEmptied(HistoryError):
    code = ProblemCode.HISTORY_EMPTIED


class KeychainUnavailable(ReelDeskError):
    code = ProblemCode.KEYCHAIN_UNAVAILABLE


class KeychainTimeout(KeychainUnavailable):
    code = ProblemCode.KEYCHAIN_TIMEOUT


class AlreadyRunning(ReelDeskError):
    code = ProblemCode.ALREADY_RUNNING


class NotReelDeskFile(ReelDeskError):
    """A file given to restore settings from holds none (no ReelDesk tags, no sidecar).
    ``name`` is the file's name."""

    code = ProblemCode.NOT_REELDESK_FILE


class ExportError(ReelDeskError):
    """An export could not be written; ``path`` names the folder. Whatever was written is
    removed again (``app.export``)."""

    code = ProblemCode.EXPORT


class ExportFolderTaken(ExportError):
    code = ProblemCode.EXPORT_FOLDER_TAKEN


class NothingToExport(ExportError):
    code = ProblemCode.NOTHING_TO_EXPORT


def all_error_types() -> list[type[ReelDeskError]]:
    """Every class of the tree, base first."""
    found: list[type[ReelDeskError]] = [ReelDeskError]
    for kind in found:
        found.extend(kind.__subclasses__())
    return found
