"""The one error tree of ReelDesk.

Everything that can go wrong in an expected way is one of these; ``ui/`` and the CLI branch on
the type, never on the message text. httpx exceptions are wrapped at the client boundary.

    ReelDeskError                   message_key + next_action_key, details for the log
    ├── InvalidParameter            a value in the form is not allowed (names the field)
    ├── ApiError                    the service answered with an error (status, raw body)
    │   ├── AuthenticationFailed    401: key missing, wrong or expired
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
    ├── BadResponse                 an answer that is not what the contract says
    ├── DownloadFailed              the CDN file could not be fetched or checked
    │   └── LinkExpired             the 24-hour link ran out (403/404/410 from the CDN)
    ├── StorageError                the disk said no
    │   ├── DiskFull
    │   └── FolderNotWritable
    ├── KeychainUnavailable         no usable OS keychain (or it failed)
    │   └── KeychainTimeout         the keychain did not answer in time (locked?)
    └── AlreadyRunning              another ReelDesk process holds this history
"""

from __future__ import annotations

from typing import ClassVar


class ReelDeskError(Exception):
    """Base of every expected failure. ``message_key`` and ``next_action_key`` index the
    message catalogue (``app.messages``); ``details`` is for the log and the details view."""

    message_key: ClassVar[str] = "error.unexpected"
    next_action_key: ClassVar[str] = "action.retry_later"
    #: Whether retrying the same read later may succeed.
    transient: ClassVar[bool] = False

    def __init__(self, details: str = "", **params: object) -> None:
        super().__init__(details or self.message_key)
        self.details = details
        self.params = params

    @property
    def code(self) -> str:
        """A stable machine-readable name, for the history and ``--json``."""
        return self.message_key.removeprefix("error.")


class InvalidParameter(ReelDeskError):
    message_key = "error.invalid_parameter"
    next_action_key = "action.fix_field"

    def __init__(self, field: str, reason_key: str, **params: object) -> None:
        super().__init__(f"{field}: {reason_key}", field=field, **params)
        self.field = field
        self.reason_key = reason_key


class ApiError(ReelDeskError):
    """The service answered, with an error."""

    message_key = "error.api"

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
    message_key = "error.auth"
    next_action_key = "action.check_key"


class NoApiKey(AuthenticationFailed):
    """No key is configured (nothing was sent)."""

    message_key = "error.no_key"
    next_action_key = "action.add_key"


class InsufficientQuota(ApiError):
    message_key = "error.quota"
    next_action_key = "action.top_up"


class FirewallBlocked(ApiError):
    message_key = "error.firewall"
    next_action_key = "action.retry_later"


class TaskNotFound(ApiError):
    message_key = "error.not_found"
    next_action_key = "action.check_base_url"


class RequestRejected(ApiError):
    message_key = "error.rejected"
    next_action_key = "action.edit_prompt"


class ModelNotEnabled(RequestRejected):
    message_key = "error.model_not_enabled"
    next_action_key = "action.check_key"


class UnsupportedOptions(RequestRejected):
    message_key = "error.unsupported_options"
    next_action_key = "action.remove_options"


class RateLimited(ApiError):
    message_key = "error.rate_limited"
    next_action_key = "action.retry_later"
    transient = True

    def __init__(
        self, details: str = "", *, retry_after: float | None = None, **kw: object
    ) -> None:
        super().__init__(details, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ServiceUnavailable(ApiError):
    message_key = "error.unavailable"
    next_action_key = "action.retry_later"
    transient = True

    def __init__(
        self, details: str = "", *, retry_after: float | None = None, **kw: object
    ) -> None:
        super().__init__(details, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class NetworkError(ReelDeskError):
    message_key = "error.network"
    next_action_key = "action.check_connection"
    transient = True


class ConnectionNotMade(NetworkError):
    message_key = "error.network"


class ReplyLost(NetworkError):
    message_key = "error.reply_lost"
    next_action_key = "action.check_before_resubmit"
    transient = False


class BadResponse(ReelDeskError):
    message_key = "error.bad_response"
    next_action_key = "action.retry_later"
    transient = True

    def __init__(self, details: str = "", *, body: str = "", status: int = 0) -> None:
        super().__init__(details)
        self.body = body
        self.status = status


class DownloadFailed(ReelDeskError):
    message_key = "error.download"
    next_action_key = "action.retry_download"
    transient = True


class LinkExpired(DownloadFailed):
    message_key = "error.link_expired"
    next_action_key = "action.submit_again"
    transient = False


class StorageError(ReelDeskError):
    message_key = "error.storage"
    next_action_key = "action.check_folder"


class DiskFull(StorageError):
    message_key = "error.disk_full"
    next_action_key = "action.free_space"


class FolderNotWritable(StorageError):
    message_key = "error.folder_not_writable"
    next_action_key = "action.check_folder"


class KeychainUnavailable(ReelDeskError):
    message_key = "error.keychain_unavailable"
    next_action_key = "action.use_key_file"


class KeychainTimeout(KeychainUnavailable):
    message_key = "error.keychain_timeout"
    next_action_key = "action.unlock_keychain"


class AlreadyRunning(ReelDeskError):
    message_key = "error.already_running"
    next_action_key = "action.close_other"


def all_error_types() -> list[type[ReelDeskError]]:
    """Every class of the tree, base first."""
    found: list[type[ReelDeskError]] = [ReelDeskError]
    for kind in found:
        found.extend(kind.__subclasses__())
    return found
