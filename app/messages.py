"""The core's message catalogue: every user-facing sentence of ``app/`` in each language.

The window translates its own widgets with Qt; the core's errors, next actions and job notes come
from here, so the CLI and the window say the same thing. Keys are stable; ``Catalogue.text``
falls back to English, then to the key itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.api.errors import InvalidParameter, ReelDeskError, all_error_types

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
    "error.bad_response": "The service sent an answer ReelDesk could not read.",
    "error.download": "The video could not be downloaded.",
    "error.link_expired": "The video's 24-hour download link has expired.",
    "error.storage": "The video could not be saved.",
    "error.disk_full": "The disk is full.",
    "error.folder_not_writable": "The download folder cannot be written to.",
    "error.no_result": "The service finished but never gave a video link.",
    "error.task_failed": "The service could not make this video.",
    "error.content_policy": "The prompt was refused by the content policy.",
    "error.cancelled": "The service cancelled this task.",
    "error.already_running": "ReelDesk is already running with this history.",
    "error.no_key": "No API key is set up.",
    "error.keychain_unavailable": "The system keychain is not available.",
    "error.keychain_timeout": "The system keychain did not answer in time.",
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
    "action.submit_again": "Submit again to make a new video (costs credits).",
    "action.check_folder": "Choose another download folder in Preferences.",
    "action.free_space": "Free some disk space; the download resumes where it stopped.",
    "action.close_other": "Close the other ReelDesk window or command first.",
    "action.add_key": "Add a key in Preferences, set REELDESK_API_KEY, or use demo mode.",
    "action.use_key_file": "Keep the key in a private file instead (only if you agree).",
    "action.unlock_keychain": "Unlock the keychain and try again.",
    # reasons for invalid parameters
    "reason.blank": "must not be empty",
    "reason.too_long": "must be at most {limit} characters",
    "reason.choice": "{value!r} is not one of the allowed values",
    "reason.integer": "must be a whole number",
    "reason.range": "must be between {low} and {high}",
    "reason.boolean": "must be on or off",
    "reason.text": "must be text",
    "reason.object": "is not a saved request",
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
    "note.demo": "Demo – offline simulator, no cost",
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
    "error.bad_response": "服务返回了 ReelDesk 无法读取的内容。",
    "error.download": "无法下载视频。",
    "error.link_expired": "视频的 24 小时下载链接已过期。",
    "error.storage": "无法保存视频。",
    "error.disk_full": "磁盘已满。",
    "error.folder_not_writable": "无法写入下载文件夹。",
    "error.no_result": "服务已完成，但始终没有给出视频链接。",
    "error.task_failed": "服务无法生成此视频。",
    "error.content_policy": "提示词被内容政策拒绝。",
    "error.cancelled": "服务取消了此任务。",
    "error.already_running": "ReelDesk 已在使用此历史记录运行。",
    "error.no_key": "尚未设置 API 密钥。",
    "error.keychain_unavailable": "系统钥匙串不可用。",
    "error.keychain_timeout": "系统钥匙串未及时响应。",
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
    "action.submit_again": "重新提交以生成新视频（会再次扣费）。",
    "action.check_folder": "请在“首选项”中选择其他下载文件夹。",
    "action.free_space": "请释放磁盘空间；下载会从中断处继续。",
    "action.close_other": "请先关闭另一个 ReelDesk 窗口或命令。",
    "action.add_key": "请在“首选项”中添加密钥、设置 REELDESK_API_KEY，或使用演示模式。",
    "action.use_key_file": "改为将密钥保存在私有文件中（需您同意）。",
    "action.unlock_keychain": "请解锁钥匙串后重试。",
    "reason.blank": "不能为空",
    "reason.too_long": "最多 {limit} 个字符",
    "reason.choice": "{value!r} 不是允许的值",
    "reason.integer": "必须是整数",
    "reason.range": "必须介于 {low} 和 {high} 之间",
    "reason.boolean": "必须为开或关",
    "reason.text": "必须是文本",
    "reason.object": "不是已保存的请求",
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
    "note.demo": "演示 – 离线模拟器，不产生费用",
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

#: Job error code → next action, for codes stored in the history.
_ACTIONS: dict[str, str] = {
    kind.message_key.removeprefix("error."): kind.next_action_key for kind in all_error_types()
}
_ACTIONS.update(
    task_failed="action.edit_prompt",
    content_policy="action.edit_prompt",
    no_result="action.submit_again",
    cancelled="action.submit_again",
)


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
        template = self._texts.get(key) or _EN.get(key) or key
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def error_message(self, error: ReelDeskError) -> str:
        """The one-line headline for an error."""
        if isinstance(error, InvalidParameter):
            return self.text(
                error.message_key,
                field_label=self.text(f"field.{error.field}"),
                reason=self.text(error.reason_key, **error.params),
            )
        return self.text(error.message_key, **error.params)

    def next_action(self, error: ReelDeskError) -> str:
        return self.text(error.next_action_key)

    def problem(self, code: str) -> tuple[str, str]:
        """Headline and next action for an error code kept in the history."""
        headline = (
            self.text(f"error.{code}") if f"error.{code}" in _EN else self.text("error.unexpected")
        )
        return headline, self.text(_ACTIONS.get(code, "action.retry_later"))

    def explain(self, error: ReelDeskError) -> str:
        """Headline and next action in one line."""
        return f"{self.error_message(error)} {self.next_action(error)}"


def all_keys() -> frozenset[str]:
    return frozenset(_EN)


def missing_translations(language: str) -> frozenset[str]:
    return all_keys() - frozenset(_CATALOGUES[normalise_language(language)])
