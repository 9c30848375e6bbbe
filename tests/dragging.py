"""Dragging a file onto a widget, as a file manager does: the enter event, then the drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drop(target: QWidget, path: Path) -> bool:
    """Drag ``path`` over ``target`` and drop it; whether the drop was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = target.rect().center()
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(centre, actions, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(QPointF(centre), actions, mime, buttons, keys)
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()
