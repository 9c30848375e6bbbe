"""The composition root of the window: builds settings, key, core services and widgets, hands
each widget the narrow thing it needs, and runs everything on one qasync loop."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSocketNotifier, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import PRODUCT, __version__
from app.api.client import Balance
from app.api.errors import AlreadyRunning, ReelDeskError
from app.logs import setup_logging
from app.messages import Catalogue
from app.paths import Paths, resolve_paths
from app.resources import resource
from app.secrets import KEY_ENV, KeyStore
from app.settings import SettingsError, SettingsStore
from ui.errors import ErrorReporter
from ui.tasks import TaskRunner
from ui.theme import apply_theme

if TYPE_CHECKING:
    from app.core import Connection, Core
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

# QtMultimedia reports codec probing at warning level; it is not news for a creator.
_QUIET_QT = "qt.multimedia.*=false;qt.multimedia.ffmpeg.*=false"


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resource("icons")
    for size in (16, 32, 48, 64, 128, 256):
        png = folder.joinpath(f"reeldesk-{size}.png")
        if png.is_file():
            icon.addFile(str(png))
    svg = folder.joinpath("reeldesk.svg")
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon


def language_code(setting: str) -> str:
    """``en`` or ``zh_CN`` for a setting of ``system``, ``en`` or ``zh_CN``."""
    if setting != "system":
        return setting
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_translators(app: QApplication, setting: str) -> tuple[str, list[QTranslator]]:
    """Load ReelDesk's and Qt's own translations for the language; returns the code used."""
    code = language_code(setting)
    QLocale.setDefault(QLocale(code))
    translators: list[QTranslator] = []
    if code == "en":
        return code, translators
    ours = QTranslator(app)
    qm = resource("i18n", f"reeldesk_{code}.qm")
    if qm.is_file() and ours.load(str(qm)):
        app.installTranslator(ours)
        translators.append(ours)
    else:
        log.warning("no translation for %s", code)
    qt_base = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_base.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(qt_base)
        translators.append(qt_base)
    return code, translators


def backend_label(connection: Connection | None, catalogue: Catalogue) -> str:
    if connection is None:
        return catalogue.text("error.no_key")
    if connection.demo:
        return catalogue.text("note.demo")
    return QApplication.translate("MainWindow", "Live · %1").replace("%1", connection.host)


@dataclass
class Session:
    """What one run of the window holds; closed in order at the end."""

    app: QApplication
    paths: Paths
    settings: SettingsStore
    keys: KeyStore
    catalogue: Catalogue
    reporter: ErrorReporter
    tasks: TaskRunner
    core: Core | None = None
    window: MainWindow | None = None


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reeldesk", add_help=False)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--base-url")
    args, _unknown = parser.parse_known_args(list(argv))
    return args


async def start_session(
    session: Session,
    args: argparse.Namespace,
    environ: Mapping[str, str],
    *,
    welcome: bool = True,
) -> MainWindow | None:
    """Everything after the event loop runs: welcome, key, core, window, history."""
    loop = asyncio.get_running_loop()
    store = session.settings
    if welcome and not store.settings.first_run_done and not args.demo and not environ.get(KEY_ENV):
        from ui.welcome import WelcomeDialog

        dialog = WelcomeDialog(session.keys, store, session.tasks)
        await dialog.run()
    if store.moved_aside is not None:
        QMessageBox.warning(
            None,
            PRODUCT,
            QApplication.translate(
                "Application",
                "Your settings file could not be read and was set aside as %1. "
                "ReelDesk started with default settings.",
            ).replace("%1", str(store.moved_aside)),
        )
    settings = store.settings

    def build_core() -> Core:
        # On a worker thread: opening the history, finding the key and starting the demo
        # simulator overlap with loading the window's code on the GUI thread.
        from app.core import Connection, Core, resolve_connection

        try:
            connection: Connection | None = resolve_connection(
                settings,
                session.keys,
                environ,
                demo=args.demo,
                base_url=args.base_url,
                demo_without_key=True,
            )
        except SettingsError as exc:
            log.warning("settings: %s; falling back to demo mode", exc)
            connection = Connection("", "", True, None)
        return Core(session.paths, settings, connection, environ=environ)

    building = loop.run_in_executor(None, build_core)
    from ui.main_window import MainWindow, WindowServices

    try:
        core = await building
    except AlreadyRunning:
        QMessageBox.information(
            None,
            PRODUCT,
            QApplication.translate(
                "Application", "ReelDesk is already running. Look for its window or tray icon."
            ),
        )
        return None
    session.core = core

    def videos_dir() -> Path:
        return store.settings.videos_folder(session.paths.videos)

    def open_preferences() -> None:
        from ui.preferences import PreferencesDialog

        if session.window is None:
            return
        window = session.window
        dialog = PreferencesDialog(
            store, session.keys, session.tasks, core, catalogue=session.catalogue, parent=window
        )
        dialog.accepted.connect(
            lambda: window.set_backend(backend_label(core.connection, session.catalogue), core.demo)
        )
        dialog.open()

    async def balance() -> Balance | None:
        client = core.client
        return None if client is None else await client.balance()

    window = MainWindow(
        WindowServices(
            engine=core.engine,
            settings=store,
            catalogue=session.catalogue,
            tasks=session.tasks,
            backend_label=backend_label(core.connection, session.catalogue),
            demo=core.demo,
            videos_dir=videos_dir,
            log_dir=session.paths.logs,
            balance=balance,
            open_preferences=open_preferences,
            icon=session.app.windowIcon(),
        )
    )
    session.window = window
    window.show()
    await core.engine.start(resume=True)
    window.reset_jobs()
    from ui.thumbnails import VideoThumbnails

    window.set_thumbnails(VideoThumbnails(session.paths.thumbnails))
    # Not before: loading the HTTP stack on a worker thread would hold the GIL while the
    # window paints for the first time.
    await loop.run_in_executor(None, core.warm_up)
    return window


def install_quit_signals(app: QApplication, on_quit: Callable[[], None]) -> None:
    """SIGTERM and SIGINT (logout, ``kill``, Ctrl+C in a terminal) close ReelDesk cleanly.

    Python runs signal handlers only when the interpreter gets control, which Qt's loop does
    not give it; the wake-up fd turns a signal into a readable socket Qt watches."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woke() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)
        on_quit()

    notifier.activated.connect(woke)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: None)
    app.setProperty("reeldesk_quit_signals", True)
    _KEEP_ALIVE.extend([reader, writer, notifier])


_KEEP_ALIVE: list[object] = []


async def _main(session: Session, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    quit_event = asyncio.Event()
    session.app.aboutToQuit.connect(quit_event.set)

    def quit_now() -> None:
        log.info("asked to quit by a signal")
        if session.window is not None:
            session.window.quit(ask=False)
        else:
            quit_event.set()

    install_quit_signals(session.app, quit_now)
    window = await start_session(session, args, environ)
    if window is None:
        return 1
    window.quit_requested.connect(quit_event.set)
    log.info("window shown")
    await quit_event.wait()
    await close_session(session)
    return 0


async def close_session(session: Session) -> None:
    await session.tasks.cancel_all()
    if session.core is not None:
        await session.core.close()
        session.core = None


def make_session(app: QApplication, environ: Mapping[str, str]) -> Session:
    paths = resolve_paths(environ)
    paths.ensure()
    setup_logging(paths.logs, secrets=(environ.get(KEY_ENV, ""),))
    store = SettingsStore(paths.settings_file)
    code, _translators = install_translators(app, store.settings.language)
    catalogue = Catalogue(code)
    apply_theme(app, store.settings.theme)
    reporter = ErrorReporter(lambda: _active_window(app))

    def show_error(error: ReelDeskError) -> None:
        box = QMessageBox(_active_window(app))
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(PRODUCT)
        box.setText(catalogue.error_message(error))
        box.setInformativeText(catalogue.next_action(error))
        box.open()

    return Session(
        app=app,
        paths=paths,
        settings=store,
        keys=KeyStore(paths.key_file),
        catalogue=catalogue,
        reporter=reporter,
        tasks=TaskRunner(show_error),
    )


def _active_window(app: QApplication) -> QWidget | None:
    return app.activeWindow()


def quiet_multimedia() -> None:
    """Before the QApplication exists: no codec chatter from QtMultimedia and FFmpeg."""
    rules = os.environ.get("QT_LOGGING_RULES")
    if not rules or _QUIET_QT not in rules:
        os.environ["QT_LOGGING_RULES"] = f"{rules};{_QUIET_QT}" if rules else _QUIET_QT


def run(argv: Sequence[str]) -> int:
    """Open the window; returns the process exit code."""
    import qasync

    args = _parse(argv)
    quiet_multimedia()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else PRODUCT])
    assert isinstance(app, QApplication)
    app.setApplicationName(PRODUCT)
    app.setApplicationDisplayName(PRODUCT)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(PRODUCT)
    app.setDesktopFileName("io.reeldesk.ReelDesk")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    session = make_session(app, os.environ)
    session.reporter.install(loop)
    with loop:
        return int(loop.run_until_complete(_main(session, args, os.environ)))
