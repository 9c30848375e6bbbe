"""No nested event loop in ui/, checked by reading the code (rule 15 of the conventions).

Under qasync a nested loop (``exec()``, the static ``QMessageBox``/``QFileDialog`` functions,
``processEvents()``) stalls every other task. Two checks over every module of ``ui``:

- none in an ``async def`` or in any function it reaches by calling it in the same module
  (``f()``, ``self.f()``): no exceptions at all;
- none anywhere else in ``ui`` either, apart from the short allow-list below.

The runtime side of the same rule is ``tests/nested_loop_guard.py``.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import ui

UI = Path(ui.__file__).parent
ROOT = UI.parent

#: Calls that would nest a loop and are allowed anyway, with why. None: every question in
#: ui/ goes through ui.dialogs.
ALLOWED: Counter[tuple[str, str]] = Counter()

NESTING_METHODS = frozenset({"exec", "exec_", "processEvents"})
STATIC_BOXES = frozenset({"question", "warning", "information", "critical", "about", "aboutQt"})
STATIC_DIALOGS = frozenset({"QFileDialog", "QInputDialog", "QColorDialog", "QFontDialog"})


@dataclass(frozen=True)
class Offence:
    module: str
    line: int
    call: str
    function: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} {self.call}() in {self.function}"


def nested_loop_call(node: ast.Call) -> str | None:
    """``box.exec``, ``QMessageBox.question``... when ``node`` starts a nested loop."""
    func = node.func
    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value.id if isinstance(func.value, ast.Name) else None
    if (
        func.attr in NESTING_METHODS
        or (owner == "QMessageBox" and func.attr in STATIC_BOXES)
        or (owner in STATIC_DIALOGS and func.attr.startswith("get"))
    ):
        return ast.unparse(func)
    return None


@dataclass
class Function:
    name: str
    qualname: str
    owner_class: str | None
    node: ast.FunctionDef | ast.AsyncFunctionDef
    calls: set[tuple[str | None, str]] = field(default_factory=set)  # (class or None, name)
    offences: list[tuple[int, str]] = field(default_factory=list)


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """What runs as part of ``function``: for a coroutine, everything written inside it
    (a callback defined there is its own code); otherwise its body without nested
    functions and lambdas, which run only if called."""
    if isinstance(function, ast.AsyncFunctionDef):
        return list(ast.walk(function))
    found: list[ast.AST] = []
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def functions_of(tree: ast.Module) -> list[Function]:
    found: list[Function] = []

    def visit(node: ast.AST, prefix: str, owner_class: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.", child.name)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                function = Function(child.name, prefix + child.name, owner_class, child)
                for inner in _own_nodes(child):
                    if not isinstance(inner, ast.Call):
                        continue
                    call = nested_loop_call(inner)
                    if call is not None:
                        function.offences.append((inner.lineno, call))
                    target = inner.func
                    if isinstance(target, ast.Name):
                        function.calls.add((None, target.id))
                    elif (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id in ("self", "cls")
                    ):
                        function.calls.add((owner_class, target.attr))
                found.append(function)
                visit(child, f"{prefix}{child.name}.", owner_class)
            else:
                visit(child, prefix, owner_class)

    visit(tree, "", None)
    return found


def reached_from_coroutines(functions: list[Function]) -> list[Function]:
    """Every coroutine, and every function of the module one of them calls, transitively."""
    by_name: dict[str, list[Function]] = {}
    for function in functions:
        by_name.setdefault(function.name, []).append(function)
    reached = [f for f in functions if isinstance(f.node, ast.AsyncFunctionDef)]
    seen = {id(f) for f in reached}
    queue = list(reached)
    while queue:
        for owner_class, name in queue.pop().calls:
            for callee in by_name.get(name, []):
                if owner_class is not None and callee.owner_class != owner_class:
                    continue
                if id(callee) not in seen:
                    seen.add(id(callee))
                    reached.append(callee)
                    queue.append(callee)
    return reached


def offences_in(source: str, module: str) -> tuple[list[Offence], list[Offence]]:
    """(reachable from a coroutine, anywhere) offences of one module's source."""
    functions = functions_of(ast.parse(source))
    everywhere = [
        Offence(module, line, call, f.qualname) for f in functions for line, call in f.offences
    ]
    reachable = [
        Offence(module, line, call, f.qualname)
        for f in reached_from_coroutines(functions)
        for line, call in f.offences
    ]
    return sorted(set(reachable), key=str), sorted(set(everywhere), key=str)


def ui_offences() -> tuple[list[Offence], list[Offence]]:
    reachable: list[Offence] = []
    everywhere: list[Offence] = []
    for path in sorted(UI.rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        near, anywhere = offences_in(path.read_text(encoding="utf-8"), module)
        reachable += near
        everywhere += anywhere
    return reachable, everywhere


def test_no_nested_loop_where_a_coroutine_can_reach() -> None:
    reachable, _everywhere = ui_offences()
    assert [str(o) for o in reachable] == []


def test_no_nested_loop_anywhere_in_ui_beyond_the_allow_list() -> None:
    _reachable, everywhere = ui_offences()
    counts = Counter((o.module, o.call) for o in everywhere)
    over = {key: n for key, n in counts.items() if n > ALLOWED[key]}
    assert over == {}, "\n".join(str(o) for o in everywhere if (o.module, o.call) in over)


# The checker itself, on the shapes it must catch.

OLD_STORE_KEY = """
async def store_key(key, keys, settings, parent):
    try:
        await loop.run_in_executor(None, keys.save, key, "keychain")
    except KeychainUnavailable as exc:
        answer = QMessageBox.question(parent, "No keychain", "Store it in a file?")
"""

THROUGH_A_HELPER = """
class Dialog:
    async def _save(self):
        if await self._valid():
            self._confirm()

    async def _valid(self):
        return True

    def _confirm(self):
        box = QMessageBox(self)
        return box.exec()

    def _on_menu(self):
        self.menu.exec()

def settle():
    QApplication.processEvents()

async def later():
    settle()
"""


def test_the_checker_catches_the_old_store_key() -> None:
    reachable, everywhere = offences_in(OLD_STORE_KEY, "ui/key_field.py")
    assert [str(o) for o in reachable] == ["ui/key_field.py:6 QMessageBox.question() in store_key"]
    assert everywhere == reachable


def test_the_checker_follows_calls_within_a_module() -> None:
    reachable, everywhere = offences_in(THROUGH_A_HELPER, "ui/x.py")
    assert [str(o) for o in reachable] == [
        "ui/x.py:12 box.exec() in Dialog._confirm",
        "ui/x.py:18 QApplication.processEvents() in settle",
    ]
    assert "ui/x.py:15 self.menu.exec() in Dialog._on_menu" in [str(o) for o in everywhere]
