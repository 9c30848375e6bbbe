"""The form's pictures: a first frame (image to video) and a last frame (a transition).

Each slot shows a preview of its picture with its size, a Choose… button and a Remove button,
and takes a picture file dropped on it. A picture is checked (``app.pictures.check_picture``)
and its preview scaled on a worker thread, so a 20 MB photo never freezes the window; a picture
PixVerse would not take is said under the slot in plain text, and the slot keeps what it had.
The last frame is offered once there is a first one.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.api.models import Mode, Picture
from app.errors import PictureRejected
from app.messages import Catalogue
from app.pictures import CheckedPicture, PictureKind, check_picture
from ui.dialogs import ask
from ui.tasks import TaskRunner
from ui.theme import ToneLabel

#: The preview's box; the picture keeps its shape inside it.
PREVIEW = QSize(112, 72)
_SUFFIXES = tuple({kind.extension for kind in PictureKind} | {".jpeg"})


def picture_file(mime: QMimeData) -> Path | None:
    """The one local picture file being dragged, if that is what it is (by its name: the
    check that follows reads what it really is)."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in _SUFFIXES else None


def _check_and_preview(path: str, field: str) -> tuple[CheckedPicture, QImage]:
    """On a worker thread: the check, then a preview decoded at its small size (QImage, unlike
    QPixmap, may be made off the GUI thread)."""
    checked = check_picture(path, field)
    reader = QImageReader(str(checked.path))
    reader.setAutoTransform(True)
    reader.setScaledSize(
        QSize(checked.width, checked.height).scaled(PREVIEW, Qt.AspectRatioMode.KeepAspectRatio)
    )
    return checked, reader.read()


def _short_name(name: str, limit: int = 24) -> str:
    """A long file name with its middle left out: its start and its extension stay."""
    if len(name) <= limit:
        return name
    keep = (limit - 1) // 2
    return f"{name[:keep]}…{name[-keep:]}"


class PictureSlot(QFrame):
    """One frame's picture. ``picture_changed`` when it was set or removed."""

    picture_changed = Signal()

    def __init__(
        self,
        field: str,
        title: str,
        catalogue: Catalogue,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self._title = title
        self._catalogue = catalogue
        self._tasks = tasks
        self._picture: Picture | None = None
        self._checking: asyncio.Task[None] | None = None
        self._setup_ui()

    def _setup_ui(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.title = QLabel(self._title)
        self.info = ToneLabel("muted")
        self.info.setTextFormat(Qt.TextFormat.PlainText)  # a file name is the person's text
        self.info.setWordWrap(True)
        self.choose = QToolButton()
        self.choose.setText(self.tr("Choose…"))
        self.remove = QToolButton()
        self.remove.setText(self.tr("Remove"))
        self.problem = ToneLabel("problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.info, 1)
        text.addLayout(buttons)
        layout.addWidget(self.preview, 0, 0)
        layout.addLayout(text, 0, 1)
        layout.addWidget(self.problem, 1, 0, 1, 2)
        layout.setColumnStretch(1, 1)
        self.choose.clicked.connect(self._on_choose_clicked)
        self.remove.clicked.connect(self._on_remove_clicked)
        self._show_empty()

    # -- reading and setting --------------------------------------------------------------------

    @property
    def picture(self) -> Picture | None:
        return self._picture

    def set_path(self, path: str) -> asyncio.Task[None]:
        """Check the picture at ``path`` and show it; the slot keeps its picture meanwhile
        and if the new one is refused."""
        if self._checking is not None and not self._checking.done():
            self._checking.cancel()
        self._checking = self._tasks.run(
            self._check(path), name=f"check-{self.field}", on_failure=self._refused, owner=self
        )
        return self._checking

    def clear(self) -> None:
        if self._checking is not None and not self._checking.done():
            self._checking.cancel()
        self.problem.hide()
        if self._picture is not None:
            self._picture = None
            self._show_empty()
            self.picture_changed.emit()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue

    async def _check(self, path: str) -> None:
        checked, image = await asyncio.to_thread(_check_and_preview, path, self.field)
        if not isValid(self):
            return
        self._picture = Picture(str(checked.path.resolve()), sha256=checked.sha256)
        self.problem.hide()
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.info.setText(f"{_short_name(checked.path.name)}\n{checked.width} × {checked.height}")
        self.setToolTip(str(checked.path))
        self.remove.setEnabled(True)
        self.picture_changed.emit()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, PictureRejected):
            self.problem.setText(self._catalogue.explain(error))
        else:
            self.problem.setText(str(error))
        self.problem.show()

    def _show_empty(self) -> None:
        self.preview.clear()
        self.preview.setText(self.tr("Drop a picture here"))
        self.info.setText(self.tr("PNG, JPEG or WebP, up to 20 MB"))
        self.setToolTip("")
        self.remove.setEnabled(False)

    # -- choosing and dropping ------------------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        self._tasks.run(self._choose(), name=f"choose-{self.field}", owner=self)

    async def _choose(self) -> None:
        start = str(Path(self._picture.path).parent) if self._picture else ""
        chooser = QFileDialog(self, self._title, start)
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setNameFilters(
            [self.tr("Pictures (*.png *.jpg *.jpeg *.webp)"), self.tr("All files (*)")]
        )
        try:
            chosen = await ask(chooser) == QDialog.DialogCode.Accepted
            files = chooser.selectedFiles() if chosen else []
        finally:
            chooser.deleteLater()
        if files and isValid(self):
            self.set_path(files[0])

    def _on_remove_clicked(self) -> None:
        self.clear()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if picture_file(event.mimeData()) is not None and self.isEnabled():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if picture_file(event.mimeData()) is not None and self.isEnabled():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        path = picture_file(event.mimeData())
        if path is None:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.set_path(str(path))


class PictureSlots(QWidget):
    """The first and the last frame; ``mode`` is what they make. ``changed`` when either
    changed."""

    changed = Signal()

    def __init__(
        self, catalogue: Catalogue, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.first = PictureSlot("image", self.tr("First frame"), catalogue, tasks)
        self.first.setObjectName("firstFrame")
        self.last = PictureSlot("image_tail", self.tr("Last frame (transition)"), catalogue, tasks)
        self.last.setObjectName("lastFrame")
        layout.addWidget(self.first)
        layout.addWidget(self.last)
        self.first.picture_changed.connect(self._on_slot_picture_changed)
        self.last.picture_changed.connect(self._on_slot_picture_changed)
        self._on_slot_picture_changed()

    @property
    def mode(self) -> Mode:
        if self.first.picture is None:
            return Mode.TEXT
        return Mode.IMAGE if self.last.picture is None else Mode.TRANSITION

    def pictures(self) -> dict[str, Picture]:
        """The pictures set, by request field; a last frame counts only with a first."""
        found = {"image": self.first.picture}
        if self.first.picture is not None:
            found["image_tail"] = self.last.picture
        return {name: picture for name, picture in found.items() if picture is not None}

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.first.set_catalogue(catalogue)
        self.last.set_catalogue(catalogue)

    def _on_slot_picture_changed(self) -> None:
        # A transition starts somewhere: its last frame is offered once there is a first, and
        # goes with it (it would not come back unseen with the next first frame).
        if self.first.picture is None and self.last.picture is not None:
            self.last.clear()  # announces the change itself
            return
        self.last.setVisible(self.first.picture is not None)
        self.changed.emit()
