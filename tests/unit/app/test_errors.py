from __future__ import annotations

import email.utils
import time

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import errors
from app.api.client import error_from_response, parse_retry_after
from app.messages import Catalogue, all_keys, missing_translations
from app.plan import PlanError, Where


def response(
    status: int, body: bytes | str, headers: dict[str, str] | None = None
) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return httpx.Response(status, content=content, headers=headers)


def api_body(error_type: str, code: str = "", message: str = "m") -> str:
    import json

    error = {"type": error_type, "message": message}
    if code:
        error["code"] = code
    return json.dumps({"error": error})


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (401, api_body("authentication_error"), errors.AuthenticationFailed),
        (402, api_body("insufficient_quota"), errors.InsufficientQuota),
        (403, "error code: 1010", errors.FirewallBlocked),
        (404, api_body("not_found"), errors.TaskNotFound),
        (400, api_body("invalid_request_error"), errors.RequestRejected),
        (422, api_body("invalid_request_error"), errors.RequestRejected),
        (422, api_body("service_unavailable_error", "model_not_found"), errors.ModelNotEnabled),
        (
            422,
            api_body("service_unavailable_error", "no_compatible_channel"),
            errors.ServiceUnavailable,
        ),
        (
            422,
            api_body("invalid_request_error", "unsupported_advanced_options"),
            errors.UnsupportedOptions,
        ),
        (429, api_body("rate_limit_error"), errors.RateLimited),
        (500, api_body("server_error"), errors.ServiceUnavailable),
        (502, "<html><body>Bad gateway</body></html>", errors.ServiceUnavailable),
        (503, b"\xff\xfe not utf8", errors.ServiceUnavailable),
        (504, "", errors.ServiceUnavailable),
    ],
)
def test_status_and_body_map_onto_the_tree(status: int, body: str, kind: type) -> None:
    error = error_from_response(response(status, body))
    assert type(error) is kind
    assert error.status == status


def test_raw_body_is_kept_for_details_but_not_in_the_headline() -> None:
    error = error_from_response(response(502, "<html>upstream trace 123</html>"))
    assert "upstream trace 123" in error.body
    headline = Catalogue("en").error_message(error)
    assert "<html>" not in headline and "123" not in headline


def test_retry_after_in_seconds_and_as_http_date() -> None:
    assert parse_retry_after("7") == 7
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (parse_retry_after(future) or 0) <= 31
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    error = error_from_response(response(429, api_body("rate_limit_error"), {"Retry-After": "3"}))
    assert isinstance(error, errors.RateLimited) and error.retry_after == 3


@given(st.integers(min_value=400, max_value=599), st.binary(max_size=300), st.text(max_size=40))
def test_any_error_answer_maps_without_raising(status: int, body: bytes, retry_after: str) -> None:
    headers = (
        {"Retry-After": retry_after} if retry_after.isprintable() and retry_after.isascii() else {}
    )
    error = error_from_response(response(status, body, headers))
    assert isinstance(error, errors.ApiError)
    assert Catalogue("zh_CN").explain(error)


#: Arguments for the classes whose constructor needs more than details.
EXAMPLES: dict[type[errors.ReelDeskError], errors.ReelDeskError] = {
    errors.UsageError: errors.UsageError("unrecognized arguments: --frob"),
    errors.MissingCommand: errors.MissingCommand("generate, tasks"),
    errors.UnknownCommand: errors.UnknownCommand("pick", "generate, tasks"),
    errors.InvalidValue: errors.InvalidValue("prompt", "reason.blank"),
    errors.InvalidParameter: errors.InvalidParameter("duration", "reason.range", low=1, high=15),
    errors.PictureRejected: errors.PictureRejected(
        "image", "reason.picture_missing", path="/home/me/Pictures/still.png"
    ),
    PlanError: PlanError("duration", "reason.range", where=Where("p.csv", 3), low=1, high=15),
    errors.SettingsError: errors.SettingsError("base_url", "reason.url_plain_http"),
    errors.SettingsNotSaved: errors.SettingsNotSaved("disk full", folder="/home/me/.config"),
    errors.KeyFileError: errors.KeyFileError("denied", path="/home/me/.config/api-key"),
    errors.HomeNotWritable: errors.HomeNotWritable("/media/stick/reeldesk", "read-only"),
    **{
        kind: kind("/home/me/.local/share/ReelDesk/history.sqlite3", "disk I/O error")
        for kind in (
            errors.HistoryError,
            errors.HistoryCorrupt,
            errors.HistoryUnreadable,
            errors.HistoryLocked,
            errors.HistoryReadOnly,
            errors.HistoryEmptied,
        )
    },
    errors.HistoryTooNew: errors.HistoryTooNew(
        "/home/me/.local/share/ReelDesk/history.sqlite3", "version 9", version=9, known=2
    ),
    errors.CertificateRejected: errors.CertificateRejected(
        "proxy.corp: unknown_issuer", host="proxy.corp", reason="unknown_issuer"
    ),
    errors.NotReelDeskFile: errors.NotReelDeskFile("no tags", name="holiday.mp4"),
    errors.ExportError: errors.ExportError("denied", path="/home/me/cut"),
    errors.ExportFolderTaken: errors.ExportFolderTaken("not empty", path="/home/me/cut"),
}


def example(kind: type[errors.ReelDeskError]) -> errors.ReelDeskError:
    return EXAMPLES.get(kind) or kind("details for the log")


@pytest.mark.parametrize("kind", errors.all_error_types(), ids=lambda k: k.__name__)
def test_every_error_has_a_code_and_a_headline_with_a_next_action_in_both_languages(
    kind: type[errors.ReelDeskError],
) -> None:
    assert isinstance(kind.code, errors.ProblemCode)
    assert kind.__name__ in (errors.__doc__ or ""), "the tree in the docstring misses it"
    error = example(kind)
    english, chinese = Catalogue("en"), Catalogue("zh_CN")
    for catalogue in (english, chinese):
        headline, action = catalogue.error_message(error), catalogue.next_action(error)
        assert headline and action and headline != action
        assert "{" not in headline + action and "error." not in headline, (headline, action)
        assert "details for the log" not in headline
    assert chinese.explain(error) != english.explain(error)


@pytest.mark.parametrize("code", list(errors.ProblemCode), ids=str)
def test_every_problem_code_is_in_both_catalogues(code: errors.ProblemCode) -> None:
    for language in ("en", "zh_CN"):
        assert code.message_key not in missing_translations(language)
        assert code.next_action_key not in missing_translations(language)
    assert {code.message_key, code.next_action_key} <= all_keys()
    headline, action = Catalogue("zh_CN").problem(code.value)
    assert headline == Catalogue("zh_CN").text(code.message_key) and action


def test_codes_kept_in_the_history_read_back_and_unknown_ones_do_not_crash() -> None:
    assert (
        Catalogue("en").problem("content_policy")[1]
        == "Edit the prompt or settings and submit again."
    )
    assert Catalogue("en").problem("something-newer") == Catalogue("en").problem("unexpected")
    assert errors.ReplyLost().code == "reply_lost"  # the stored string, unchanged


def test_the_catalogues_have_the_same_keys() -> None:
    assert missing_translations("zh_CN") == frozenset()


def test_unknown_command_names_it_and_lists_the_commands() -> None:
    error = errors.UnknownCommand("pick", "generate, tasks, resume, simulator")
    assert Catalogue("en").explain(error) == (
        "Unknown command “pick”. Commands: generate, tasks, resume, simulator "
        "(see reeldesk --help)."
    )
    assert "pick" in Catalogue("zh_CN").explain(error)


def test_invalid_parameter_message_names_the_field_in_the_users_language() -> None:
    error = errors.InvalidParameter("duration", "reason.range", low=1, high=15)
    assert Catalogue("en").error_message(error) == "Duration: must be between 1 and 15"
    assert Catalogue("zh_CN").error_message(error) == "时长：必须介于 1 和 15 之间"
