"""The form's pictures: a first frame (image to video) and a last frame (a transition).

Small while unused: two buttons the form puts beside the prompt's counter ("Start from a
picture…", then "Add a last frame…"). A slot shows once it holds a picture: its preview and
size, Choose… and Remove, and it takes a picture file dropped on it. A picture is checked
(``app.pictures.check_picture``) and its preview scaled on a worker thread, so a 20 MB photo
never freezes the window; a picture PixVerse would not take is said in plain text, and what the
slot held stays.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.api.models import Mode, Picture
from app.errors import ReelDeskError
from app.messages import Catalogue
from app.pictures import CheckedPicture, PictureKind, check_picture
from ui.dialogs import ask
from ui.tasks import TaskRunner
from ui.theme import ToneLabel

#: The preview's box; the picture keeps its shape inside it.
PREVIEW = QSize(96, 54)
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
    """One frame's picture, shown once it holds one. ``picture_changed`` when it was set or
    removed; ``refused(text)`` when a picture was not taken (said by ``PictureSlots``)."""

    picture_changed = Signal()
    refused = Signal(str)

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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(self._title)
        # Cut short rather than widen the form (the whole name is in the tooltip).
        self.info = ToneLabel("muted", elide=Qt.TextElideMode.ElideMiddle)
        self.info.setTextFormat(Qt.TextFormat.PlainText)  # a file name is the person's text
        self.choose = QToolButton()
        self.remove = QToolButton()
        self.retranslate()
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        # The name and size on a line of their own, under the title: beside it they had room
        # for a few letters ("frame.pn…20 × 180").
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.info)
        text.addLayout(buttons)
        layout.addWidget(self.preview)
        layout.addLayout(text, 1)
        self.choose.clicked.connect(self._on_choose_clicked)
        self.remove.clicked.connect(self._on_remove_clicked)
        self.hide()

    def set_title(self, title: str) -> None:
        """Which frame this is (``PictureSlots`` words it, in the language in use)."""
        self._title = title
        self.title.setText(title)

    def retranslate(self) -> None:
        """The buttons' words again, in the language now installed."""
        self.choose.setText(self.tr("Choose…"))
        self.remove.setText(self.tr("Remove"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

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
        if self._picture is not None:
            self._picture = None
            self.preview.clear()
            self.hide()
            self.picture_changed.emit()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue

    async def _check(self, path: str) -> None:
        checked, image = await asyncio.to_thread(_check_and_preview, path, self.field)
        if not isValid(self):
            return
        self._picture = Picture(str(checked.path.resolve()), sha256=checked.sha256)
        self.preview.setPixmap(QPixmap.fromImage(image))
        self.info.setText(f"{_short_name(checked.path.name)} · {checked.width} × {checked.height}")
        self.setToolTip(str(checked.path))
        self.show()
        self.picture_changed.emit()

    def _refused(self, error: ReelDeskError) -> None:
        self.refused.emit(self._catalogue.explain(error))

    # -- choosing and dropping ------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for a picture with a file dialog that opens without a nested event loop."""
        self._tasks.run(self._choose(), name=f"choose-{self.field}", owner=self)

    def _on_choose_clicked(self) -> None:
        self.choose_file()

    async def _choose(self) -> None:
        # Here, not at the top: making QFileDialog's Python class is not needed to start.
        from PySide6.QtWidgets import QFileDialog

        start = str(Path(self._picture.path).parent) if self._picture else ""
        chooser = QFileDialog(self.window(), self._title, start)
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
        if picture_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if picture_file(event.mimeData()) is not None:
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
    changed. ``add_first`` and ``add_last`` are the buttons that start each (the form places
    them); the widget itself takes room only while it shows a picture or a problem."""

    changed = Signal()

    def __init__(
        self, catalogue: Catalogue, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.first = PictureSlot("image", "", catalogue, tasks)
        self.first.setObjectName("firstFrame")
        self.last = PictureSlot("image_tail", "", catalogue, tasks)
        self.last.setObjectName("lastFrame")
        self.problem = ToneLabel("problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.first)
        layout.addWidget(self.last)
        layout.addWidget(self.problem)
        self.add_first = QToolButton()
        self.add_last = QToolButton()
        self.retranslate()
        self.add_first.clicked.connect(self.first.choose_file)
        self.add_last.clicked.connect(self.last.choose_file)
        for slot in (self.first, self.last):
            slot.picture_changed.connect(self._on_slot_picture_changed)
            slot.refused.connect(self._on_slot_refused)
        self._on_slot_picture_changed()

    def retranslate(self) -> None:
        """Every text again, in the language now installed (at the start, on LanguageChange)."""
        self.first.set_title(self.tr("First frame"))
        self.last.set_title(self.tr("Last frame"))
        self.add_first.setText(self.tr("Start from a picture…"))
        self.add_first.setToolTip(
            self.tr("Image to video: the video starts on this picture (you can drop one too)")
        )
        self.add_last.setText(self.tr("Add a last frame…"))
        self.add_last.setToolTip(self.tr("A transition: the video ends on this picture"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

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

    def drop(self, path: str) -> None:
        """A picture dropped elsewhere on the form: the first frame, or the last once there is
        a first (the first slot itself takes a new first frame)."""
        slot = self.first if self.first.picture is None else self.last
        slot.set_path(path)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.first.set_catalogue(catalogue)
        self.last.set_catalogue(catalogue)

    def _on_slot_refused(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.show()

    def _on_slot_picture_changed(self) -> None:
        # A transition starts somewhere: its last frame goes with the first (it would not come
        # back unseen with the next first frame).
        if self.first.picture is None and self.last.picture is not None:
            self.last.clear()  # announces the change itself
            return
        self.problem.hide()
        self.add_first.setVisible(self.first.picture is None)
        self.add_last.setVisible(self.first.picture is not None and self.last.picture is None)
        self.setVisible(self.first.picture is not None)
        self.changed.emit()
