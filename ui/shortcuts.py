"""Help → Keyboard shortcuts: every key of the window, grouped by menu, searchable.

The list is read from the window's own menus and actions each time it is shown (and again
when the language changes), so it never disagrees with what the keys do. The compare
window's keys are listed from ``compare_keys`` and ``ui.cull.mark_keys``, the same tables
that window makes its actions from.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.cull import mark_keys

#: The compare window's transport keys, in the order the list shows them.
_COMPARE_KEYS = ("Space", "Left", "Right", "J", "K", "L")
MAX_SOUND_KEYS = 4


def compare_keys() -> list[tuple[str, str]]:
    """(key, what it does) for the compare window's own keys: transport, then the take heard."""
    texts = (
        QCoreApplication.translate("Shortcuts", "Play or pause every take"),
        QCoreApplication.translate("Shortcuts", "One frame back"),
        QCoreApplication.translate("Shortcuts", "One frame forward"),
        QCoreApplication.translate("Shortcuts", "Play backwards (again: faster)"),
        QCoreApplication.translate("Shortcuts", "Pause"),
        QCoreApplication.translate("Shortcuts", "Play forwards (again: faster)"),
    )
    keys = list(zip(_COMPARE_KEYS, texts, strict=True))
    hear = QCoreApplication.translate("Shortcuts", "Hear take %1")
    keys += [(str(n), hear.replace("%1", str(n))) for n in range(1, MAX_SOUND_KEYS + 1)]
    return keys


def plain(text: str) -> str:
    """A menu text without its mnemonic marks: ``&Open`` → ``Open``, ``打开(&O)`` → ``打开``."""
    if text.endswith(")") and "(&" in text:
        text = text[: text.rindex("(&")].rstrip()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_text(sequences: list[QKeySequence]) -> str:
    """The keys as this platform writes them, alternatives joined."""
    native = QKeySequence.SequenceFormat.NativeText
    return " / ".join(s.toString(native) for s in sequences if not s.isEmpty())


def menu_rows(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(action, keys)]) for every menu of the window's menu bar, with only the
    actions that have a key, in menu order (sub-menus flattened into their menu)."""
    groups = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = [(plain(a.text()), key_text(a.shortcuts())) for a in _actions_of(menu)]
        rows = [row for row in rows if row[1]]
        if rows:
            groups.append((plain(top.text()), rows))
    return groups


def _actions_of(menu: QMenu) -> list[QAction]:
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += _actions_of(sub)
        elif not action.isSeparator():
            found.append(action)
    return found


def other_rows(window: QWidget) -> list[tuple[str, str]]:
    """Keys that are not menu actions: the window's ``QShortcut``s that say what they do
    (their ``whatsThis``), e.g. Ctrl+Return in the form."""
    rows = []
    for shortcut in window.findChildren(QShortcut):
        text = shortcut.whatsThis()
        keys = key_text([shortcut.key()])
        if text and keys and (text, keys) not in rows:
            rows.append((text, keys))
    return rows


def all_rows(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every group the dialog lists: the menus, the other keys, the compare window."""
    groups = menu_rows(window)
    others = other_rows(window)
    if others:
        groups.append((QCoreApplication.translate("Shortcuts", "Form"), others))
    compare = [(text, key_text([QKeySequence(key)])) for key, text in compare_keys()]
    marks = mark_keys(stars_modifier="Alt+")  # as the window sets them on a compare window
    compare += [(plain(text), key_text([QKeySequence(key)])) for text, key in marks]
    groups.append((QCoreApplication.translate("Shortcuts", "Compare window"), compare))
    return groups


class ShortcutsDialog(QDialog):
    """The list of keys; not modal, so it can stay open beside the window while one learns."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(520, 620)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text again, in the language now installed; the rows read afresh."""
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.search.setPlaceholderText(self.tr("Search actions or keys…"))
        self.search.setAccessibleName(self.tr("Search shortcuts"))
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.refresh()

    def refresh(self) -> None:
        """Read the window's keys again (a menu may have changed since)."""
        self.tree.clear()
        for title, rows in all_rows(self._window):
            group = QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for text, keys in rows:
                item = QTreeWidgetItem(group, [text, keys])
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{text}: {keys}")
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self._on_search_text_changed(self.search.text())

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        groups = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                items = [group.child(r) for r in range(group.childCount())]
                groups.append((group, [item for item in items if item is not None]))
        return groups

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, action, keys) of every row shown, top to bottom."""
        return [
            (group.text(0), item.text(0), item.text(1))
            for group, items in self._groups()
            if not group.isHidden()
            for item in items
            if not item.isHidden()
        ]

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _on_search_text_changed(self, text: str) -> None:
        needle = text.casefold().strip()
        for group, items in self._groups():
            whole = needle in group.text(0).casefold()
            any_shown = False
            for item in items:
                hit = whole or any(needle in item.text(c).casefold() for c in (0, 1))
                item.setHidden(not hit)
                any_shown = any_shown or hit
            group.setHidden(not any_shown)
