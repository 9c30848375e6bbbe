"""Preferences: connection (address, key, proxy, demo), saving, generation and appearance."""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.api.client import PRESET_BASE_URLS
from app.api.models import GenerationRequest, Resolution
from app.core import BASE_URL_ENV, Core, resolve_connection
from app.diagnostics import ConnectionReport, check_connection
from app.engine.naming import render_name
from app.errors import KeychainUnavailable, ReelDeskError
from app.estimate import price_key
from app.hooks import check_hook
from app.messages import Catalogue
from app.secrets import KEY_ENV, KeyStore, mask
from app.settings import (
    SettingsError,
    SettingsStore,
    check_base_url,
    check_proxy_url,
    check_template,
)
from app.tls import ca_file_from, check_ca_file
from ui.dialogs import ask
from ui.key_field import KeyField, store_key
from ui.tasks import TaskRunner
from ui.theme import ToneLabel, apply_theme


@dataclass(frozen=True, slots=True)
class _Problem:
    """Why OK did not save: said in the dialog, which stays open with the user's input."""

    text: str
    focus: QWidget | None = None


class PreferencesDialog(QDialog):
    def __init__(
        self,
        settings: SettingsStore,
        keys: KeyStore,
        tasks: TaskRunner,
        core: Core | None,
        *,
        catalogue: Catalogue | None = None,
        environ: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = settings
        self._keys = keys
        self._tasks = tasks
        self._core = core
        self._catalogue = catalogue or Catalogue("en")
        self._environ = os.environ if environ is None else environ
        self._setup_ui()
        self._load()

    # -- building -------------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)

        connection = QWidget()
        form = QFormLayout(connection)
        self.base_url = QComboBox()
        self.base_url.setEditable(True)
        for url in PRESET_BASE_URLS:
            self.base_url.addItem(url)
        _add_row(form, self.tr("Service &address"), self.base_url)
        self.base_url_note = _note()
        self.base_url_note.setEnabled(True)  # an override is news, not a hint: full contrast
        self.base_url_note.hide()
        form.addRow("", self.base_url_note)
        self.key_field = KeyField()
        _add_row(form, self.tr("API &key"), self.key_field, buddy=self.key_field.edit)
        self.key_status = _note()
        form.addRow("", self.key_status)
        self.demo = QCheckBox(self.tr("&Demo mode: use the built-in simulator (no key, no cost)"))
        form.addRow("", self.demo)
        proxy_box = QVBoxLayout()
        self.proxy_group = QButtonGroup(self)
        self.proxy_system = QRadioButton(self.tr("Use the s&ystem proxy"))
        self.proxy_none = QRadioButton(self.tr("&No proxy"))
        self.proxy_custom = QRadioButton(self.tr("C&ustom:"))
        for i, button in enumerate((self.proxy_system, self.proxy_none, self.proxy_custom)):
            self.proxy_group.addButton(button, i)
        self.proxy_url = QLineEdit()
        self.proxy_url.setPlaceholderText("http://host:8080 · socks5://user:pass@host:1080")
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.proxy_custom)
        custom_row.addWidget(self.proxy_url, 1)
        proxy_box.addWidget(self.proxy_system)
        proxy_box.addWidget(self.proxy_none)
        proxy_box.addLayout(custom_row)
        form.addRow(self.tr("Proxy"), proxy_box)
        ca_row = QHBoxLayout()
        self.ca_file = QLineEdit()
        self.ca_file.setPlaceholderText(self.tr("None: the system's certificates only"))
        self.choose_ca = QPushButton(self.tr("C&hoose…"))
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.choose_ca)
        _add_row(form, self.tr("E&xtra CA certificates"), ca_row, buddy=self.ca_file)
        form.addRow(
            "",
            _note(
                self.tr(
                    "Certificates are checked against those this computer trusts. If your "
                    "company inspects HTTPS and its CA is not installed in the system, choose "
                    "its CA file (PEM) here."
                )
            ),
        )
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_result = _note()
        self.test_result.setEnabled(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_row)
        self.tabs.addTab(connection, self.tr("Connection"))

        saving = QWidget()
        form = QFormLayout(saving)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        self.browse = QPushButton(self.tr("B&rowse…"))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        _add_row(form, self.tr("Download &folder"), folder_row, buddy=self.folder)
        self.template = QLineEdit()
        _add_row(form, self.tr("File &name"), self.template)
        self.template_example = _note()
        self.template_help = _note(
            self.tr("Fields: {date} {time} {prompt} {task} {ratio} {resolution} {duration} {seed}")
        )
        form.addRow("", self.template_example)
        form.addRow("", self.template_help)
        self.save_hook = QLineEdit()
        self.save_hook.setPlaceholderText("cp {path} /home/me/Editor/Watch/")
        _add_row(form, self.tr("Command after &saving"), self.save_hook)
        form.addRow(
            "",
            _note(
                self.tr(
                    "Runs after each saved video, without a shell, for at most a minute. "
                    "Placeholders: {path} {task_id} {prompt} {project}. Leave empty for none."
                )
            ),
        )
        self.tabs.addTab(saving, self.tr("Saving"))

        generation = QWidget()
        form = QFormLayout(generation)
        self.remember = QCheckBox(self.tr("Start the form with the values I used &last"))
        self.max_in_flight = QSpinBox()
        self.max_in_flight.setRange(1, 16)
        self.notifications = QCheckBox(self.tr("&Notify me when a batch of videos is done"))
        form.addRow("", self.remember)
        _add_row(form, self.tr("Submissions sent at &once"), self.max_in_flight)
        form.addRow("", self.notifications)
        self.tabs.addTab(generation, self.tr("Generation"))

        costs = QWidget()
        form = QFormLayout(costs)
        self.confirm_above = _credits_box(self.tr("Never ask"))
        _add_row(form, self.tr("Confirm batches a&bove"), self.confirm_above)
        self.daily_limit = _credits_box(self.tr("No limit"))
        _add_row(form, self.tr("Daily li&mit"), self.daily_limit)
        form.addRow(
            "",
            _note(
                self.tr(
                    "Estimates are learned from what your videos cost. Until ReelDesk has seen "
                    "a price, it uses this table (credits per second; empty: unknown)."
                )
            ),
        )
        self.prices: dict[str, QDoubleSpinBox] = {}
        table = QGridLayout()
        table.addWidget(QLabel(self.tr("Without audio")), 0, 1)
        table.addWidget(QLabel(self.tr("With audio")), 0, 2)
        for row, resolution in enumerate(Resolution, start=1):
            table.addWidget(QLabel(resolution.value), row, 0)
            for column, audio in enumerate((False, True), start=1):
                box = _credits_box(self.tr("unknown"), suffix=self.tr(" /s"))
                box.setAccessibleName(
                    self.tr("%1 credits per second").replace("%1", resolution.value)
                    if not audio
                    else self.tr("%1 credits per second with audio").replace("%1", resolution.value)
                )
                self.prices[price_key(resolution.value, audio)] = box
                table.addWidget(box, row, column)
        form.addRow(self.tr("Price table"), table)

        appearance = QWidget()
        form = QFormLayout(appearance)
        self.language = QComboBox()
        self.language.addItem(self.tr("Follow the system"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.theme = QComboBox()
        self.theme.addItem(self.tr("Follow the system"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.language_note = _note(self.tr("A new language applies when ReelDesk restarts."))
        _add_row(form, self.tr("&Language"), self.language)
        form.addRow("", self.language_note)
        _add_row(form, self.tr("&Theme"), self.theme)
        self.tabs.addTab(appearance, self.tr("Appearance"))
        self.tabs.addTab(costs, self.tr("Costs"))

        self.error = ToneLabel("problem")  # the theme's error colour, in light and dark
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)
        # Tab follows each page from top to bottom, then the dialog's buttons.
        _chain(
            self.tabs.tabBar(),
            self.base_url,
            self.key_field.edit,
            self.key_field.show_button,
            self.demo,
            self.proxy_system,
            self.proxy_none,
            self.proxy_custom,
            self.proxy_url,
            self.ca_file,
            self.choose_ca,
            self.test_button,
            self.folder,
            self.browse,
            self.template,
            self.save_hook,
            self.remember,
            self.max_in_flight,
            self.notifications,
            self.language,
            self.theme,
            self.confirm_above,
            self.daily_limit,
            *self.prices.values(),
            *self.buttons.buttons(),
        )

        # Choosing "Custom" (its mnemonic or a click) leads on to the address it needs.
        self.proxy_custom.clicked.connect(lambda: self.proxy_url.setFocus())

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.choose_ca.clicked.connect(self._on_choose_ca_clicked)
        self.template.textChanged.connect(self._update_example)
        self.proxy_group.idToggled.connect(lambda *_: self._update_enabled())
        self.demo.toggled.connect(lambda *_: self._update_enabled())
        # A complaint about what was there before goes once the user changes it.
        self.demo.toggled.connect(lambda *_: self.error.hide())
        self.key_field.edit.textEdited.connect(lambda *_: self.error.hide())

    def _load(self) -> None:
        s = self._store.settings
        self.base_url.setCurrentText(s.base_url)
        # Without a key the app runs the simulator even where demo mode was not chosen: say so.
        self.demo.setChecked(s.demo_mode or (self._core is not None and self._core.demo))
        modes = {
            "system": self.proxy_system,
            "none": self.proxy_none,
            "custom": self.proxy_custom,
        }
        modes[s.proxy_mode].setChecked(True)
        self.proxy_url.setText(s.proxy_url)
        self.folder.setText(s.download_dir)
        self.folder.setPlaceholderText(str(self._default_folder()))
        self.template.setText(s.filename_template)
        self.ca_file.setText(s.ca_bundle)
        self.save_hook.setText(s.save_hook)
        self.remember.setChecked(s.remember_last)
        self.max_in_flight.setValue(s.max_in_flight)
        self.notifications.setChecked(s.notifications)
        self.confirm_above.setValue(s.confirm_above)
        self.daily_limit.setValue(s.daily_limit)
        for key, box in self.prices.items():
            box.setValue(s.price_table.get(key, 0.0))
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        self._update_example()
        self._update_enabled()
        overriding_url = self._environ.get(BASE_URL_ENV, "").strip()
        if overriding_url:
            self.base_url_note.setText(
                self.tr(
                    "In use: %1, from the environment variable %2, which overrides the address "
                    "saved here."
                )
                .replace("%1", overriding_url)
                .replace("%2", BASE_URL_ENV)
            )
            self.base_url_note.show()
        if self._environ.get(KEY_ENV, "").strip():
            # Never the key itself, not even masked: it may be shared with other programs.
            self.key_status.setText(
                self.tr(
                    "The key in the environment variable %1 is in use: it overrides any key "
                    "stored here. A key entered here is stored, and used once %1 is unset."
                ).replace("%1", KEY_ENV)
            )
            return
        self._tasks.run(
            self._describe_stored_key(), name="describe-key", on_failure=lambda _e: None
        )

    async def _describe_stored_key(self) -> None:
        storage = self._store.settings.key_storage
        loop = asyncio.get_running_loop()
        try:
            stored = await loop.run_in_executor(None, self._keys.load, storage)
        except Exception:  # a keychain error is shown, not raised
            stored = None
        if not isValid(self.key_status):  # the dialog closed meanwhile
            return
        if stored:
            where = (
                self.tr("in the system keychain")
                if storage == "keychain"
                else self.tr("in the private file %1").replace("%1", str(self._keys.key_file))
            )
            self.key_status.setText(
                self.tr("A key is stored (%1) %2. Leave the field empty to keep it.")
                .replace("%1", mask(stored))
                .replace("%2", where)
            )
        else:
            self.key_status.setText(self.tr("No key is stored yet."))

    def _default_folder(self) -> object:
        return self._core.paths.videos if self._core is not None else ""

    def _update_enabled(self) -> None:
        live = not self.demo.isChecked()
        for widget in (
            self.base_url,
            self.key_field,
            self.test_button,
            self.proxy_system,
            self.proxy_none,
            self.proxy_custom,
        ):
            widget.setEnabled(live)
        self.proxy_url.setEnabled(live and self.proxy_custom.isChecked())

    def _update_example(self) -> None:
        try:
            template = check_template(self.template.text())
        except SettingsError as exc:
            self.template_example.setText(self._catalogue.error_message(exc))
            return
        example = GenerationRequest("A futuristic train crossing a desert at dusk", seed=42)
        folders, stem = render_name(
            template,
            example,
            task_id="task-unified-1757165031-uyujaw3d",
            job_id="x",
            when=time.time(),
            project=self._store.settings.current_project,
        )
        name = "/".join([*folders, f"{stem}.mp4"])
        self.template_example.setText(self.tr("Example: %1").replace("%1", name))

    def _on_browse_clicked(self) -> None:
        self._tasks.run(self._choose_folder(), name="choose-folder", owner=self)

    async def _choose_folder(self) -> None:
        chooser = QFileDialog(
            self,
            self.tr("Download folder"),
            self.folder.text() or str(self._default_folder()),
        )
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        try:
            chosen = await ask(chooser) == QDialog.DialogCode.Accepted
            if chosen and chooser.selectedFiles() and isValid(self.folder):
                self.folder.setText(chooser.selectedFiles()[0])
        finally:
            chooser.deleteLater()

    def _on_choose_ca_clicked(self) -> None:
        self._tasks.run(self._choose_ca_file(), name="choose-ca-file", owner=self)

    async def _choose_ca_file(self) -> None:
        current = self.ca_file.text().strip()
        chooser = QFileDialog(
            self, self.tr("Extra CA certificates"), os.path.dirname(current) if current else ""
        )
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setNameFilters(
            [self.tr("Certificates (*.pem *.crt *.cer)"), self.tr("All files (*)")]
        )
        try:
            chosen = await ask(chooser) == QDialog.DialogCode.Accepted
            if chosen and chooser.selectedFiles() and isValid(self.ca_file):
                self.ca_file.setText(chooser.selectedFiles()[0])
        finally:
            chooser.deleteLater()

    def _proxy_mode(self) -> str:
        return {0: "system", 1: "none", 2: "custom"}[self.proxy_group.checkedId()]

    def _collect(self) -> dict[str, object]:
        """The new values; raises ``SettingsError`` naming a bad one."""
        mode = self._proxy_mode()
        proxy = self.proxy_url.text().strip()
        if mode == "custom":
            check_proxy_url(proxy)
        return {
            "base_url": check_base_url(self.base_url.currentText()),
            "demo_mode": self.demo.isChecked(),
            "first_run_done": True,
            "proxy_mode": mode,
            "proxy_url": proxy,
            "download_dir": self.folder.text().strip(),
            "filename_template": check_template(self.template.text().strip()),
            "ca_bundle": self.ca_file.text().strip(),
            "save_hook": check_hook(self.save_hook.text().strip()),
            "remember_last": self.remember.isChecked(),
            "max_in_flight": self.max_in_flight.value(),
            "notifications": self.notifications.isChecked(),
            "confirm_above": self.confirm_above.value(),
            "daily_limit": self.daily_limit.value(),
            # 0 reads "unknown": a price nobody entered is not a free video.
            "price_table": {key: box.value() for key, box in self.prices.items() if box.value()},
            "language": self.language.currentData(),
            "theme": self.theme.currentData(),
        }

    # -- test and save --------------------------------------------------------------------------

    def _on_test_button_clicked(self) -> None:
        try:
            values = self._collect()
        except SettingsError as exc:
            self._show_error(self._catalogue.explain(exc))
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Testing…"))
        candidate = replace(self._store.settings, **values)  # type: ignore[arg-type]
        # An empty field tests the key in use: the environment's, or else the stored one.
        typed = self.key_field.key() or self._environ.get(KEY_ENV, "").strip()

        async def test() -> ConnectionReport:
            loop = asyncio.get_running_loop()
            key = typed or await loop.run_in_executor(
                None, lambda: self._keys.load(candidate.key_storage) or ""
            )
            return await check_connection(
                candidate.base_url,
                key,
                proxy=candidate.proxy(),
                ca_file=ca_file_from(self._environ, candidate.ca_bundle),
            )

        self._tasks.run(
            test(),
            name="test-connection",
            on_success=self._show_report,
            owner=self,
            on_failure=lambda e: self._show_report(ConnectionReport(False, None, None, e)),
        )

    def _show_report(self, report: ConnectionReport) -> None:
        self.test_button.setEnabled(True)
        lines = []
        if report.reachable:
            lines.append("✓ " + self.tr("The service answered."))
        else:
            lines.append("✗ " + self.tr("The service could not be reached."))
        if report.key_accepted is True:
            lines.append("✓ " + self.tr("The key was accepted."))
        elif report.key_accepted is False:
            lines.append("✗ " + self.tr("The key was not accepted."))
        if report.balance is not None:
            if report.balance.usd is not None:
                lines.append(self.tr("Balance: $%1").replace("%1", f"{report.balance.usd:.2f}"))
            elif report.balance.credits is not None:
                lines.append(
                    self.tr("Balance: %1 credits").replace("%1", f"{report.balance.credits:g}")
                )
        elif report.key_accepted:
            lines.append(self.tr("The service does not report a balance."))
        if report.problem is not None:
            lines.append(self._catalogue.explain(report.problem))
        self.test_result.setText("\n".join(lines))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _on_buttons_accepted(self) -> None:
        try:
            values = self._collect()
        except SettingsError as exc:
            self._show_error(self._catalogue.explain(exc))
            return
        self.error.hide()
        self.buttons.setEnabled(False)
        self._tasks.run(
            self._save(values, self.key_field.key()),
            name="save-preferences",
            on_success=self._on_save_finished,
            on_failure=lambda error: self._on_save_finished(
                _Problem(self._catalogue.explain(error))
            ),
            owner=self,
        )

    async def _save(self, values: dict[str, object], key: str) -> _Problem | None:
        """Store the key and the settings and switch the connection; a ``_Problem`` when
        nothing (or not all) could be saved. Running downloads are not waited for: they
        finish on the old connection (``Core.reconnect``)."""
        loop = asyncio.get_running_loop()
        live = not values["demo_mode"]
        if live and not key and not await loop.run_in_executor(None, self._has_key):
            return _Problem(
                self.tr(
                    "Demo mode stays on until there is an API key. Enter your key in the API key "
                    "field (or set the environment variable %1) and press OK, or tick Demo mode "
                    "again."
                ).replace("%1", KEY_ENV),
                self.key_field.edit,
            )
        try:
            # Read before anything is kept: a file that holds no certificates is said now.
            await loop.run_in_executor(None, check_ca_file, str(values["ca_bundle"]))
            if key and live and not await store_key(key, self._keys, self._store, self):
                return _Problem(self.tr("The key was not saved; nothing was changed."))
            settings = await loop.run_in_executor(None, lambda: self._store.update(**values))
        except ReelDeskError as exc:
            # A value refused, or the file could not be written (SettingsNotSaved): the
            # dialog stays open with what the user typed.
            return _Problem(self._catalogue.explain(exc))
        if self._core is not None:
            try:
                connection = await loop.run_in_executor(
                    None,
                    lambda: resolve_connection(
                        settings, self._keys, self._environ, demo_without_key=True
                    ),
                )
            except SettingsError as exc:  # REELDESK_BASE_URL is not an address ReelDesk allows
                return _Problem(str(exc))
            await self._core.reconnect(connection, settings)
        return None

    def _has_key(self) -> bool:
        """Whether a live connection would have a key: from the environment or stored."""
        if self._environ.get(KEY_ENV, "").strip():
            return True
        try:
            return bool(self._keys.load(self._store.settings.key_storage))
        except KeychainUnavailable:
            return False  # unreadable is as good as none: the app could not use it either

    def _on_save_finished(self, problem: _Problem | None) -> None:
        self.buttons.setEnabled(True)
        if problem is not None:
            self._show_error(problem.text)
            if problem.focus is not None:
                self.tabs.setCurrentIndex(0)
                problem.focus.setFocus()
            return
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, str(self._store.settings.theme))
        self.accept()


def _note(text: str = "") -> QLabel:
    """A wrapped, dimmed line under a field; plain text, as it may quote the user or service."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


def _credits_box(zero: str, *, suffix: str = "") -> QDoubleSpinBox:
    """A number of credits; 0 shows ``zero`` (never, no limit, unknown)."""
    box = QDoubleSpinBox()
    box.setRange(0, 1_000_000)
    box.setDecimals(2)
    box.setSpecialValueText(zero)
    box.setSuffix(suffix)
    return box


def _add_row(
    form: QFormLayout, text: str, field: QWidget | QLayout, *, buddy: QWidget | None = None
) -> QLabel:
    """A labelled row whose mnemonic moves focus to ``buddy`` (the field itself by default).
    Without a buddy QLabel would show the "&" itself."""
    label = QLabel(text)
    target = buddy if buddy is not None else field
    assert isinstance(target, QWidget)
    label.setBuddy(target)
    form.addRow(label, field)
    return label


def _chain(*widgets: QWidget) -> None:
    """Tab goes through ``widgets`` in this order."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
