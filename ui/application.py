"""The composition root of the window: builds settings, key, core services and widgets, hands
each widget the narrow thing it needs, and runs everything on one qasync loop."""

from __future__ import annotations

# isort: off
import ui.pyside_features  # noqa: F401  first: before the rest is imported
# isort: on

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app import PRODUCT, __version__
from app.api.client import Balance
from app.errors import (
    AlreadyRunning,
    HistoryCorrupt,
    HistoryEmptied,
    HistoryError,
    HistoryTooNew,
    HomeNotWritable,
    ReelDeskError,
)
from app.logs import setup_logging
from app.memory import forget_sources, give_back
from app.messages import Catalogue
from app.paths import Paths, resolve_paths
from app.resources import resource
from app.secrets import KEY_ENV, KeyStore, environment_key
from app.settings import SettingsError, SettingsStore
from ui.dialogs import ask, ask_box, message_box
from ui.errors import ErrorReporter
from ui.first_paint import HeldCollection, after_first_paint
from ui.shutdown import (
    CLOSE_SECONDS,
    QuitDeadline,
    close_core,
    close_within,
    exit_now,
    install_quit_signals,
)
from ui.tasks import TaskRunner
from ui.theme import apply_theme

if TYPE_CHECKING:
    import qasync

    from app.core import Connection, Core
    from ui.instance import ShowServer
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

# QtMultimedia reports codec probing at warning level; it is not news for a creator.
_QUIET_QT = "qt.multimedia.*=false;qt.multimedia.ffmpeg.*=false"
#: Jobs listed before the whole history has loaded: more than a tall window shows.
FIRST_ROWS = 200


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
    from PySide6.QtCore import QLibraryInfo  # only for a translation: not at start-up in English

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
    show_server: ShowServer | None = None
    #: A second launch that brought the running ReelDesk's window forward instead.
    handed_over: bool = False
    #: Names of the tasks left behind when closing ran out of time.
    abandoned: list[str] = field(default_factory=list)
    deadline: QuitDeadline = field(default_factory=QuitDeadline)
    #: Set by "Repair history…": close the window and the history, then start again with the
    #: repair dialog first (``_main``).
    repair_requested: asyncio.Event = field(default_factory=asyncio.Event)
    #: The translations installed for the language in use (``switch_language`` swaps them).
    translators: list[QTranslator] = field(default_factory=list)
    #: The cycle collector, held off while the window is made (``start_session``).
    collection: HeldCollection = field(default_factory=HeldCollection)


def switch_language(session: Session, setting: str) -> None:
    """Use the language of ``setting`` from now on, without a restart: Qt's and ReelDesk's
    translations are swapped, which sends every open widget a ``LanguageChange`` (each sets
    its texts again), and the core's catalogue (status words, problems) is replaced in the
    window."""
    catalogue = Catalogue(language_code(setting))
    if catalogue.language == session.catalogue.language:
        return
    app = session.app
    for translator in session.translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    code, session.translators = install_translators(app, setting)
    session.catalogue = catalogue
    log.info("language switched to %s", code)
    window, core = session.window, session.core
    if window is not None:
        window.set_catalogue(session.catalogue)
        if core is not None:
            window.set_backend(backend_label(core.connection, session.catalogue), core.demo)


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
    repair_first: bool = False,
) -> MainWindow | None:
    """Everything after the event loop runs: welcome, key, core, window, history.
    ``repair_first``: the window was closed to repair the history; the repair dialog comes
    before the history is opened again (and the start-up warnings are not said twice)."""
    loop = asyncio.get_running_loop()
    store = session.settings
    first_run = not store.settings.first_run_done and not args.demo and not environ.get(KEY_ENV)
    if repair_first:
        await repair_history(session)
    elif welcome and first_run:
        from ui.welcome import WelcomeDialog

        dialog = WelcomeDialog(session.keys, store, session.tasks, catalogue=session.catalogue)
        log.info("first run: welcome shown")
        await dialog.run()
    if store.moved_aside is not None and not repair_first:
        await warn(
            QApplication.translate(
                "Application",
                "Your settings file could not be read and was set aside as %1. "
                "ReelDesk started with default settings.",
            ).replace("%1", str(store.moved_aside))
        )
    if store.fallbacks and not repair_first:
        labels = (
            session.catalogue.field_label(SettingsError(name, "")) for name in store.fallbacks
        )
        await warn(
            QApplication.translate(
                "Application",
                "These settings were not valid and went back to their defaults: %1.",
            ).replace("%1", ", ".join(labels))
        )
    settings = store.settings

    def build_core() -> Core:
        # On a worker thread: opening the history (and its daily backup) is file work.
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
        # The demo simulator serves from the warm-up, after the first paint: loading it
        # (an HTTP server) here would hold the interpreter lock the window's code needs.
        # Likewise the history's daily backup, a copy of the whole file once a day.
        return Core(
            session.paths,
            settings,
            connection,
            environ=environ,
            simulator_later=True,
            backup_later=True,
        )

    # Until the first paint (or a question instead): the window's code and widgets are
    # objects that live on, which the cycle collector would otherwise walk again and again.
    session.collection.hold()
    # The window's code first, then the core: the window's modules include nearly all of the
    # core's, and loading them on two threads at once (the core's thread overlapping these
    # imports, as before) made each wait for the other, for the interpreter lock and for
    # the modules being loaded, and the first paint came later, not sooner.
    from ui.main_window import MainWindow, WindowServices

    building = loop.run_in_executor(None, build_core)

    while True:
        try:
            core = await building
            break
        except AlreadyRunning:
            session.collection.resume()
            await show_the_running_one(session)
            return None
        except (HistoryError, HomeNotWritable) as exc:
            session.collection.resume()
            log.error("the history cannot be opened: %s", exc.details)
            if not await history_problem(session, exc):
                return None
            session.collection.hold()
            building = loop.run_in_executor(None, build_core)
    session.core = core

    def videos_dir() -> Path:
        return store.settings.videos_folder(session.paths.videos)

    def open_preferences() -> None:
        from ui.preferences import PreferencesDialog

        if session.window is None:
            return
        window = session.window
        dialog = PreferencesDialog(
            store,
            session.keys,
            session.tasks,
            core,
            catalogue=session.catalogue,
            parent=window,
            switch_language=lambda setting: switch_language(session, setting),
        )
        dialog.accepted.connect(
            lambda: window.set_backend(backend_label(core.connection, session.catalogue), core.demo)
        )
        dialog.open()

    async def balance() -> Balance | None:
        client = core.client
        if session.core is not core or client is None:
            return None  # closing: the window's timer may still ask
        return await client.balance()

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
            data_dir=session.paths.data,
            library_file=session.paths.library_file,
            balance=balance,
            open_preferences=open_preferences,
            repair_history=session.repair_requested.set,
            icon=session.app.windowIcon(),
        )
    )
    session.window = window
    window.show()
    after_first_paint(window, session.collection.resume)
    # Before the history's jobs are made, so that they reuse the room (see app.memory).
    forget_sources()
    # The newest jobs first: a large history takes seconds to load in full.
    window.reset_jobs(await core.engine.recent(FIRST_ROWS))
    await core.engine.start(resume=True)
    window.reset_jobs()
    from app.frames import FrameCache
    from ui.thumbnails import FrameStrips, VideoThumbnails

    window.set_thumbnails(VideoThumbnails(session.paths.thumbnails))
    window.set_frame_strips(FrameStrips(FrameCache(session.paths.frames), parent=window))
    # Not before: loading the HTTP stack and the demo simulator on a worker thread would
    # hold the GIL while the window paints for the first time.
    await asyncio.to_thread(core.warm_up)
    from ui.instance import ShowServer, server_name

    session.show_server = ShowServer(server_name(session.paths.lock_file), window)
    # Start-up is over: what loading the history and the window's code left behind goes back.
    await asyncio.to_thread(give_back)
    return window


async def warn(text: str, informative: str = "") -> None:
    """A warning at start-up, before there is a window; answered without a nested loop."""
    box = message_box(None, PRODUCT, text, icon=QMessageBox.Icon.Warning, informative=informative)
    try:
        await ask(box)
    finally:
        box.deleteLater()


#: Problems that restoring a backup or rebuilding from the videos can mend.
_REPAIRABLE = (HistoryCorrupt, HistoryTooNew, HistoryEmptied)


async def history_problem(session: Session, error: HistoryError | HomeNotWritable) -> bool:
    """Say why the history cannot be opened, and offer what helps: Repair… for a damaged,
    too new or emptied history, Try again for one that is locked or whose permissions the
    person can fix. Returns True to try opening it again, False to quit."""
    catalogue = session.catalogue
    box = message_box(
        None,
        PRODUCT,
        catalogue.error_message(error),
        icon=QMessageBox.Icon.Critical,
        informative=catalogue.next_action(error),
        buttons=QMessageBox.StandardButton.NoButton,
    )
    repairable = isinstance(error, _REPAIRABLE) or type(error) is HistoryError
    again = box.addButton(
        QApplication.translate("Application", "&Repair…")
        if repairable
        else QApplication.translate("Application", "&Try again"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    quit_button = box.addButton(
        QApplication.translate("Application", "&Quit"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(again)
    box.setEscapeButton(quit_button)
    try:
        clicked = await ask_box(box)
    finally:
        box.deleteLater()
    if clicked is not again:
        log.info("quit at a history problem")
        return False
    if repairable:
        await repair_history(session, problem=catalogue.error_message(error))
    return True


async def repair_history(session: Session, *, problem: str = "") -> bool:
    """The repair dialog, while no engine has the history open. True when it repaired."""
    from ui.repair import RepairDialog

    settings = session.settings
    dialog = RepairDialog(
        session.paths,
        lambda: settings.settings.videos_folder(session.paths.videos),
        session.catalogue,
        session.tasks,
        problem=problem,
    )
    try:
        repaired = await ask(dialog) == QDialog.DialogCode.Accepted.value
    finally:
        dialog.deleteLater()
    log.info("repair dialog closed (%s)", "repaired" if repaired else "nothing changed")
    return repaired


async def show_the_running_one(session: Session) -> None:
    """Another ReelDesk holds this history: bring its window forward, or say why it cannot."""
    from ui.instance import ask_to_show, holder_pid, server_name

    lock_file = session.paths.lock_file
    if await ask_to_show(server_name(lock_file)):
        log.info("ReelDesk is already running; its window was brought forward")
        session.handed_over = True
        return
    pid = await asyncio.to_thread(holder_pid, lock_file)
    log.warning("ReelDesk is already running as process %s and does not answer", pid)
    await warn(
        QApplication.translate(
            "Application",
            "ReelDesk is already running as process %1, but it does not answer: it may still "
            "be starting, or be stuck while closing.\n\nWait a moment and start ReelDesk again. "
            "If this message comes back, end process %1 first.",
        ).replace("%1", pid)
    )


async def _main(session: Session, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    quit_event = asyncio.Event()

    def quit_requested() -> None:
        session.deadline.arm()
        quit_event.set()

    session.app.aboutToQuit.connect(quit_requested)

    def quit_now() -> None:
        log.info("asked to quit by a signal")
        session.deadline.arm()
        if session.window is not None:
            session.window.quit(ask=False)  # saves its state, then says quit_requested
        else:
            quit_requested()

    install_quit_signals(session.app, quit_now)
    repair_first = False
    while True:
        starting = asyncio.create_task(
            start_session(session, args, environ, repair_first=repair_first), name="starting"
        )
        quitting = asyncio.create_task(quit_event.wait(), name="waiting to quit")
        # A signal during the welcome or a start-up question quits too.
        await asyncio.wait({starting, quitting}, return_when=asyncio.FIRST_COMPLETED)
        session.collection.resume()  # however the start ended, or was cut short
        if not starting.done():
            log.info("quit while starting")
            starting.cancel()
            await asyncio.wait({starting}, timeout=1.0)
            return 0 if await close_session(session) else 1
        if starting.exception() is not None or starting.result() is None:
            quitting.cancel()
        window = starting.result()
        if window is None:
            return 0 if session.handed_over else 1
        window.quit_requested.connect(quit_requested)
        log.info("window shown")
        repairing = asyncio.create_task(session.repair_requested.wait(), name="waiting to repair")
        await asyncio.wait({quitting, repairing}, return_when=asyncio.FIRST_COMPLETED)
        if quitting.done():
            repairing.cancel()
            return 0 if await close_session(session) else 1
        # "Repair history…": the engine lets go of the history (its store thread ends with
        # the core), then the start begins again with the repair dialog.
        quitting.cancel()
        session.repair_requested.clear()
        log.info("closing the window and the history to repair it")
        window.quit_requested.disconnect(quit_requested)
        window.hide()
        closed = await close_session(session)
        session.window = None
        window.deleteLater()
        if not closed:
            return 1
        repair_first = True


async def close_session(session: Session, *, grace: float = CLOSE_SECONDS) -> bool:
    """Stop the tasks and close the core within ``grace`` seconds, whatever state the tasks
    are in. The instance lock is released either way, so ReelDesk starts again. Returns False
    when something was abandoned."""
    if session.show_server is not None:
        session.show_server.close()
        session.show_server = None
    core, session.core = session.core, None
    session.abandoned = await close_within(_close_steps(session.tasks, core), grace)
    if session.abandoned and core is not None:
        core.release()
    return not session.abandoned


async def _close_steps(tasks: TaskRunner, core: Core | None) -> None:
    # Side by side: a widget's task that ignores cancellation does not keep the engine open.
    steps = [asyncio.create_task(tasks.cancel_all(), name="closing widget tasks")]
    if core is not None:
        steps.append(asyncio.create_task(close_core(core), name="closing the core"))
    await asyncio.gather(*steps)


def make_session(app: QApplication, environ: Mapping[str, str]) -> Session:
    paths = resolve_paths(environ)
    paths.ensure()
    environment_key(environ)  # known to the redaction before the first log line
    setup_logging(paths.logs)
    store = SettingsStore(paths.settings_file)
    code, translators = install_translators(app, store.settings.language)
    catalogue = Catalogue(code)
    apply_theme(app, store.settings.theme)
    reporter = ErrorReporter(lambda: _active_window(app))
    session: Session | None = None

    def show_error(error: ReelDeskError) -> None:
        # In the language in use now: it may have changed since (``switch_language``).
        catalogue = session.catalogue if session is not None else Catalogue(code)
        box = message_box(
            _active_window(app),
            PRODUCT,
            catalogue.error_message(error),
            icon=QMessageBox.Icon.Warning,
            informative=catalogue.next_action(error),
        )
        box.finished.connect(box.deleteLater)
        box.open()

    session = Session(
        app=app,
        paths=paths,
        settings=store,
        keys=KeyStore(paths.key_file),
        catalogue=catalogue,
        reporter=reporter,
        tasks=TaskRunner(show_error),
        translators=translators,
    )
    return session


def _home_not_writable(loop: qasync.QEventLoop, error: HomeNotWritable) -> int:
    """Nothing can start (no settings, no log): say so, on stderr too, and exit 1."""
    catalogue = Catalogue(language_code("system"))
    print(f"reeldesk: {catalogue.explain(error)}", file=sys.stderr)
    app = QApplication.instance()
    with loop:
        saying = loop.create_task(
            warn(catalogue.error_message(error), informative=catalogue.next_action(error))
        )

        def stop() -> None:
            saying.cancel()

        if isinstance(app, QApplication):
            install_quit_signals(app, stop)
        loop.run_until_complete(asyncio.wait({saying}))
    return 1


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
    try:
        session = make_session(app, os.environ)
    except HomeNotWritable as exc:
        return _home_not_writable(loop, exc)
    session.reporter.install(loop)
    with loop:
        code = int(loop.run_until_complete(_main(session, args, os.environ)))
        if session.abandoned:
            exit_now(code)
    return code
