"""The core's message catalogue: every user-facing sentence of ``app/`` in each language.

The window translates its own widgets with Qt; the core's errors, next actions and job notes come
from here, so the CLI and the window say the same thing. Keys are stable; ``Catalogue.text``
falls back to English, then to the key itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.errors import InvalidValue, ProblemCode, ReelDeskError, SettingsError

LANGUAGES = ("en", "zh_CN")

_EN: dict[str, str] = {
    # errors
    "error.unexpected": "Something unexpected went wrong.",
    "error.invalid_parameter": "{field_label}: {reason}",
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
    "error.no_key": "No API key is set up.",
    "error.keychain_unavailable": "The system keychain is not available.",
    "error.keychain_timeout": "The system keychain did not answer in time.",
    "error.usage": "The command was not understood: {reason}.",
    "error.no_command": "A command is needed.",
    "error.unknown_command": "Unknown command “{command}”.",
    "error.invalid_setting": "{field_label}: {reason}",
    "error.settings_not_saved": "The settings could not be saved; the change was not kept.",
    "error.key_file": "The file that holds the API key could not be read or written.",
    # next actions
    "action.retry_later": "Try again in a few minutes.",
    "action.fix_field": "Correct the highlighted value.",
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
    "action.add_key": (
        "Add a key in Preferences, set REELDESK_API_KEY, or use demo mode (--demo)."
    ),
    "action.use_key_file": "Keep the key in a private file instead (only if you agree).",
    "action.unlock_keychain": "Unlock the keychain and try again.",
    "action.see_help": "See reeldesk --help.",
    "action.choose_command": "Commands: {commands} (see reeldesk --help).",
    "action.fix_setting": "Correct it in Preferences.",
    "action.check_config_folder": (
        "Check that the disk has free space and that {folder} can be written to."
    ),
    "action.check_key_file": (
        "Check the permissions of {path}, or keep the key in the system keychain."
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
    "reason.folder_separator": "must not contain a folder separator",
    "reason.windows_path": (
        "{value} is a Windows path; on this computer a folder looks like /home/you/Videos"
    ),
    "reason.not_a_folder": "{path} is a file, not a folder",
    "reason.not_writable": "{path} cannot be written to",
    "reason.unknown_task": "no job has a task id that is or ends with “{value}”",
    "reason.ambiguous_task": "“{value}” ends {count} task ids; give more of it",
    "reason.not_reviewable": "{value} is not saved yet; only saved takes can be rated or flagged",
    "reason.control_characters": "must not contain control characters",
    "reason.not_trimmed": "must be written without extra spaces",
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
    "field.rating": "Stars",
    "field.flag": "Flag",
    "field.project": "Project",
    "field.task": "Task",
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
    "setting.language": "Language",
    "setting.theme": "Theme",
    "setting.window_state": "Window layout",
    "setting.settings": "Settings file",
    "setting.schema_version": "Settings version",
    # job states and notes
    "status.draft": "Draft",
    "status.submitting": "Submitting…",
    "status.pending": "Queued",
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
    "punctuation.full_stop": ".",
    "punctuation.sentence_gap": " ",
    # how a job reads (app/present.py)
    "unit.seconds": "{n}s",
    "credits.demo": "Demo",
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
}

_ZH: dict[str, str] = {
    "error.unexpected": "发生了意外错误。",
    "error.invalid_parameter": "{field_label}：{reason}",
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
    "error.no_key": "尚未设置 API 密钥。",
    "error.keychain_unavailable": "系统钥匙串不可用。",
    "error.keychain_timeout": "系统钥匙串未及时响应。",
    "error.usage": "无法理解该命令：{reason}。",
    "error.no_command": "需要指定一个命令。",
    "error.unknown_command": "未知命令“{command}”。",
    "error.invalid_setting": "{field_label}：{reason}",
    "error.settings_not_saved": "无法保存设置；此次更改未被保留。",
    "error.key_file": "无法读取或写入保存 API 密钥的文件。",
    "action.retry_later": "请几分钟后再试。",
    "action.fix_field": "请更正标出的值。",
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
    "action.add_key": "请在“首选项”中添加密钥、设置 REELDESK_API_KEY，或使用演示模式（--demo）。",
    "action.use_key_file": "改为将密钥保存在私有文件中（需您同意）。",
    "action.unlock_keychain": "请解锁钥匙串后重试。",
    "action.see_help": "请查看 reeldesk --help。",
    "action.choose_command": "可用命令：{commands}（参见 reeldesk --help）。",
    "action.fix_setting": "请在“首选项”中更正。",
    "action.check_config_folder": "请检查磁盘是否还有空间，以及 {folder} 是否可写。",
    "action.check_key_file": "请检查 {path} 的权限，或将密钥保存在系统钥匙串中。",
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
    "reason.folder_separator": "不能包含文件夹分隔符",
    "reason.windows_path": "{value} 是 Windows 路径；在这台电脑上，文件夹形如 /home/you/Videos",
    "reason.not_a_folder": "{path} 是文件，不是文件夹",
    "reason.not_writable": "无法写入 {path}",
    "reason.unknown_task": "没有任务 ID 等于或以“{value}”结尾的任务",
    "reason.ambiguous_task": "有 {count} 个任务 ID 以“{value}”结尾，请写得更完整",
    "reason.not_reviewable": "{value} 尚未保存；只有已保存的视频可以评分或标记",
    "reason.control_characters": "不能包含控制字符",
    "reason.not_trimmed": "不能包含多余的空格",
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
    "field.rating": "星级",
    "field.flag": "标记",
    "field.project": "项目",
    "field.task": "任务",
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
    "setting.language": "语言",
    "setting.theme": "主题",
    "setting.window_state": "窗口布局",
    "setting.settings": "设置文件",
    "setting.schema_version": "设置版本",
    "status.draft": "草稿",
    "status.submitting": "提交中…",
    "status.pending": "排队中",
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
    "punctuation.full_stop": "。",
    "punctuation.sentence_gap": "",
    "unit.seconds": "{n}秒",
    "credits.demo": "演示",
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
}

_CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh_CN": _ZH}


def normalise_language(language: str) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_Hans_CN`` … to ``zh_CN``; anything else is English."""
    lowered = language.replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    return "en"


class Catalogue:
    """Sentences in one language."""

    def __init__(self, language: str = "en") -> None:
        self.language = normalise_language(language)
        self._texts = _CATALOGUES[self.language]

    def text(self, key: str, **params: object) -> str:
        template = self._texts.get(key)
        if template is None:
            template = _EN.get(key, key)
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
        return self.text(error.code.message_key, **error.params)

    def field_label(self, error: InvalidValue) -> str:
        """The field's name as a person knows it; its internal name when it has no label."""
        key = error.field_key
        if isinstance(error, SettingsError) and error.field.startswith("defaults."):
            key = "field." + error.field.removeprefix("defaults.")  # the form's own labels
        return self.text(key) if key in _EN else error.field

    def next_action(self, error: ReelDeskError) -> str:
        return self.text(error.code.next_action_key, **error.params)

    def problem(self, code: str) -> tuple[str, str]:
        """Headline and next action for an error code kept in the history."""
        known = ProblemCode.parse(code)
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
