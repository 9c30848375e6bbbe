"""The core's message catalogue: every user-facing sentence of ``app/`` in each language.

The window translates its own widgets with Qt; the core's errors, next actions and job notes come
from here, so the CLI and the window say the same thing. Keys are stable; ``Catalogue.text``
falls back to English, then to the key itself.

Where the two front ends are used differently (the window has Preferences and buttons, the
command line has options and commands) a sentence has a variant for the command line, kept
beside it under ``KEY@cli``; a ``Catalogue`` made for the command line picks it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from app.errors import (
    CertificateRejected,
    InvalidValue,
    ProblemCode,
    ReelDeskError,
    SettingsError,
)

LANGUAGES = ("en", "zh_CN")


class Surface(enum.StrEnum):
    """The front end a sentence is read in."""

    WINDOW = "window"
    CLI = "cli"


_EN: dict[str, str] = {
    # errors
    "error.unexpected": "Something unexpected went wrong.",
    "error.invalid_parameter": "{field_label}: {reason}",
    "error.invalid_picture": "{field_label}: {reason}",
    "error.api": "The service answered with an error (HTTP {status}).",
    "error.auth": "The API key was not accepted.",
    "error.quota": "Your FoxAPI balance is too low for this video.",
    "error.firewall": "Blocked by the service's firewall.",
    "error.not_found": "The service does not know this task.",
    "error.rejected": "The service refused these settings.",
    "error.model_not_enabled": "PixVerse V6 is not enabled for this API key.",
    "error.unsupported_options": "The service does not support one of the advanced options now.",
    "error.rate_limited": "Too many requests; the service asked us to slow down.",
    "error.unavailable": "The service is unavailable right now.",
    "error.network": "Could not reach the service.",
    "error.reply_lost": "The request was sent but no answer came back; it may have been charged.",
    "error.gateway_after_post": (
        "A gateway between ReelDesk and the service answered with an error after the request "
        "was sent; the video may have been made and charged."
    ),
    "error.bad_response": "The service sent an answer ReelDesk could not read.",
    "error.certificate": "The server's security certificate was not accepted.",
    "error.certificate_of": "The security certificate of {host} was not accepted: {why}.",
    "error.hook_failed": "The video is saved, but the command after saving failed.",
    "error.not_reeldesk_file": "{name} holds no ReelDesk settings.",
    "cert.expired": "it has expired",
    "cert.not_yet_valid": "it is not valid yet",
    "cert.self_signed": "it is self-signed",
    "cert.unknown_issuer": "it was issued by an authority this computer does not trust",
    "cert.wrong_host": "it was made for another host name",
    "cert.other": "it could not be verified",
    "error.download": "The video could not be downloaded.",
    "error.link_expired": "The video's 24-hour download link has expired.",
    "error.link_refused": (
        "The service gave a link ReelDesk will not open (not https, or an address inside "
        "this computer or network)."
    ),
    "error.storage": "The video could not be saved.",
    "error.disk_full": "The disk is full.",
    "error.folder_not_writable": "The download folder cannot be written to.",
    "error.no_result": "The service finished but never gave a video link.",
    "error.task_failed": "The service could not make this video.",
    "error.content_policy": "The prompt was refused by the content policy.",
    "error.cancelled": "The service cancelled this task.",
    "error.not_sent": (
        "Could not reach the service: this video was not sent, and nothing was charged."
    ),
    "error.already_running": "ReelDesk is already running with this history.",
    "error.export": "The takes could not be exported to {path}; nothing was left there.",
    "error.export_folder_taken": "{path} already exists and is not empty.",
    "error.nothing_to_export": "There is no saved take to export.",
    "error.no_key": "No API key is set up.",
    "error.keychain_unavailable": "The system keychain is not available.",
    "error.keychain_timeout": "The system keychain did not answer in time.",
    "error.usage": "The command was not understood: {reason}.",
    "error.no_command": "A command is needed.",
    "error.unknown_command": "Unknown command “{command}”.",
    "error.invalid_setting": "{field_label}: {reason}",
    "error.settings_not_saved": "The settings could not be saved; the change was not kept.",
    "error.key_file": "The file that holds the API key could not be read or written.",
    "error.home_not_writable": "ReelDesk cannot write to its own folder {path}.",
    "error.history": "The history file {path} could not be used.",
    "error.history_corrupt": "The history file {path} is damaged.",
    "error.history_unreadable": "The history file {path} cannot be read: permission denied.",
    "error.history_locked": "The history file {path} is locked by another program.",
    "error.history_read_only": "The history file {path} is read-only.",
    "error.history_too_new": (
        "The history file {path} was written by a newer ReelDesk (history version {version}; "
        "this ReelDesk knows up to {known})."
    ),
    "error.history_emptied": (
        "The history file {path} is empty, although it held a history before; ReelDesk did "
        "not start a new one over it."
    ),
    # next actions
    "action.retry_later": "Try again in a few minutes.",
    "action.fix_field": "Correct the highlighted value.",
    "action.choose_picture": (
        "Choose a PNG, JPEG or WebP picture of at most 20 MB and 10,000 pixels a side."
    ),
    "action.check_key": "Check the API key in Preferences.",
    "action.top_up": "Top up your FoxAPI balance, then submit again.",
    "action.check_base_url": "Check the service address in Preferences.",
    "action.edit_prompt": "Edit the prompt or settings and submit again.",
    "action.remove_options": "Turn off the advanced options and submit again.",
    "action.check_connection": "Check your internet connection or proxy; ReelDesk will retry.",
    "action.check_before_resubmit": "Check your balance before submitting again.",
    "action.retry_download": "ReelDesk will retry the download.",
    "action.report_link": (
        "Nothing was downloaded. Check the service address in Preferences, and tell the "
        "service if it is right."
    ),
    "action.submit_again": "Submit again to make a new video (costs credits).",
    "action.send_when_online": "Check your internet connection or proxy, then use Submit again.",
    "action.check_folder": "Choose another download folder in Preferences.",
    "action.free_space": "Free some disk space; the download resumes where it stopped.",
    "action.close_other": "Close the other ReelDesk window or command first.",
    "action.check_export_folder": (
        "Check that the disk has free space and that the folder can be written to."
    ),
    "action.choose_empty_folder": "Choose a new or empty folder; nothing was written.",
    "action.pick_takes": "Pick or select saved takes whose files are still there.",
    "action.add_key": (
        "Add a key in Preferences, set REELDESK_API_KEY, or use demo mode (--demo)."
    ),
    "action.use_key_file": "Keep the key in a private file instead (only if you agree).",
    "action.unlock_keychain": "Unlock the keychain and try again.",
    "action.see_help": "See reeldesk --help.",
    "action.choose_command": "Commands: {commands} (see reeldesk --help).",
    "action.fix_setting": "Correct it in Preferences.",
    "action.trust_certificate": (
        "If your network inspects HTTPS (a company proxy), install its CA certificate in the "
        "system, or choose the CA file in Preferences."
    ),
    "action.certificate_dates": (
        "Check this computer's date and time; if it is right, the server's certificate must be "
        "renewed by whoever runs it."
    ),
    "action.certificate_host": (
        "Check the service address in Preferences; a proxy in between may be presenting its own "
        "certificate."
    ),
    "action.check_hook": (
        "Check the command after saving in Preferences; the log has what it printed."
    ),
    "action.drop_reeldesk_file": "Drop a video saved by ReelDesk, or the .json file beside it.",
    "action.check_config_folder": (
        "Check that the disk has free space and that {folder} can be written to."
    ),
    "action.check_key_file": (
        "Check the permissions of {path}, or keep the key in the system keychain."
    ),
    # the same next actions, as the command line does them
    "action.fix_field@cli": "Correct the option (see reeldesk generate --help).",
    "action.choose_picture@cli": (
        "Give --image (and --tail-image) a PNG, JPEG or WebP picture of at most 20 MB and "
        "10,000 pixels a side; nothing was uploaded or sent."
    ),
    "action.check_key@cli": "Check the key in REELDESK_API_KEY, or the key the window stored.",
    "action.top_up@cli": "Top up your FoxAPI balance, then run reeldesk generate again.",
    "action.check_base_url@cli": "Check the service address (--base-url or REELDESK_BASE_URL).",
    "action.edit_prompt@cli": "Edit the prompt or options and run reeldesk generate again.",
    "action.remove_options@cli": (
        "Leave out --style, --multi-clip and --thinking, and run reeldesk generate again."
    ),
    "action.retry_download@cli": "Run reeldesk resume to try the download again.",
    "action.report_link@cli": (
        "Nothing was downloaded. Check the service address (--base-url or "
        "REELDESK_BASE_URL), and tell the service if it is right."
    ),
    "action.submit_again@cli": ("Run reeldesk generate again to make a new video (costs credits)."),
    "action.send_when_online@cli": (
        "Check your internet connection or proxy, then run reeldesk generate again."
    ),
    "action.check_folder@cli": (
        "Make the folder writable and run reeldesk resume, or save new videos elsewhere "
        "with --out DIR."
    ),
    "action.free_space@cli": (
        "Free some disk space, then run reeldesk resume: the download goes on where it "
        "stopped. New videos can go elsewhere with --out DIR."
    ),
    "action.add_key@cli": "Set REELDESK_API_KEY, or use demo mode (--demo).",
    "action.trust_certificate@cli": (
        "If your network inspects HTTPS (a company proxy), install its CA certificate in the "
        "system, or name the CA file in REELDESK_CA_BUNDLE."
    ),
    "action.certificate_host@cli": (
        "Check the service address (--base-url or REELDESK_BASE_URL); a proxy in between may "
        "be presenting its own certificate."
    ),
    "action.check_hook@cli": (
        "Check the command after saving (save_hook in the settings file); the log has its output."
    ),
    "action.fix_setting@cli": "Correct --base-url or REELDESK_BASE_URL.",
    "action.check_config_folder@cli": (
        "Check that the disk has free space and that {folder} can be written to, or set "
        "REELDESK_HOME to another folder."
    ),
    "action.check_home": (
        "Check that the folder exists and that you can write to it, or set REELDESK_HOME "
        "to a folder you own."
    ),
    "action.check_history_disk": (
        "Check that the disk has free space and works; reeldesk repair --check says more."
    ),
    "action.repair_history": (
        "Restore a backup or rebuild the history from the videos: reeldesk repair "
        "(or Help ▸ Repair history in the window). The damaged file is kept."
    ),
    "action.check_history_permissions": (
        "Give your user read and write permission on the file and its folder (or start "
        "ReelDesk as the user who owns it)."
    ),
    "action.close_history_program": (
        "Close the other program using it (a database browser, a sync or backup tool), "
        "then try again."
    ),
    "action.make_history_writable": (
        "Make the file and its folder writable for your user, or set REELDESK_HOME to a "
        "folder you can write to."
    ),
    "action.update_or_restore": (
        "Use the newer ReelDesk, or restore an older backup with reeldesk repair --restore "
        "(the newer file is kept)."
    ),
    "action.restore_history": (
        "Restore the latest backup (reeldesk repair --restore) or rebuild the history from "
        "the videos (reeldesk repair --rebuild); nothing has been changed yet."
    ),
    # reasons for invalid parameters
    "reason.blank": "must not be empty",
    "reason.too_long": "must be at most {limit} characters",
    "reason.choice": "{value!r} is not one of the allowed values",
    "reason.integer": "must be a whole number",
    "reason.range": "must be between {low} and {high}",
    "reason.boolean": "must be on or off",
    "reason.text": "must be text",
    "reason.object": "is not a saved request",
    "reason.json_object": "must be a JSON object",
    "reason.positive_integer": "must be a positive whole number",
    "reason.url_address": "must be an address such as https://api.foxapi.cc",
    "reason.url_scheme": "must start with https:// and name a host",
    "reason.url_plain_http": "plain http:// is only allowed for this computer",
    "reason.url_extras": "must not carry a query, fragment or user name",
    "reason.proxy_address": "a custom proxy needs an address",
    "reason.proxy_scheme": "must be http://, https:// or socks5://host:port",
    "reason.proxy_port": "must name a port, e.g. :8080",
    "reason.proxy_port_number": "the port is not a number",
    "reason.unmatched_brace": "has an unmatched brace",
    "reason.unknown_field": "unknown field {{{name}}}",
    "reason.needs_unique_field": "needs {{task}}, {{prompt}} or {{time}}",
    "reason.folder_separator": "may only use / for a {{project}} folder",
    "reason.windows_path": (
        "{value} is a Windows path; on this computer a folder looks like /home/you/Videos"
    ),
    "reason.not_a_folder": "{path} is a file, not a folder",
    "reason.not_writable": "{path} cannot be written to",
    "reason.no_backups": "there are no backups of the history yet",
    "reason.no_backup": "there is no backup called {value} (see reeldesk repair --list-backups)",
    "reason.backup_damaged": "{value} is damaged and cannot be restored; choose another",
    "reason.picture_missing": "{path} does not exist",
    "reason.picture_unreadable": "{path} cannot be read",
    "reason.not_a_picture": "{path} is not a PNG, JPEG or WebP picture, or it is damaged",
    "reason.picture_too_large": "{path} is {megabytes} MB; a picture may be at most {limit} MB",
    "reason.picture_too_many_pixels": (
        "{path} is {width} × {height} pixels; each side may be at most {limit:,} pixels"
    ),
    "reason.not_uploaded": "has not been uploaded yet",
    "reason.no_last_frame": "{path} has no frame that can be read",
    "reason.cannot_continue": "{value} is not a saved take whose video is still there",
    "reason.not_for_mode": "is not taken by {model}",
    "reason.ca_file": "{path} could not be read as CA certificates ({why})",
    "reason.hook_syntax": "cannot be split into words: {why}",
    "reason.hook_placeholder": (
        "unknown placeholder {{{name}}}; use {{path}}, {{task_id}}, {{prompt}} or {{project}}"
    ),
    "reason.unknown_task": "no job has a task id that is or ends with “{value}”",
    "reason.ambiguous_task": "“{value}” ends {count} task ids; give more of it",
    "reason.not_reviewable": "{value} is not saved yet; only saved takes can be rated or flagged",
    "reason.control_characters": "must not contain control characters",
    "reason.not_trimmed": "must be written without extra spaces",
    "reason.unknown_parameter": "“{name}” is not a parameter ReelDesk knows",
    "reason.csv_header": "the first line must name the columns (prompt, aspect_ratio, …)",
    "reason.csv_needs_prompt": "needs a “prompt” column",
    "reason.csv_extra_cells": "has more cells than the header's {count} columns",
    "reason.not_utf8": "is not UTF-8 text",
    "reason.unreadable": "cannot be read ({why})",
    "reason.too_many_jobs": "{count} jobs is more than one batch may hold ({limit})",
    "reason.credits": "must be a number of credits, 0 or more",
    "reason.date": "{value!r} is not a date written YYYY-MM-DD",
    # field names
    "field.prompt": "Prompt",
    "field.negative_prompt": "Negative prompt",
    "field.aspect_ratio": "Aspect ratio",
    "field.resolution": "Resolution",
    "field.duration": "Duration",
    "field.generate_audio": "Audio",
    "field.style": "Style",
    "field.seed": "Seed",
    "field.generate_multi_clip": "Multi-clip",
    "field.thinking_type": "Prompt optimisation",
    "field.count": "Variations",
    "field.request": "Request",
    "field.backup": "Backup",
    "field.folder": "Folder",
    "field.image": "First frame",
    "field.image_tail": "Last frame",
    "field.rating": "Stars",
    "field.flag": "Flag",
    "field.project": "Project",
    "field.task": "Task",
    "field.jobs": "Batch",
    "plan.where": "{where}: ",
    "plan.line": "line {line}",
    "plan.column": "column {column}",
    "plan.list_gap": ", ",
    # settings names
    "setting.base_url": "Service address",
    "setting.current_project": "Current project",
    "setting.demo_mode": "Demo mode",
    "setting.first_run_done": "Welcome answered",
    "setting.key_storage": "Key storage",
    "setting.proxy_mode": "Proxy",
    "setting.proxy_url": "Proxy address",
    "setting.download_dir": "Download folder",
    "setting.filename_template": "File name",
    "setting.remember_last": "Remember the last values",
    "setting.defaults": "Form defaults",
    "setting.max_in_flight": "Submissions at once",
    "setting.notifications": "Notifications",
    "setting.ca_bundle": "Extra CA certificates",
    "setting.save_hook": "Command after saving",
    "setting.language": "Language",
    "setting.theme": "Theme",
    "setting.window_state": "Window layout",
    "setting.price_table": "Price table",
    "setting.confirm_above": "Confirm batches above",
    "setting.daily_limit": "Daily limit",
    # the estimate and the budget guard (app/estimate.py)
    "estimate.credits": "≈ {credits} credits",
    "estimate.unknown": "cost unknown",
    "estimate.demo": "Demo: free",
    "budget.unknown": (
        "The cost of this batch is unknown, so it cannot be kept under the budget of {budget} "
        "credits; nothing was sent. Fill in the price table in Preferences, or make one video "
        "first so that ReelDesk learns the price."
    ),
    "budget.over": (
        "This batch would cost about {credits} credits, more than the budget of {budget}; "
        "nothing was sent."
    ),
    "budget.daily_unknown": (
        "The cost of this batch is unknown and a daily limit of {limit} credits is set; "
        "nothing was sent. Fill in the price table in Preferences."
    ),
    "budget.daily_over": (
        "This batch (about {credits} credits) would take today's spending ({spent} so far) "
        "over the daily limit of {limit}; nothing was sent."
    ),
    "budget.balance_over": (
        "This batch would cost about {credits} credits, more than the {balance} left on your "
        "balance; nothing was sent. Top up first."
    ),
    "setting.settings": "Settings file",
    "setting.schema_version": "Settings version",
    # job states and notes
    "status.draft": "Draft",
    "status.queued": "Queued, not sent",
    "status.submitting": "Submitting…",
    "status.pending": "Waiting at the service",
    "status.processing": "Generating",
    "status.completed": "Finished",
    "status.downloading": "Saving",
    "status.saved": "Saved",
    "status.failed": "Failed",
    "status.unknown": "Unknown – may be charged",
    "status.expired": "Link expired",
    "status.stopped": "Stopped",
    "note.offline": "Offline, will retry",
    "note.waiting_for_link": "Finished, waiting for the link",
    "note.stopped": "Stopped tracking. The credits were spent anyway.",
    "note.stopped_while_submitting": (
        "ReelDesk stopped while this job was being submitted; it may have been charged, "
        "and is not sent again."
    ),
    "note.demo": "Demo – offline simulator, no cost",
    # the send queue (app/engine/queue.py)
    "queue.paused": "Queue paused — {n} waiting",
    "queue.paused_quota": (
        "Queue paused: the FoxAPI balance is too low — {n} waiting, not sent. Top up, then "
        "resume the queue."
    ),
    "queue.running": "Queue running — {n} waiting",
    "note.held_back": "Queued, not sent: the service asked to slow down",
    "note.uploading": "Uploading its pictures, not sent yet",
    "punctuation.full_stop": ".",
    "punctuation.sentence_gap": " ",
    # how a job reads (app/present.py)
    "unit.seconds": "{n}s",
    "credits.demo": "Demo",
    "flag.picked": "Picked",
    "flag.rejected": "Rejected",
    "flag.none": "Not flagged",
    "project.none": "No project",
    "idea.take": "1 take",
    "idea.takes": "{n} takes",
    "idea.saved": "{n} saved",
    "idea.failed": "{n} failed",
    "idea.running": "{n} running",
    "idea.picked": "{n} picked",
    "idea.credits": "{credits} credits",
    "style.anime": "Anime",
    "style.3d_animation": "3D animation",
    "style.clay": "Clay",
    "style.comic": "Comic",
    "style.cyberpunk": "Cyberpunk",
    "thinking.auto": "automatic",
    "thinking.enabled": "always rewrite",
    "thinking.disabled": "off",
    "params.multi_clip": "multi-clip",
    "params.one_clip": "one clip",
    "params.thinking": "optimisation: {kind}",
    "params.avoid": "avoid: {text}",
    "mode.text": "from text",
    "mode.image": "from a picture",
    "mode.transition": "between two pictures",
}

_ZH: dict[str, str] = {
    "error.unexpected": "发生了意外错误。",
    "error.invalid_parameter": "{field_label}：{reason}",
    "error.invalid_picture": "{field_label}：{reason}",
    "error.api": "服务返回错误（HTTP {status}）。",
    "error.auth": "API 密钥未被接受。",
    "error.quota": "FoxAPI 余额不足，无法生成此视频。",
    "error.firewall": "被服务的防火墙拦截。",
    "error.not_found": "服务找不到此任务。",
    "error.rejected": "服务拒绝了这些设置。",
    "error.model_not_enabled": "此 API 密钥未开通 PixVerse V6。",
    "error.unsupported_options": "服务当前不支持其中一项高级选项。",
    "error.rate_limited": "请求过多，服务要求放慢速度。",
    "error.unavailable": "服务暂时不可用。",
    "error.network": "无法连接到服务。",
    "error.reply_lost": "请求已发送但没有收到回复，可能已经扣费。",
    "error.gateway_after_post": (
        "请求发送后，ReelDesk 与服务之间的网关返回了错误；视频可能已经生成并扣费。"
    ),
    "error.bad_response": "服务返回了 ReelDesk 无法读取的内容。",
    "error.certificate": "服务器的安全证书未被接受。",
    "error.certificate_of": "{host} 的安全证书未被接受：{why}。",
    "error.hook_failed": "视频已保存，但保存后运行的命令失败了。",
    "error.not_reeldesk_file": "{name} 中没有 ReelDesk 的设置。",
    "cert.expired": "证书已过期",
    "cert.not_yet_valid": "证书尚未生效",
    "cert.self_signed": "证书是自签名的",
    "cert.unknown_issuer": "证书由本机不信任的机构签发",
    "cert.wrong_host": "证书是为其他主机名签发的",
    "cert.other": "证书无法验证",
    "error.download": "无法下载视频。",
    "error.link_expired": "视频的 24 小时下载链接已过期。",
    "error.link_refused": (
        "服务给出的链接 ReelDesk 不会打开（不是 https，或指向本机或内部网络的地址）。"
    ),
    "error.storage": "无法保存视频。",
    "error.disk_full": "磁盘已满。",
    "error.folder_not_writable": "无法写入下载文件夹。",
    "error.no_result": "服务已完成，但始终没有给出视频链接。",
    "error.task_failed": "服务无法生成此视频。",
    "error.content_policy": "提示词被内容政策拒绝。",
    "error.cancelled": "服务取消了此任务。",
    "error.not_sent": "无法连接到服务：此视频未被发送，也未扣费。",
    "error.already_running": "ReelDesk 已在使用此历史记录运行。",
    "error.export": "无法将视频导出到 {path}；该处没有留下任何文件。",
    "error.export_folder_taken": "{path} 已存在且不是空文件夹。",
    "error.nothing_to_export": "没有可导出的已保存视频。",
    "error.no_key": "尚未设置 API 密钥。",
    "error.keychain_unavailable": "系统钥匙串不可用。",
    "error.keychain_timeout": "系统钥匙串未及时响应。",
    "error.usage": "无法理解该命令：{reason}。",
    "error.no_command": "需要指定一个命令。",
    "error.unknown_command": "未知命令“{command}”。",
    "error.invalid_setting": "{field_label}：{reason}",
    "error.settings_not_saved": "无法保存设置；此次更改未被保留。",
    "error.key_file": "无法读取或写入保存 API 密钥的文件。",
    "error.home_not_writable": "ReelDesk 无法写入它自己的文件夹 {path}。",
    "error.history": "无法使用历史记录文件 {path}。",
    "error.history_corrupt": "历史记录文件 {path} 已损坏。",
    "error.history_unreadable": "无法读取历史记录文件 {path}：权限不足。",
    "error.history_locked": "历史记录文件 {path} 被另一个程序锁定。",
    "error.history_read_only": "历史记录文件 {path} 是只读的。",
    "error.history_too_new": (
        "历史记录文件 {path} 由更新版本的 ReelDesk 写入（历史版本 {version}；"
        "此 ReelDesk 最高支持 {known}）。"
    ),
    "error.history_emptied": (
        "历史记录文件 {path} 是空的，但它之前保存过历史记录；ReelDesk 没有用新的历史记录覆盖它。"
    ),
    "action.retry_later": "请几分钟后再试。",
    "action.fix_field": "请更正标出的值。",
    "action.choose_picture": (
        "请选择不超过 20 MB、每边不超过 10,000 像素的 PNG、JPEG 或 WebP 图片。"
    ),
    "action.check_key": "请在“首选项”中检查 API 密钥。",
    "action.top_up": "请为 FoxAPI 充值，然后重新提交。",
    "action.check_base_url": "请在“首选项”中检查服务地址。",
    "action.edit_prompt": "请修改提示词或设置后重新提交。",
    "action.remove_options": "请关闭高级选项后重新提交。",
    "action.check_connection": "请检查网络连接或代理；ReelDesk 会自动重试。",
    "action.check_before_resubmit": "重新提交前请先查看余额。",
    "action.retry_download": "ReelDesk 会重试下载。",
    "action.report_link": (
        "未下载任何内容。请在“首选项”中检查服务地址；如果地址无误，请告知服务方。"
    ),
    "action.submit_again": "重新提交以生成新视频（会再次扣费）。",
    "action.send_when_online": "请检查网络连接或代理，然后使用“重新提交”。",
    "action.check_folder": "请在“首选项”中选择其他下载文件夹。",
    "action.free_space": "请释放磁盘空间；下载会从中断处继续。",
    "action.close_other": "请先关闭另一个 ReelDesk 窗口或命令。",
    "action.check_export_folder": "请检查磁盘是否有剩余空间，以及该文件夹是否可写入。",
    "action.choose_empty_folder": "请选择一个新的或空的文件夹；未写入任何内容。",
    "action.pick_takes": "请先选中或标记文件仍在的已保存视频。",
    "action.add_key": "请在“首选项”中添加密钥、设置 REELDESK_API_KEY，或使用演示模式（--demo）。",
    "action.use_key_file": "改为将密钥保存在私有文件中（需您同意）。",
    "action.unlock_keychain": "请解锁钥匙串后重试。",
    "action.see_help": "请查看 reeldesk --help。",
    "action.choose_command": "可用命令：{commands}（参见 reeldesk --help）。",
    "action.fix_setting": "请在“首选项”中更正。",
    "action.trust_certificate": (
        "如果你的网络会检查 HTTPS（例如公司代理），请把它的 CA 证书安装到系统中，"
        "或在“首选项”中选择该 CA 文件。"
    ),
    "action.certificate_dates": "请检查本机的日期和时间；如果无误，则需由服务器的管理者更新证书。",
    "action.certificate_host": "请在“首选项”中检查服务地址；中间的代理可能出示了它自己的证书。",
    "action.check_hook": "请在“首选项”中检查保存后运行的命令；日志中有它的输出。",
    "action.drop_reeldesk_file": "请拖入由 ReelDesk 保存的视频，或它旁边的 .json 文件。",
    "action.check_config_folder": "请检查磁盘是否还有空间，以及 {folder} 是否可写。",
    "action.check_key_file": "请检查 {path} 的权限，或将密钥保存在系统钥匙串中。",
    "action.fix_field@cli": "请更正该选项（参见 reeldesk generate --help）。",
    "action.choose_picture@cli": (
        "请为 --image（和 --tail-image）提供不超过 20 MB、每边不超过 10,000 像素的 PNG、JPEG "
        "或 WebP 图片；未上传也未发送任何内容。"
    ),
    "action.check_key@cli": "请检查 REELDESK_API_KEY 中的密钥，或窗口保存的密钥。",
    "action.top_up@cli": "请为 FoxAPI 充值，然后重新运行 reeldesk generate。",
    "action.check_base_url@cli": "请检查服务地址（--base-url 或 REELDESK_BASE_URL）。",
    "action.edit_prompt@cli": "请修改提示词或选项，然后重新运行 reeldesk generate。",
    "action.remove_options@cli": (
        "请去掉 --style、--multi-clip 和 --thinking，然后重新运行 reeldesk generate。"
    ),
    "action.retry_download@cli": "请运行 reeldesk resume 重试下载。",
    "action.report_link@cli": (
        "未下载任何内容。请检查服务地址（--base-url 或 REELDESK_BASE_URL）；"
        "如果地址无误，请告知服务方。"
    ),
    "action.submit_again@cli": "重新运行 reeldesk generate 以生成新视频（会再次扣费）。",
    "action.send_when_online@cli": "请检查网络连接或代理，然后重新运行 reeldesk generate。",
    "action.check_folder@cli": (
        "请让该文件夹可写后运行 reeldesk resume，或用 --out DIR 将新视频保存到其他位置。"
    ),
    "action.free_space@cli": (
        "请释放磁盘空间，然后运行 reeldesk resume：下载会从中断处继续。"
        "新视频可用 --out DIR 保存到其他位置。"
    ),
    "action.add_key@cli": "请设置 REELDESK_API_KEY，或使用演示模式（--demo）。",
    "action.trust_certificate@cli": (
        "如果你的网络会检查 HTTPS（例如公司代理），请把它的 CA 证书安装到系统中，"
        "或用 REELDESK_CA_BUNDLE 指定该 CA 文件。"
    ),
    "action.certificate_host@cli": (
        "请检查服务地址（--base-url 或 REELDESK_BASE_URL）；中间的代理可能出示了它自己的证书。"
    ),
    "action.check_hook@cli": "请检查保存后运行的命令（设置文件中的 save_hook）；日志中有它的输出。",
    "action.fix_setting@cli": "请更正 --base-url 或 REELDESK_BASE_URL。",
    "action.check_config_folder@cli": (
        "请检查磁盘是否还有空间，以及 {folder} 是否可写，或将 REELDESK_HOME 设为其他文件夹。"
    ),
    "action.check_home": (
        "请确认该文件夹存在且您有写入权限，或将 REELDESK_HOME 设为您自己的文件夹。"
    ),
    "action.check_history_disk": (
        "请检查磁盘是否还有空间且工作正常；reeldesk repair --check 会给出更多信息。"
    ),
    "action.repair_history": (
        "请恢复备份，或根据视频重建历史记录：reeldesk repair"
        "（或在窗口中选择“帮助 ▸ 修复历史记录”）。损坏的文件会被保留。"
    ),
    "action.check_history_permissions": (
        "请为您的用户授予该文件及其文件夹的读写权限（或以文件所有者的身份启动 ReelDesk）。"
    ),
    "action.close_history_program": (
        "请关闭正在使用它的其他程序（数据库浏览器、同步或备份工具），然后重试。"
    ),
    "action.make_history_writable": (
        "请让该文件及其文件夹对您的用户可写，或将 REELDESK_HOME 设为您可以写入的文件夹。"
    ),
    "action.update_or_restore": (
        "请使用更新版本的 ReelDesk，或用 reeldesk repair --restore 恢复较早的备份"
        "（较新的文件会被保留）。"
    ),
    "action.restore_history": (
        "请恢复最近的备份（reeldesk repair --restore），或根据视频重建历史记录"
        "（reeldesk repair --rebuild）；目前尚未做任何更改。"
    ),
    "reason.blank": "不能为空",
    "reason.too_long": "最多 {limit} 个字符",
    "reason.choice": "{value!r} 不是允许的值",
    "reason.integer": "必须是整数",
    "reason.range": "必须介于 {low} 和 {high} 之间",
    "reason.boolean": "必须为开或关",
    "reason.text": "必须是文本",
    "reason.object": "不是已保存的请求",
    "reason.json_object": "必须是 JSON 对象",
    "reason.positive_integer": "必须是正整数",
    "reason.url_address": "必须是类似 https://api.foxapi.cc 的地址",
    "reason.url_scheme": "必须以 https:// 开头并包含主机名",
    "reason.url_plain_http": "只有本机地址可以使用 http://",
    "reason.url_extras": "不能包含查询参数、片段或用户名",
    "reason.proxy_address": "自定义代理需要一个地址",
    "reason.proxy_scheme": "必须是 http://、https:// 或 socks5://主机:端口",
    "reason.proxy_port": "必须指定端口，例如 :8080",
    "reason.proxy_port_number": "端口不是数字",
    "reason.unmatched_brace": "有未配对的花括号",
    "reason.unknown_field": "未知字段 {{{name}}}",
    "reason.needs_unique_field": "需要包含 {{task}}、{{prompt}} 或 {{time}}",
    "reason.folder_separator": "只能用 / 分隔 {{project}} 文件夹",
    "reason.windows_path": "{value} 是 Windows 路径；在这台电脑上，文件夹形如 /home/you/Videos",
    "reason.not_a_folder": "{path} 是文件，不是文件夹",
    "reason.not_writable": "无法写入 {path}",
    "reason.no_backups": "历史记录还没有任何备份",
    "reason.no_backup": "没有名为 {value} 的备份（参见 reeldesk repair --list-backups）",
    "reason.backup_damaged": "{value} 已损坏，无法恢复；请选择其他备份",
    "reason.picture_missing": "{path} 不存在",
    "reason.picture_unreadable": "无法读取 {path}",
    "reason.not_a_picture": "{path} 不是 PNG、JPEG 或 WebP 图片，或已损坏",
    "reason.picture_too_large": "{path} 有 {megabytes} MB；图片最大 {limit} MB",
    "reason.picture_too_many_pixels": "{path} 为 {width} × {height} 像素；每边最多 {limit:,} 像素",
    "reason.not_uploaded": "尚未上传",
    "reason.no_last_frame": "{path} 中没有可读取的画面",
    "reason.cannot_continue": "{value} 不是视频文件仍在原处的已保存镜头",
    "reason.not_for_mode": "{model} 不接受此项",
    "reason.ca_file": "无法将 {path} 读取为 CA 证书（{why}）",
    "reason.hook_syntax": "无法拆分为参数：{why}",
    "reason.hook_placeholder": (
        "未知占位符 {{{name}}}；可用 {{path}}、{{task_id}}、{{prompt}} 或 {{project}}"
    ),
    "reason.unknown_task": "没有任务 ID 等于或以“{value}”结尾的任务",
    "reason.ambiguous_task": "有 {count} 个任务 ID 以“{value}”结尾，请写得更完整",
    "reason.not_reviewable": "{value} 尚未保存；只有已保存的视频可以评分或标记",
    "reason.control_characters": "不能包含控制字符",
    "reason.not_trimmed": "不能包含多余的空格",
    "reason.unknown_parameter": "“{name}”不是 ReelDesk 认识的参数",
    "reason.csv_header": "第一行必须写明各列的名称（prompt、aspect_ratio 等）",
    "reason.csv_needs_prompt": "需要一个“prompt”列",
    "reason.csv_extra_cells": "单元格比表头的 {count} 列还多",
    "reason.not_utf8": "不是 UTF-8 文本",
    "reason.unreadable": "无法读取（{why}）",
    "reason.too_many_jobs": "{count} 个任务超过了一批的上限（{limit}）",
    "reason.credits": "必须是不小于 0 的积分数",
    "reason.date": "{value!r} 不是 YYYY-MM-DD 格式的日期",
    "field.prompt": "提示词",
    "field.negative_prompt": "反向提示词",
    "field.aspect_ratio": "画面比例",
    "field.resolution": "分辨率",
    "field.duration": "时长",
    "field.generate_audio": "音频",
    "field.style": "风格",
    "field.seed": "种子",
    "field.generate_multi_clip": "多镜头",
    "field.thinking_type": "提示词优化",
    "field.count": "变体数量",
    "field.request": "请求",
    "field.backup": "备份",
    "field.folder": "文件夹",
    "field.image": "首帧",
    "field.image_tail": "尾帧",
    "field.rating": "星级",
    "field.flag": "标记",
    "field.project": "项目",
    "field.task": "任务",
    "field.jobs": "批次",
    "plan.where": "{where}：",
    "plan.line": "第 {line} 行",
    "plan.column": "{column} 列",
    "plan.list_gap": "，",
    "setting.base_url": "服务地址",
    "setting.current_project": "当前项目",
    "setting.demo_mode": "演示模式",
    "setting.first_run_done": "欢迎向导已完成",
    "setting.key_storage": "密钥存储位置",
    "setting.proxy_mode": "代理",
    "setting.proxy_url": "代理地址",
    "setting.download_dir": "下载文件夹",
    "setting.filename_template": "文件名",
    "setting.remember_last": "记住上次的值",
    "setting.defaults": "表单默认值",
    "setting.max_in_flight": "同时提交数",
    "setting.notifications": "通知",
    "setting.ca_bundle": "额外的 CA 证书",
    "setting.save_hook": "保存后运行的命令",
    "setting.language": "语言",
    "setting.theme": "主题",
    "setting.window_state": "窗口布局",
    "setting.price_table": "价格表",
    "setting.confirm_above": "批次超过此积分时确认",
    "setting.daily_limit": "每日上限",
    "estimate.credits": "≈ {credits} 积分",
    "estimate.unknown": "费用未知",
    "estimate.demo": "演示：免费",
    "budget.unknown": (
        "这批视频的费用未知，无法保证不超过 {budget} 积分的预算；未发送任何内容。"
        "请在偏好设置中填写价格表，或先生成一个视频让 ReelDesk 了解价格。"
    ),
    "budget.over": "这批视频约需 {credits} 积分，超过了 {budget} 的预算；未发送任何内容。",
    "budget.daily_unknown": (
        "这批视频的费用未知，而每日上限设为 {limit} 积分；未发送任何内容。"
        "请在偏好设置中填写价格表。"
    ),
    "budget.daily_over": (
        "这批视频（约 {credits} 积分）会让今天的花费（已用 {spent}）超过每日上限 {limit}；"
        "未发送任何内容。"
    ),
    "budget.balance_over": (
        "这批视频约需 {credits} 积分，超过了余额剩下的 {balance}；未发送任何内容。请先充值。"
    ),
    "setting.settings": "设置文件",
    "setting.schema_version": "设置版本",
    "status.draft": "草稿",
    "status.queued": "排队中，未发送",
    "status.submitting": "提交中…",
    "status.pending": "服务端等待中",
    "status.processing": "生成中",
    "status.completed": "已完成",
    "status.downloading": "保存中",
    "status.saved": "已保存",
    "status.failed": "失败",
    "status.unknown": "状态未知 – 可能已扣费",
    "status.expired": "链接已过期",
    "status.stopped": "已停止",
    "note.offline": "离线，稍后重试",
    "note.waiting_for_link": "已完成，正在等待链接",
    "note.stopped": "已停止跟踪。积分仍然已被扣除。",
    "note.stopped_while_submitting": (
        "提交此任务时 ReelDesk 停止了运行；可能已经扣费，不会再次发送。"
    ),
    "note.demo": "演示 – 离线模拟器，不产生费用",
    "queue.paused": "队列已暂停 — {n} 个等待中",
    "queue.paused_quota": (
        "队列已暂停：FoxAPI 余额不足 — {n} 个等待中，未发送。请充值，然后恢复队列。"
    ),
    "queue.running": "队列运行中 — {n} 个等待中",
    "note.held_back": "排队中，未发送：服务要求放慢速度",
    "note.uploading": "正在上传图片，尚未发送",
    "punctuation.full_stop": "。",
    "punctuation.sentence_gap": "",
    "unit.seconds": "{n}秒",
    "credits.demo": "演示",
    "flag.picked": "已选用",
    "flag.rejected": "已弃用",
    "flag.none": "未标记",
    "project.none": "无项目",
    "idea.take": "1 个视频",
    "idea.takes": "{n} 个视频",
    "idea.saved": "{n} 个已保存",
    "idea.failed": "{n} 个失败",
    "idea.running": "{n} 个进行中",
    "idea.picked": "{n} 个已选用",
    "idea.credits": "{credits} 积分",
    "style.anime": "动漫",
    "style.3d_animation": "3D 动画",
    "style.clay": "黏土",
    "style.comic": "漫画",
    "style.cyberpunk": "赛博朋克",
    "thinking.auto": "自动",
    "thinking.enabled": "始终改写",
    "thinking.disabled": "关闭",
    "params.multi_clip": "多镜头",
    "params.one_clip": "单镜头",
    "params.thinking": "优化：{kind}",
    "params.avoid": "避免：{text}",
    "mode.text": "文生视频",
    "mode.image": "图生视频",
    "mode.transition": "首尾帧过渡",
}

_CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh_CN": _ZH}


_REASONS = frozenset(key.removeprefix("cert.") for key in _EN if key.startswith("cert."))
_CERTIFICATE_ACTIONS = {
    "expired": "action.certificate_dates",
    "not_yet_valid": "action.certificate_dates",
    "wrong_host": "action.certificate_host",
}


def normalise_language(language: str) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_Hans_CN`` … to ``zh_CN``; anything else is English."""
    lowered = language.replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    return "en"


class Catalogue:
    """Sentences in one language, as one front end (``surface``) says them."""

    def __init__(self, language: str = "en", surface: Surface = Surface.WINDOW) -> None:
        self.language = normalise_language(language)
        self.surface = surface
        self._texts = _CATALOGUES[self.language]

    def text(self, key: str, **params: object) -> str:
        keys = [key]
        if self.surface is not Surface.WINDOW:
            keys.insert(0, f"{key}@{self.surface}")
        # An empty text is a text (Chinese runs sentences on with nothing between them).
        template = next((texts[k] for k in keys for texts in (self._texts, _EN) if k in texts), key)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def error_message(self, error: ReelDeskError) -> str:
        """The one-line headline for an error."""
        if isinstance(error, InvalidValue):
            return self.text(
                error.code.message_key,
                field_label=self.field_label(error),
                reason=self.text(error.reason_key, **error.params),
            )
        if isinstance(error, CertificateRejected) and error.host:
            why = self.text(f"cert.{error.reason}") if error.reason in _REASONS else error.reason
            return self.text("error.certificate_of", host=error.host, why=why)
        return self.text(error.code.message_key, **error.params)

    def field_label(self, error: InvalidValue) -> str:
        """The field's name as a person knows it; its internal name when it has no label."""
        key = error.field_key
        if isinstance(error, SettingsError) and error.field.startswith("defaults."):
            key = "field." + error.field.removeprefix("defaults.")  # the form's own labels
        return self.text(key) if key in _EN else error.field

    def next_action(self, error: ReelDeskError) -> str:
        if isinstance(error, CertificateRejected):
            # What helps depends on why: a CA to trust, a clock to set, an address to check.
            key = _CERTIFICATE_ACTIONS.get(error.reason, error.code.next_action_key)
            return self.text(key)
        return self.text(error.code.next_action_key, **error.params)

    def problem(self, code: str, details: str = "") -> tuple[str, str]:
        """Headline and next action for an error code kept in the history, with its details
        where they say more (whose certificate was refused, and why)."""
        known = ProblemCode.parse(code)
        if known is ProblemCode.CERTIFICATE:
            refused = CertificateRejected.from_details(details)
            if refused is not None:
                return self.error_message(refused), self.next_action(refused)
        return self.text(known.message_key), self.text(known.next_action_key)

    def explain(self, error: ReelDeskError) -> str:
        """Headline and next action in one line."""
        headline = self.error_message(error)
        if not headline.endswith((".", "。", "!", "?", "…")):
            headline += self.text("punctuation.full_stop")  # "Field: reason" has none of its own
        return self.sentences(headline, self.next_action(error))

    def sentences(self, *parts: str) -> str:
        """Sentences run on as the language writes them: a space after "." in English,
        nothing after "。" in Chinese."""
        return self.text("punctuation.sentence_gap").join(part for part in parts if part)


def all_keys() -> frozenset[str]:
    return frozenset(_EN)


def missing_translations(language: str) -> frozenset[str]:
    return all_keys() - frozenset(_CATALOGUES[normalise_language(language)])
