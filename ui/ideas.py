"""Grouping by idea: the takes of one submission together, under a header row that sums them up
(saved, failed, credits). A proxy over the filtered list, so the list and the gallery group
alike and the filters and sorting still apply: ideas come in the order their first take has in
the list, and takes keep their order within an idea. What an idea is, and its sums, are
``app.review``'s.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from app.engine.jobs import Job
from app.messages import Catalogue
from app.present import idea_text
from app.review import Idea, idea_key, summarise
from ui.job_model import Column, JobRole, plain_tooltip

ModelIndex = QModelIndex | QPersistentModelIndex
#: On a header row: the ``Idea`` it sums up.
IdeaRole = Qt.ItemDataRole.UserRole + 20
_HEADER = -1


def idea_line(idea: Idea, catalogue: Catalogue) -> str:
    """``Lanterns over a river — 3 takes · 2 saved · 1 failed · 20 credits``: the counts are
    the core's words (``app.present.idea_text``), shared with the command line."""
    prompt = " ".join(idea.prompt.split())
    return f"{prompt} — {idea_text(idea, catalogue)}"


class IdeaProxy(QAbstractProxyModel):
    """The filtered jobs, each idea's takes after a header row. Header rows are not jobs:
    ``JobRole`` is ``None`` on them and they cannot be selected."""

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        #: Per row: the source row, or ``_HEADER``; and the idea of every row.
        self._rows: list[int] = []
        self._idea_of_row: list[int] = []
        self._from_source: list[int] = []
        self._ideas: list[Idea] = []
        self._header_rows: list[int] = []

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
        ):
            signal.connect(self._rebuild)
        model.dataChanged.connect(self._on_source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)  # the titles in a new language
        self._rebuild()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._emit_headers(range(len(self._ideas)))

    def header_rows(self) -> list[int]:
        return list(self._header_rows)

    # -- building -------------------------------------------------------------------------------

    def _rebuild(self, *_args: object) -> None:
        self.beginResetModel()
        source = self.sourceModel()
        groups: dict[str, list[int]] = {}
        for row in range(source.rowCount()):
            job = source.index(row, 0).data(JobRole)
            if isinstance(job, Job):
                groups.setdefault(idea_key(job), []).append(row)
        self._rows, self._idea_of_row, self._ideas, self._header_rows = [], [], [], []
        self._from_source = [0] * source.rowCount()
        for number, members in enumerate(groups.values()):
            jobs = [source.index(row, 0).data(JobRole) for row in members]
            self._ideas.append(summarise(jobs))
            self._header_rows.append(len(self._rows))
            self._rows.append(_HEADER)
            self._idea_of_row.append(number)
            for row in members:
                self._from_source[row] = len(self._rows)
                self._rows.append(row)
                self._idea_of_row.append(number)
        self.endResetModel()

    def _on_source_data_changed(
        self, top: QModelIndex, bottom: QModelIndex, *_roles: object
    ) -> None:
        source = self.sourceModel()
        touched = set()
        for row in range(top.row(), bottom.row() + 1):
            if not 0 <= row < len(self._from_source):
                continue
            mine = self._from_source[row]
            touched.add(self._idea_of_row[mine])
            self.dataChanged.emit(self.index(mine, top.column()), self.index(mine, bottom.column()))
        for number in touched:
            header = self._header_rows[number]
            members = [
                self._rows[r]
                for r in range(header + 1, len(self._rows))
                if self._idea_of_row[r] == number
            ]
            self._ideas[number] = summarise([source.index(row, 0).data(JobRole) for row in members])
        self._emit_headers(touched)

    def _emit_headers(self, numbers: object) -> None:
        last = self.columnCount() - 1
        for number in numbers:  # type: ignore[attr-defined]
            row = self._header_rows[number]
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # -- mapping --------------------------------------------------------------------------------

    def mapToSource(self, proxy: ModelIndex) -> QModelIndex:
        if not proxy.isValid() or not 0 <= proxy.row() < len(self._rows):
            return QModelIndex()
        row = self._rows[proxy.row()]
        if row == _HEADER:
            return QModelIndex()
        return self.sourceModel().index(row, proxy.column())

    def mapFromSource(self, source: ModelIndex) -> QModelIndex:
        if not source.isValid() or not 0 <= source.row() < len(self._from_source):
            return QModelIndex()
        return self.index(self._from_source[source.row()], source.column())

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._rows):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _child: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.sourceModel().columnCount()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)  # the ideas follow (layoutChanged)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        # The columns are the list's own. (The base class asks the source through row 0,
        # which is a header row here: the column titles came out blank.)
        if orientation == Qt.Orientation.Horizontal:
            return self.sourceModel().headerData(section, orientation, role)
        return super().headerData(section, orientation, role)

    # -- header rows ----------------------------------------------------------------------------

    def is_header(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row] == _HEADER

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if self.is_header(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if not self.is_header(index.row()):
            return super().data(index, role)
        idea = self._ideas[self._idea_of_row[index.row()]]
        if role == IdeaRole:
            return idea
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and (
            index.column() == Column.THUMB
        ):
            line = idea_line(idea, self._catalogue)
            return line if role == Qt.ItemDataRole.DisplayRole else plain_tooltip(idea.prompt)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None
