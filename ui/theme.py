"""Light and dark themes on the Fusion style; "system" follows the desktop's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = QColor("#3d7eff")


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def effective_theme(setting: str) -> str:
    """``light`` or ``dark`` for a setting of ``system``, ``light`` or ``dark``."""
    if setting in ("light", "dark"):
        return setting
    return "dark" if system_is_dark() else "light"


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        window, base, alt, text = "#1e2024", "#16181b", "#23262b", "#e6e8eb"
        button, mid, disabled = "#2a2d33", "#3a3e45", "#7b8088"
    else:
        window, base, alt, text = "#f4f5f7", "#ffffff", "#f0f2f5", "#1d2026"
        button, mid, disabled = "#e9ebef", "#c9cdd4", "#9aa0a8"
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Midlight: alt,
        QPalette.ColorRole.Dark: mid,
        QPalette.ColorRole.Light: base,
        QPalette.ColorRole.Highlight: ACCENT.name(),
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: ACCENT.name(),
        QPalette.ColorRole.BrightText: "#ff5c5c",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


def status_colours(dark: bool) -> dict[str, QColor]:
    """Colours for status text that read well on either background."""
    if dark:
        return {"ok": QColor("#5fd38d"), "problem": QColor("#ff7b72"), "muted": QColor("#9aa0a8")}
    return {"ok": QColor("#1a7f37"), "problem": QColor("#c62828"), "muted": QColor("#6a707a")}


def apply_theme(app: QApplication, setting: str) -> str:
    """Apply a theme; returns the one in effect."""
    theme = effective_theme(setting)
    app.setStyle("Fusion")
    app.setPalette(_palette(theme == "dark"))
    app.setProperty("reeldesk_theme", theme)
    return theme


def current_is_dark(app: QApplication) -> bool:
    return bool(app.property("reeldesk_theme") == "dark")
