"""Light and dark themes on the Fusion style; "system" follows the desktop's colour scheme.

A theme is a palette and nothing else: every colour a widget draws comes from its palette when
it paints, so switching themes while the app is open leaves nothing in the old colours.
Widgets that derive a colour (a status tone, an icon) redo it on ``QEvent.PaletteChange``.
No style sheets: a widget with one keeps the palette it had when the sheet was applied.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget

#: The selection, progress and focus colour: white text on it reads at 4.5:1 (WCAG AA).
ACCENT = QColor("#2f6fe8")
#: Link text on each theme's window at 4.5:1 or more (the accent itself falls short on both).
LINK = {"dark": "#6ea1ff", "light": "#2563d9"}
#: WCAG AA: the least contrast of text against its background.
TEXT_CONTRAST = 4.5
#: The status tones a widget may ask for (``tone_colour``).
TONES = ("ok", "problem", "muted", "warning")
#: The demo badge's fill: a warm tag that stands out on either theme.
BADGE = QColor("#f2a33a")


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
        QPalette.ColorRole.Link: LINK["dark" if dark else "light"],
        QPalette.ColorRole.LinkVisited: LINK["dark" if dark else "light"],
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
    # A hint in an empty field is text to read too: the muted tone, not the disabled grey.
    p.setColor(QPalette.ColorRole.PlaceholderText, tone_colour(p, "muted"))
    return p


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance: 0 for black, 1 for white."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: QColor, grounds: list[QColor], ratio: float = TEXT_CONTRAST) -> QColor:
    """``colour`` with its hue kept, made lighter (on dark grounds) or darker (on light ones)
    just as far as it takes to read at ``ratio`` on every one of ``grounds``."""
    return QColor.fromRgba(_readable(colour.rgba(), tuple(g.rgba() for g in grounds), ratio))


@cache
def _readable(rgba: int, grounds: tuple[int, ...], ratio: float) -> int:
    colour = QColor.fromRgba(rgba)
    backs = [QColor.fromRgba(g) for g in grounds]
    lighter = max(luminance(b) for b in backs) < 0.18  # the grounds are dark: go lighter
    hue, saturation, lightness = colour.hslHueF(), colour.hslSaturationF(), colour.lightnessF()
    while min(contrast(colour, b) for b in backs) < ratio:
        if lightness >= 1.0 if lighter else lightness <= 0.0:
            break  # as far as it goes: white or black
        lightness = min(1.0, lightness + 0.01) if lighter else max(0.0, lightness - 0.01)
        colour = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
    return colour.rgba()


def palette_is_dark(palette: QPalette) -> bool:
    """Whether text on this palette is light on dark."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_colours(dark: bool) -> dict[str, QColor]:
    """The hue of each status tone on a dark or a light ground; ``tone_colour`` makes it
    read on a given palette."""
    if dark:
        return {
            "ok": QColor("#5fd38d"),
            "problem": QColor("#ff7b72"),
            "muted": QColor("#9aa0a8"),
            "warning": QColor("#f0b44c"),
        }
    return {
        "ok": QColor("#1a7f37"),
        "problem": QColor("#c62828"),
        "muted": QColor("#6a707a"),
        "warning": QColor("#9a5b00"),
    }


def tone_colour(palette: QPalette, tone: str) -> QColor:
    """The text colour for a status tone (``ok``, ``problem``, ``muted``, ``warning``) on this
    palette: the tone's hue, as light or dark as it must be to read at 4.5:1 (WCAG AA) on the
    palette's window, base and alternate rows, whatever the theme (or a desktop's palette).
    The palette's own text colour for no tone."""
    if not tone:
        return palette.color(QPalette.ColorRole.WindowText)
    grounds = [
        palette.color(role)
        for role in (
            QPalette.ColorRole.Window,
            QPalette.ColorRole.Base,
            QPalette.ColorRole.AlternateBase,
        )
    ]
    return readable(status_colours(palette_is_dark(palette))[tone], grounds)


def on_fill(fill: QColor, palette: QPalette) -> QColor:
    """Of the palette's text and window colours, the one that reads best on ``fill``."""
    roles = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window)
    choices = [palette.color(role) for role in roles]
    return max(choices, key=lambda colour: contrast(colour, fill))


def mixed(palette: QPalette, share: float) -> QColor:
    """The window colour with ``share`` of the text colour mixed in: a line or a fill that
    stands out on either theme as much as ``share`` says."""
    back = palette.color(QPalette.ColorRole.Window)
    fore = palette.color(QPalette.ColorRole.WindowText)
    return QColor.fromRgbF(
        back.redF() + (fore.redF() - back.redF()) * share,
        back.greenF() + (fore.greenF() - back.greenF()) * share,
        back.blueF() + (fore.blueF() - back.blueF()) * share,
    )


def paint_elided(label: QLabel, mode: Qt.TextElideMode) -> bool:
    """Paint a one-line label's text cut short with "…" when it is wider than the label
    (rather than cut through a letter); False when it fits, for the label to paint itself
    (a selection included)."""
    room = label.contentsRect()
    metrics = label.fontMetrics()
    if metrics.horizontalAdvance(label.text()) <= room.width():
        return False
    painter = QPainter(label)
    label.style().drawItemText(
        painter,
        room,
        int(label.alignment()),
        label.palette(),
        label.isEnabled(),
        metrics.elidedText(label.text(), mode, room.width()),
        label.foregroundRole(),
    )
    painter.end()
    return True


class ToneLabel(QLabel):
    """A label whose text takes a status tone's colour, in whichever theme is current. With
    ``elide``, it takes whatever width its layout has and, too narrow, ends its text in "…"
    instead of widening the window."""

    def __init__(
        self,
        tone: str = "",
        parent: QWidget | None = None,
        *,
        elide: Qt.TextElideMode | None = None,
    ) -> None:
        super().__init__(parent)
        self._tone = tone
        self._elide = elide
        if elide is not None:
            self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._apply_tone()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._elide is None or not paint_elided(self, self._elide):
            super().paintEvent(event)

    def set_tone(self, tone: str) -> None:
        if tone != self._tone:
            self._tone = tone
            self._apply_tone()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_tone()

    def _apply_tone(self) -> None:
        palette = self.palette()
        colour = tone_colour(palette, self._tone)
        if palette.color(QPalette.ColorRole.WindowText) != colour:
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            self.setPalette(palette)


class BadgeLabel(QLabel):
    """A label that can show as a tag (demo mode): its text on a rounded ``BADGE`` fill, in
    whichever of the palette's text colours reads best on it. Painted from the palette, so a
    theme switch redraws it (a style sheet would pin its colours)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._badged = False

    @property
    def badged(self) -> bool:
        return self._badged

    def set_badged(self, badged: bool) -> None:
        if badged != self._badged:
            self._badged = badged
            margin = (6, 1) if badged else (0, 0)
            self.setContentsMargins(margin[0], margin[1], margin[0], margin[1])
            self._apply_text_colour()
            self.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_text_colour()

    def _apply_text_colour(self) -> None:
        palette = QApplication.palette(self)
        wanted = (
            on_fill(BADGE, palette)
            if self._badged
            else palette.color(QPalette.ColorRole.WindowText)
        )
        current = self.palette()
        if current.color(QPalette.ColorRole.WindowText) != wanted:
            current.setColor(QPalette.ColorRole.WindowText, wanted)
            self.setPalette(current)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._badged:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BADGE)
            painter.drawRoundedRect(QRectF(self.rect()), 4, 4)
            painter.end()
        super().paintEvent(event)


#: The controls Fusion outlines in a shade of their palette's window colour and that use it
#: for nothing else: check boxes, radio buttons, text fields, spin boxes, combo boxes (and
#: their pop-up lists).
OUTLINED_CLASSES = (
    "QCheckBox",
    "QRadioButton",
    "QLineEdit",
    "QAbstractSpinBox",
    "QComboBox",
    "QPlainTextEdit",
    "QTextEdit",
)


def outlined(palette: QPalette) -> QPalette:
    """``palette`` for a control Fusion outlines in its window colour made darker: that shade
    all but hides a text field or a progress bar on the dark window (and leaves a check box
    faint on the light one). A window colour mixed towards the text gives an outline with a
    contrast of 3:1 or more on either theme."""
    result = QPalette(palette)
    result.setColor(
        QPalette.ColorRole.Window, mixed(palette, 0.7 if palette_is_dark(palette) else 0.5)
    )
    return result


def apply_theme(app: QApplication, setting: str) -> str:
    """Apply a theme; returns the one in effect. Open windows follow as the palette change
    reaches them (the next turn of the event loop)."""
    theme = effective_theme(setting)
    palette = _palette(theme == "dark")
    app.setStyle("Fusion")
    app.setPalette(palette)  # this also drops the class palettes set below
    for name in OUTLINED_CLASSES:
        app.setPalette(outlined(palette), name)  # type: ignore[arg-type]  # the stubs say bytes; Qt takes str
    return theme
