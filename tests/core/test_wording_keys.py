"""Every wording key the code asks for exists in prompts/, and every value it
fills in is a placeholder that text accepts: read from the code itself (with
ast), so a misspelt key fails here and not in front of someone at night.

Found in closeness/**/*.py:
- `X.text("file", "section", "key", name=value, ...)` (Prompts.text);
- calls to a function that passes one of its parameters on as the key, such
  as `doc_text(prompts, "title", person=...)`: its callers' keys;
- `X.texts["file"]["section"]["key"]`, and `words["key"]` after
  `words = X.texts["file"]["section"]`.
A key given as a variable is followed to what the function assigns it
(literals, `a if c else b`); the rest must be listed in DYNAMIC below, with
the keys they can be.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

import closeness
from closeness.core.prompt_texts import TEXT_SECTIONS
from closeness.core.prompts import Prompts, load_prompts

PACKAGE = Path(closeness.__file__).resolve().parent

# Keys the code computes: (module, function, the key's source) -> every key it
# can be (checked like literal ones), or None for lookups by design.
DYNAMIC: dict[tuple[str, str, str], tuple[str, ...] | None] = {
    # reflect() returns what happened, a key of reflect.toml [intro].
    ("cli/review.py", "review", "done"): ("saved", "kept", "nothing"),
    # reflection_kind(period) is "week" or "month" (REFLECTION_KINDS).
    ("review/reflection.py", "reflect", "kind"): ("week", "month"),
    ("sharing/as_markdown.py", "reflection_heading", "f'reflection_{reflection.kind}'"): (
        "reflection_week",
        "reflection_month",
    ),
    # Prompts' own accessors: the lookup itself, and a label per question id
    # (load_prompts refuses checkin.toml without one for every question).
    ("core/prompts.py", "text", "key"): None,
    ("core/prompts.py", "field_label", "field_name"): None,
    # The quick reader of one prompts file (status) passes lookups on to Prompts.text.
    ("core/quick_prompts.py", "text", "key"): None,
    # remind --fire: what rhythm/remind.py:due says (reminder_key); and how it is installed.
    ("cli/rhythm.py", "remind", "key"): ("fire", "fire_partner"),
    ("cli/rhythm.py", "_how", "key"): ("how_systemd", "how_launchd"),
    # sync: each kind of change a partner's files made (cli/sync.py _CHANGES).
    ("cli/sync.py", "_say", "part"): ("added", "updated", "deleted"),
}


class Use(NamedTuple):
    """One wording looked up: where, which, and with which placeholders
    filled in (none when it is read from .texts as it stands; None when a
    ** passes names not known here, which leaves them unchecked)."""

    where: str
    file: str
    section: str
    key: str
    names: frozenset[str] | None
    # The keys this call can look up (this one among them): a name the call
    # fills in must be accepted by one of them, as it fills in for all.
    alternatives: tuple[str, ...] = ()


class Dynamic(NamedTuple):
    module: str
    function: str
    source: str
    where: str
    file: str
    section: str
    names: frozenset[str] | None


class Wrapper(NamedTuple):
    """A function passing its parameter `param` on as the key."""

    file: str
    section: str
    index: int  # of `param` among the positional arguments of a call
    param: str
    forwards: bool  # its **kwargs go on to the text: the caller's names count
    names: frozenset[str] | None  # the names it passes itself


# -- reading the code ------------------------------------------------------------

Function = ast.FunctionDef | ast.AsyncFunctionDef | ast.Module


def literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def texts_chain(node: ast.AST) -> list[ast.expr] | None:
    """The subscripts of `X.texts[a][b]...`, outermost last."""
    slices: list[ast.expr] = []
    while isinstance(node, ast.Subscript):
        slices.insert(0, node.slice)
        node = node.value
    if slices and isinstance(node, ast.Attribute) and node.attr == "texts":
        return slices
    return None


def text_call(node: ast.AST) -> ast.Call | None:
    """`X.text(file, section, key, ...)`: three positional arguments at least
    (Entry.text(answer_id) and the asker's text(message) have fewer)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "text"
        and len(node.args) >= 3
        and not any(isinstance(a, ast.Starred) for a in node.args[:3])
    ):
        return node
    return None


class Scope:
    """One function (or a module's top level) and the nodes that are its
    own, not those of a function inside it."""

    def __init__(self, module: str, node: Function, own: list[ast.AST]) -> None:
        self.module, self.node, self.own = module, node, own
        self.name = getattr(node, "name", "<module>")

    def params(self) -> list[str]:
        if isinstance(self.node, ast.Module):
            return []
        args = self.node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        return [arg.arg for arg in every if arg is not None]

    def where(self, node: ast.AST) -> str:
        return f"{self.module}:{getattr(node, 'lineno', '?')} ({self.name})"

    def assigned(self, name: str) -> list[ast.expr] | None:
        """Every value this function gives `name`, or None when it cannot
        tell: a parameter, a loop variable, an unpacked or augmented one."""
        if name in self.params():
            return None
        plain: dict[int, ast.expr] = {}
        for node in self.own:
            if isinstance(node, ast.Assign):
                plain.update((id(t), node.value) for t in node.targets)
            elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                plain[id(node.target)] = node.value
        stores = [
            node
            for node in self.own
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
        ]
        if not stores or any(id(store) not in plain for store in stores):
            return None
        return [plain[id(store)] for store in stores]

    def resolve(self, node: ast.expr, seen: frozenset[str] = frozenset()) -> set[str] | None:
        """The strings `node` can be: a literal, `a if c else b`, or a name
        only ever given such values here. None when it cannot tell."""
        if (text := literal(node)) is not None:
            return {text}
        if isinstance(node, ast.IfExp):
            body, orelse = self.resolve(node.body, seen), self.resolve(node.orelse, seen)
            return body | orelse if body is not None and orelse is not None else None
        if isinstance(node, ast.Name) and node.id not in seen:
            found: set[str] = set()
            for value in self.assigned(node.id) or [None]:
                one = self.resolve(value, seen | {node.id}) if value is not None else None
                if one is None:
                    return None
                found |= one
            return found
        return None

    def filled(self, call: ast.Call) -> frozenset[str] | None:
        """The placeholders a call fills in: its keywords, and the keys of a
        `**words` whose `words` is a dict literal here. None: some unknown."""
        names: set[str] = set()
        for keyword in call.keywords:
            if keyword.arg is not None:
                names.add(keyword.arg)
                continue
            values: list[ast.expr] | None = [keyword.value]
            if isinstance(keyword.value, ast.Name):
                values = self.assigned(keyword.value.id)
            if not values or not all(isinstance(v, ast.Dict) for v in values):
                return None
            keys = [literal(k) for v in values if isinstance(v, ast.Dict) for k in v.keys]
            if any(k is None for k in keys):
                return None
            names.update(k for k in keys if k is not None)
        return frozenset(names)


def scopes(package: Path) -> Iterator[Scope]:
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).as_posix()
        pending: list[Function] = [ast.parse(path.read_text(encoding="utf-8"))]
        while pending:
            node = pending.pop()
            own: list[ast.AST] = []
            todo = list(ast.iter_child_nodes(node))
            while todo:
                child = todo.pop()
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    pending.append(child)
                else:
                    own.append(child)
                    todo.extend(ast.iter_child_nodes(child))
            yield Scope(module, node, own)


def wrapper(scope: Scope) -> Wrapper | None:
    """A function whose text call takes its key from a parameter of its own,
    such as doc_text(prompts, key, **values)."""
    params = scope.params()
    for node in scope.own:
        call = text_call(node)
        if call is None or not isinstance(key := call.args[2], ast.Name) or key.id not in params:
            continue
        file, section = literal(call.args[0]), literal(call.args[1])
        if file is None or section is None or isinstance(scope.node, ast.Module):
            continue
        args = scope.node.args
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        index = positional.index(key.id) if key.id in positional else -1
        if index >= 0 and positional[:1] in (["self"], ["cls"]):
            index -= 1  # called as a method
        kwarg = args.kwarg.arg if args.kwarg else None
        forwards = any(
            k.arg is None and isinstance(k.value, ast.Name) and k.value.id == kwarg
            for k in call.keywords
        )
        names = frozenset(k.arg for k in call.keywords if k.arg is not None)
        return Wrapper(file, section, index, key.id, forwards, names)
    return None


def uses_in(package: Path) -> tuple[list[Use], list[Dynamic]]:
    """Every wording the code in `package` looks up, and the lookups whose
    key it cannot tell."""
    every = list(scopes(package))
    wrappers = {s.name: w for s in every if (w := wrapper(s)) is not None}
    uses: list[Use] = []
    dynamic: list[Dynamic] = []

    def found(
        scope: Scope,
        node: ast.AST,
        place: tuple[str | None, str | None],
        key: ast.expr,
        names: frozenset[str] | None,
    ) -> None:
        file, section = place
        keys = scope.resolve(key) if file is not None and section is not None else None
        if keys is None or file is None or section is None:
            where, source = scope.where(node), ast.unparse(key)
            dynamic.append(
                Dynamic(scope.module, scope.name, source, where, file or "?", section or "?", names)
            )
            return
        alternatives = tuple(sorted(keys))
        uses.extend(
            Use(scope.where(node), file, section, k, names, alternatives) for k in alternatives
        )

    for scope in every:
        inner = {id(node.value) for node in scope.own if isinstance(node, ast.Subscript)}
        groups: dict[str, tuple[str | None, str | None]] = {}  # words = X.texts["f"]["s"]
        for node in scope.own:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                chain = texts_chain(node.value)
                if chain is not None and len(chain) == 2:
                    groups[node.targets[0].id] = (literal(chain[0]), literal(chain[1]))
        own_wrapper = wrappers.get(scope.name)
        for node in scope.own:
            if call := text_call(node):
                key = call.args[2]
                if own_wrapper and isinstance(key, ast.Name) and key.id == own_wrapper.param:
                    continue  # a wrapper's own call: its callers give the key
                place = (literal(call.args[0]), literal(call.args[1]))
                found(scope, call, place, key, scope.filled(call))
            elif isinstance(node, ast.Call):
                callee = node.func
                name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", "")
                wrapped = wrappers.get(name)
                if wrapped is None or wrapped is own_wrapper:
                    continue
                key = next((k.value for k in node.keywords if k.arg == wrapped.param), None)
                if key is None and 0 <= wrapped.index < len(node.args):
                    key = node.args[wrapped.index]
                if key is None:
                    continue  # not passed: its default, which asks for no text
                names: frozenset[str] | None = wrapped.names
                if wrapped.forwards:
                    given = scope.filled(node)
                    names = None if given is None else (given - {wrapped.param}) | names
                found(scope, node, (wrapped.file, wrapped.section), key, names)
            elif isinstance(node, ast.Subscript) and id(node) not in inner:
                chain = texts_chain(node)
                if chain is not None and len(chain) >= 3:
                    place = (literal(chain[0]), literal(chain[1]))
                    found(scope, node, place, chain[2], frozenset())
                elif chain is not None:  # a file, or a group of texts
                    place = (literal(chain[0]), literal(chain[1]) if len(chain) > 1 else "")
                    if None in place:
                        source = next(s for s in chain if literal(s) is None)
                        found(scope, node, place, source, frozenset())
                    else:
                        groups_of(scope, node, place)
                elif isinstance(node.value, ast.Name) and node.value.id in groups:
                    found(scope, node, groups[node.value.id], node.slice, frozenset())
    return uses, dynamic


def groups_of(scope: Scope, node: ast.AST, place: tuple[str | None, str | None]) -> None:
    """`X.texts["file"]` or `X.texts["file"]["section"]`: they must exist."""
    file, section = place
    texts = load_prompts().texts
    assert file in texts, f"{scope.where(node)}: no prompts/{file}.toml"
    assert not section or section in texts[file], f"{scope.where(node)}: no [{section}]"


# -- checking what was read ----------------------------------------------------------


def problems(uses: list[Use], prompts: Prompts) -> list[str]:
    """What is wrong with these uses: a key missing from prompts/, a name the
    text does not accept, or (filled in) a placeholder of the text left out."""
    found = []
    for use in uses:
        section = prompts.texts.get(use.file, {}).get(use.section)
        if section is None or use.key not in section:
            found.append(f"{use.where}: no [{use.section}] {use.key} in prompts/{use.file}.toml")
            continue
        declared = TEXT_SECTIONS[f"{use.file}.toml"][use.section]
        accepted = declared[use.key]
        if use.names is None:
            continue
        unknown = use.names - accepted.union(*(declared.get(k, ()) for k in use.alternatives))
        if unknown:
            names = ", ".join(sorted(unknown))
            found.append(f"{use.where}: {use.file} [{use.section}] {use.key} has no {{{names}}}")
        text = section[use.key]
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        # An edited prompts file may use any placeholder its key accepts.
        missing = (used | accepted) - use.names
        if missing:
            names = ", ".join(sorted(missing))
            found.append(f"{use.where}: {use.file} [{use.section}] {use.key} needs {{{names}}}")
    return found


@pytest.fixture(scope="module")
def read() -> tuple[list[Use], list[Dynamic]]:
    return uses_in(PACKAGE)


def test_the_scan_finds_the_wording_the_code_uses(read: tuple[list[Use], list[Dynamic]]) -> None:
    uses, _ = read
    keys = {(u.file, u.section, u.key) for u in uses}
    # One of each kind of use, so an empty scan cannot pass.
    assert ("setup", "common", "cancelled") in keys  # a literal call
    assert {("setup", "log", "no_match"), ("setup", "log", "empty")} <= keys  # a if c else b
    assert ("export", "document", "title") in keys  # through doc_text()
    assert ("setup", "init", "day_starts_at_help") in keys  # words[...] after .texts[..][..]
    assert len(keys) > 60


def test_every_wording_key_exists_with_the_placeholders_given(
    read: tuple[list[Use], list[Dynamic]],
) -> None:
    uses, dynamic = read
    listed = [
        Use(d.where, d.file, d.section, key, d.names, alternatives=keys)
        for d in dynamic
        for keys in [DYNAMIC.get((d.module, d.function, d.source)) or ()]
        for key in keys
    ]
    assert problems(uses + listed, load_prompts()) == []


def test_every_key_the_code_computes_is_listed(read: tuple[list[Use], list[Dynamic]]) -> None:
    _, dynamic = read
    found = {(d.module, d.function, d.source) for d in dynamic}
    unlisted = sorted(
        f"{d.where}: {d.source}" for d in dynamic if (d.module, d.function, d.source) not in DYNAMIC
    )
    assert unlisted == [], "list these in DYNAMIC with the keys they can be"
    assert sorted(set(DYNAMIC) - found) == [], "no longer in the code: remove from DYNAMIC"


# -- the check itself catches mistakes --------------------------------------------------

SAMPLE = """
def log(prompts, filtered, words):
    prompts.text("setup", "log", "no_match" if filtered else "emtpy")
    prompts.text("setup", "export", "written", count=1, path="x", size=2)
    prompts.text("setup", "export", "withheld")
    group = prompts.texts["setup"]["init"]
    print(prompts.texts["setup"]["export"]["written"])  # a template, not filled in
    return group["nmae"], prompts.texts["setpu"]["init"]["name"]
"""


def test_a_misspelt_key_or_a_wrong_placeholder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "sample.py").write_text(SAMPLE, encoding="utf-8")
    uses, dynamic = uses_in(tmp_path)
    assert dynamic == []
    assert sorted(problems(uses, load_prompts())) == [
        "sample.py:3 (log): no [log] emtpy in prompts/setup.toml",
        "sample.py:4 (log): setup [export] written has no {size}",
        "sample.py:5 (log): setup [export] withheld needs {count}",
        "sample.py:7 (log): setup [export] written needs {count, path}",
        "sample.py:8 (log): no [init] name in prompts/setpu.toml",
        "sample.py:8 (log): no [init] nmae in prompts/setup.toml",
    ]


def test_prompts_sections_are_the_declared_ones() -> None:
    """TEXT_SECTIONS (what a key accepts) and the loaded texts name the same
    files, sections and keys, so checking against either is the same."""
    texts: Mapping[str, Mapping[str, Mapping[str, str]]] = load_prompts().texts
    declared = {
        (file.removesuffix(".toml"), section, key)
        for file, sections in TEXT_SECTIONS.items()
        for section, keys in sections.items()
        for key in keys
    }
    loaded = {
        (file, section, key)
        for file, sections in texts.items()
        for section, keys in sections.items()
        for key in keys
    }
    assert loaded == declared
