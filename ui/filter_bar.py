"""The list's filter bar: a search field and combo boxes that share a narrow window fairly.

Where the bar is narrower than its parts would like, Qt's layout takes the same number of pixels
from each part until one reaches its minimum. The search field asks for room for a few words,
so it keeps some. A combo box gives way down to the width that shows a short choice whole
("Any mark"); a longer one is cut short with an ellipsis ("Queued, no…") rather than clipped
("Any marl"), and the popup lists every choice in full."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QStyleOptionComboBox, QWidget

#: The longest choice a filter keeps whole when the window is narrow, in average characters.
KEPT_WHOLE = 10
CT_COMBO_BOX = QStyle.ContentsType.CT_ComboBox
#: The most a filter asks for, in average characters (a long project name is cut short).
LONGEST_ASKED = 20
#: What the search field asks for, and the least it keeps, in average characters.
SEARCH_WANTS, SEARCH_KEEPS = 30, 10


class SearchField(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(self._chars(SEARCH_KEEPS))

    def sizeHint(self) -> QSize:
        return QSize(self._chars(SEARCH_WANTS), super().sizeHint().height())

    def _chars(self, count: int) -> int:
        # Room for the clear button and the frame besides the text.
        return self.fontMetrics().averageCharWidth() * count + 24


class FilterCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A new choice, or the current one's text in another language, needs another width.
        self.currentTextChanged.connect(self._on_current_text_changed)

    def sizeHint(self) -> QSize:
        # Room for the longest choice, up to a long project's name: the popup shows it whole.
        hint = super().sizeHint()
        cap = self._chrome() + self.fontMetrics().averageCharWidth() * LONGEST_ASKED
        return QSize(min(hint.width(), cap), hint.height())

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        text = min(
            metrics.horizontalAdvance(self.currentText()),
            metrics.averageCharWidth() * KEPT_WHOLE,
        )
        return QSize(self._chrome() + text, super().minimumSizeHint().height())

    def _chrome(self) -> int:
        """The width besides the text: frame, margins and arrow, as the style draws them."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        empty = QSize(0, self.fontMetrics().height())
        return self.style().sizeFromContents(CT_COMBO_BOX, option, empty, self).width()

    def shown_text(self) -> str:
        """The current choice as painted: whole where it fits, else cut short at its end."""
        text = self.currentText()
        if self.width() >= self._chrome() + self.fontMetrics().horizontalAdvance(text):
            return text
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        # The style draws the label a pixel in from each side of the field.
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, field.width() - 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown_text()
        if shown == self.currentText():
            super().paintEvent(event)
            return
        from PySide6.QtWidgets import QStylePainter  # a class to make only where text is cut

        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = shown
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def _on_current_text_changed(self, _text: str) -> None:
        self.updateGeometry()
