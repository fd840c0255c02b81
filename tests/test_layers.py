"""The layers read from the import graph of network/: no import runs back up them.

From the bottom: the base (core/: errors, vocabulary, access rules; and db, models and the
shared mechanisms beside them) < the features' services < the web edge (views, forms, route
guards and the shared request machinery) < the app that wires them (factory, commands, jobs).
A module may import its own layer or a lower one; the graph is read with ast, never imported.
"""
import ast
from pathlib import Path

import pytest

NETWORK = Path(__file__).resolve().parent.parent / "network"

BASE, SERVICE, WEB, APP = range(4)
LAYER_NAMES = ("base", "service", "web", "app")
# Top-level modules by layer; a feature package's modules are placed by `layer_of`.
TOP_LEVEL = {
    "network.db": BASE, "network.models": BASE, "network.crypto": BASE,
    "network.config": BASE, "network.extensions": BASE,
    "network.timeutil": BASE, "network.bounds": BASE, "network.inputs": BASE,
    "network.lookalike": BASE, "network.spreadsheet": BASE, "network.compiled": BASE,
    "network.i18n": BASE, "network.formats": BASE, "network.links": BASE, "network.ratelimit": BASE,
    "network.actions": WEB, "network.errors": WEB, "network.filters": WEB,
    "network.listfilters": WEB,
    "network.forms": WEB, "network.headers": WEB, "network.pagecache": WEB,
    "network.routing": WEB,
    "network": APP, "network.cli": APP, "network.demo": APP, "network.jobs": APP,
    "network.scheduler": APP, "network.install": APP, "network.backup": APP,
}
# The modules of a feature that answer HTTP: everything else in a feature is its service.
WEB_MODULES = {"views", "forms", "decorators"}
# What only the web edge may touch: the request being served and the refusals answered to it.
REQUEST_ONLY = {("flask", "abort"), ("flask", "request"), ("flask", "session"),
                ("flask", "Blueprint"), ("flask_login", "current_user"),
                ("flask", "current_user")}
PURE = ("network.matching.engine",)
FRAMEWORKS = ("flask", "flask_babel", "flask_login", "flask_wtf", "peewee", "playhouse")


def module_name(path, root=NETWORK):
    """The dotted name of a file under network/."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root=NETWORK):
    """Every module of the app, by dotted name (migrations are frozen history, not layers)."""
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))
            if "migrations" not in path.parts}


def imports(name, path, known):
    """(imported module, imported name or None, line) for every import in a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known:
                    found.append((submodule, None, node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return found


def owner(target, known):
    """The module of the app an imported name lives in, or None outside the app."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def layer_of(name):
    """The layer of a module of the app."""
    if name.startswith(("network.core", "network.models")):
        return BASE
    if name in TOP_LEVEL:
        return TOP_LEVEL[name]
    return WEB if name.rpartition(".")[2] in WEB_MODULES else SERVICE


def violations(root=NETWORK):
    """Every import that runs back up the layers, as readable lines."""
    known = modules(root)
    found = []
    for name, path in known.items():
        layer = layer_of(name)
        for target, imported, line in imports(name, path, known):
            where = f"{path.relative_to(root.parent)}:{line}"
            inside = owner(target, known)
            if inside and layer_of(inside) > layer:
                found.append(f"{where}: {LAYER_NAMES[layer]} {name} imports "
                             f"{LAYER_NAMES[layer_of(inside)]} {inside}")
            serves_no_request = layer == SERVICE or name.startswith("network.core")
            if serves_no_request and (target, imported) in REQUEST_ONLY:
                found.append(f"{where}: {LAYER_NAMES[layer]} {name} imports {target}.{imported}")
    return list(dict.fromkeys(found))


def framework_imports(root=NETWORK):
    """Every import of Flask or peewee the pure modules make, themselves or through the app."""
    known = modules(root)
    seen, todo, found = set(), list(PURE), []
    while todo:
        name = todo.pop()
        seen.add(name)
        for target, _, line in imports(name, known[name], known):
            if target.split(".")[0] in FRAMEWORKS:
                found.append(f"{name}:{line} imports {target}")
            inside = owner(target, known)
            if inside and inside not in seen:
                todo.append(inside)
    return found


def test_every_top_level_module_has_a_layer():
    known = modules()
    assert "network.matching.engine" in known and "network.core.errors" in known
    files = {name for name, path in known.items()
             if name.count(".") == 1 and path.name != "__init__.py"}
    assert sorted(files - set(TOP_LEVEL)) == [] and sorted(set(TOP_LEVEL) - set(known)) == []


def test_no_import_runs_back_up_the_layers():
    found = violations()
    assert not found, "\n".join(found)


def test_the_matching_engine_needs_neither_flask_nor_the_database():
    found = framework_imports()
    assert not found, "\n".join(found)


def _planted(tmp_path, module, source):
    """A copy of network/ whose module starts with one more import line."""
    for path in modules().values():
        copy = tmp_path / path.relative_to(NETWORK.parent)
        copy.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        copy.write_text(f"{source}\n{text}" if path == NETWORK / module else text,
                        encoding="utf-8")
    return tmp_path / "network"


@pytest.mark.parametrize("module, source, expected", [
    ("offers/service.py", "from ..matching.views import bp",
     "service network.offers.service imports web network.matching.views"),
    ("offers/service.py", "from flask import abort", "imports flask.abort"),
    ("offers/service.py", "from flask_login import current_user",
     "imports flask_login.current_user"),
    ("deadlines/service.py", "from ..auth.decorators import get_newcomer_for",
     "imports web network.auth.decorators"),
    ("core/errors.py", "from ..matching import service",
     "base network.core.errors imports service network.matching.service"),
    ("models/care.py", "from network.checkins.service import log_checkin",
     "base network.models.care imports service network.checkins.service"),
    ("db.py", "import network.jobs", "base network.db imports app network.jobs"),
])
def test_the_walk_sees_an_import_that_runs_back_up(tmp_path, module, source, expected):
    found = violations(_planted(tmp_path, module, source))
    assert any(expected in line and ":1:" in line for line in found), found


def test_the_walk_sees_the_database_reach_the_engine_through_a_module(tmp_path):
    root = _planted(tmp_path, "matching/engine.py", "from ..models import Match")
    assert any(line.startswith("network.models.") and "peewee" in line
               for line in framework_imports(root))
