"""`make mutation`'s bookkeeping (tools/mutation/run.py): the reviewed equivalent list survives code
moving, and the score leaves reviewed mutants out. (The mutmut run itself is not part of `make test`.)"""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_run", ROOT / "tools" / "mutation" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mutation_run"] = module
    spec.loader.exec_module(module)
    return module


M = "cerebras_management._x"


def mutant(status: str, old: str, new: str) -> dict[str, Any]:
    diff = f"--- a\n+++ b\n@@ -1 +1 @@\n-    {old}\n+    {new}\n"
    return {"status": status, "duration": 0.1, "diff": diff, "changed": f"- {old}\n+ {new}"}


def entry(n: int, old: str, new: str, reason: str = "log text") -> dict[str, str]:
    return {"id": f"{M}.x_f__mutmut_{n}", "mutation": f"- {old}\n+ {new}", "reason": reason}


def test_an_entry_matches_by_id_and_mutation(tool: ModuleType) -> None:
    mutants = {
        f"{M}.x_f__mutmut_1": mutant("survived", "a", "b"),
        f"{M}.x_f__mutmut_2": mutant("killed", "c", "d"),
    }
    matched, notes = tool.match_equivalents(mutants, [entry(1, "a", "b")], M)
    assert matched == {f"{M}.x_f__mutmut_1": "log text"}
    assert notes == []


def test_a_renumbered_mutant_is_found_and_reported_moved(tool: ModuleType) -> None:
    mutants = {
        f"{M}.x_f__mutmut_1": mutant("survived", "new", "code"),
        f"{M}.x_f__mutmut_2": mutant("survived", "a", "b"),
    }
    matched, notes = tool.match_equivalents(mutants, [entry(1, "a", "b")], M)
    assert matched == {f"{M}.x_f__mutmut_2": "log text"}
    assert notes == [{"id": f"{M}.x_f__mutmut_1", "note": f"moved: now {M}.x_f__mutmut_2"}]


def test_an_entry_matching_nothing_is_stale_and_not_counted(tool: ModuleType) -> None:
    mutants = {f"{M}.x_f__mutmut_1": mutant("survived", "other", "thing")}
    matched, notes = tool.match_equivalents(mutants, [entry(1, "a", "b")], M)
    assert matched == {}
    assert notes[0]["note"].startswith("stale")


def test_an_entry_whose_mutant_is_now_killed_is_reported(tool: ModuleType) -> None:
    mutants = {f"{M}.x_f__mutmut_1": mutant("killed", "a", "b")}
    matched, notes = tool.match_equivalents(mutants, [entry(1, "a", "b")], M)
    assert matched == {}
    assert "remove the entry" in notes[0]["note"]


def test_entries_of_other_modules_are_ignored(tool: ModuleType) -> None:
    matched, notes = tool.match_equivalents({}, [entry(1, "a", "b")], "cerebras_management._other")
    assert (matched, notes) == ({}, [])


def test_score_leaves_equivalents_out(tool: ModuleType) -> None:
    mutants = {
        f"{M}.x_f__mutmut_1": mutant("killed", "a", "b"),
        f"{M}.x_f__mutmut_2": mutant("timeout", "a", "c"),
        f"{M}.x_f__mutmut_3": mutant("survived", "a", "d"),
        f"{M}.x_f__mutmut_4": mutant("survived", "a", "e"),
        f"{M}.x_f__mutmut_5": mutant("no tests", "a", "f"),
    }
    row = tool.summarise("_x", mutants, {f"{M}.x_f__mutmut_4": "r"}, "ok", 12.0)
    assert (row["mutants"], row["killed"], row["timed_out"], row["survived"], row["no_tests"]) == (
        5,
        1,
        1,
        2,
        1,
    )
    assert row["equivalent"] == 1
    assert row["score"] == 50.0  # 2 detected of 4 scored (the no-tests mutant counts as not detected)
    assert [s["id"] for s in row["surviving"]] == [f"{M}.x_f__mutmut_3", f"{M}.x_f__mutmut_5"]


def test_the_reviewed_files_are_well_formed() -> None:
    modules = tomllib.loads((ROOT / "tools" / "mutation" / "modules.toml").read_text("utf-8"))
    for name, spec in modules["modules"].items():
        assert (ROOT / "wrapper" / spec["path"]).is_file(), name
        assert spec["tests"], name
        assert all((ROOT / test).is_file() for test in spec["tests"]), name
    equivalent = tomllib.loads((ROOT / "tools" / "mutation" / "equivalent.toml").read_text("utf-8"))
    ids = [e["id"] for e in equivalent.get("equivalent", [])]
    assert len(ids) == len(set(ids))
    for e in equivalent.get("equivalent", []):
        assert e["reason"].strip(), e["id"]
        assert e["mutation"].startswith("- ") or e["mutation"].startswith("+ "), e["id"]


def test_module_paths_become_the_id_prefix(tool: ModuleType) -> None:
    assert tool.dotted("cerebras_management/_paths.py") == "cerebras_management._paths"
    assert (
        tool.dotted("cerebras_management/resources/_missing.py") == "cerebras_management.resources._missing"
    )


def test_a_scratch_project_copies_the_package_and_links_nothing(
    tool: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A symlink from build/mutation/ to wrapper/ made hatchling's sdist leave the package out, so
    # `make dist-check` (part of `make test`) failed after any `make mutation`.
    monkeypatch.setattr(tool, "SCRATCH", tmp_path)
    settings = tool.load_config()["settings"]
    work = tool.prepare(
        "_paths", "cerebras_management/_paths.py", ["tests/client/test_pinned_paths.py"], settings
    )
    assert [path for path in work.rglob("*") if path.is_symlink()] == []
    copied = (work / "src" / "cerebras_management" / "_paths.py").read_bytes()
    assert copied == (ROOT / "wrapper" / "cerebras_management" / "_paths.py").read_bytes()
    assert (work / "tests" / "client" / "test_pinned_paths.py").is_file()
    assert not list(work.rglob("__pycache__"))


# --- functions mutmut does not mutate (issue 26) -------------------------------------------------

SKIPPED = """
import contextlib, enum, functools

def plain(x):
    return x + 1

class C:
    @staticmethod
    def s(x):
        return x

    @classmethod
    def c(cls):
        return cls

    @property
    def p(self):
        return 1

    def __new__(cls):
        return super().__new__(cls)

    def m(self):
        @functools.wraps(plain)
        def inner():
            return 2
        return inner

@contextlib.contextmanager
def ctx():
    yield

@staticmethod
@functools.cache
def twice(): ...

class E(enum.Enum):
    A = 1
    def __init__(self, value):
        self.v = value

def marked():  # pragma: no mutate
    return 3
"""


def test_the_functions_mutmut_skips_are_found_with_why(tool: ModuleType) -> None:
    assert tool.not_mutated(SKIPPED) == [
        ("C.p", "decorated with @property"),
        ("C.__new__", "mutmut never mutates __new__"),
        ("C.m.inner", "decorated with @functools.wraps(plain)"),
        ("ctx", "decorated with @contextlib.contextmanager"),
        ("twice", "decorated with @staticmethod, @functools.cache"),
        ("E.__init__", "mutmut never mutates an enum's __init__"),
        ("marked", "marked '# pragma: no mutate'"),
    ]


def test_each_function_not_mutated_needs_a_note_saying_how_it_is_covered(tool: ModuleType) -> None:
    found = [("ctx", "decorated with @contextlib.contextmanager"), ("C.p", "decorated with @property")]
    rows, problems = tool.account(found, {"ctx": "its logic is in enter()", "gone": "x"}, {"C.p"})
    assert rows == [
        {
            "function": "ctx",
            "why": "decorated with @contextlib.contextmanager",
            "covered_by": "its logic is in enter()",
        },
        {"function": "C.p", "why": "decorated with @property", "covered_by": ""},
    ]
    assert problems == [
        "C.p (decorated with @property) is not mutated and modules.toml does not say how it is covered: move "
        "its logic into an undecorated function, or add a note under not_mutated",
        "C.p is listed as not mutated, but mutmut made mutants of it: fix the rules",
        "not_mutated names 'gone', which mutmut does mutate (or which no longer exists)",
    ]


def test_mutant_ids_name_their_functions(tool: ModuleType) -> None:
    ids = [f"{M}.x_f__mutmut_1", f"{M}.xǁLoopǁafter_error__mutmut_12", f"{M}.x__private__mutmut_3"]
    assert tool.mutated_functions(ids, M) == {"f", "Loop.after_error", "_private"}


def test_every_function_the_safety_modules_keep_from_mutmut_is_accounted_for(tool: ModuleType) -> None:
    # What `make mutation` checks after its run, checked here without running mutmut.
    modules = tomllib.loads((ROOT / "tools" / "mutation" / "modules.toml").read_text("utf-8"))["modules"]
    listed = {}
    for name, spec in modules.items():
        found = tool.not_mutated((ROOT / "wrapper" / spec["path"]).read_text("utf-8"))
        rows, problems = tool.account(found, spec.get("not_mutated", {}), set())
        assert problems == [], name
        listed[name] = [row["function"] for row in rows]
    assert listed["_deadline"] == ["bounded_by"]


def test_the_readme_counts_the_equivalent_entries_there_are() -> None:
    # It said 42 while equivalent.toml held 43.
    readme = (ROOT / "tools" / "mutation" / "README.md").read_text("utf-8")
    equivalent = tomllib.loads((ROOT / "tools" / "mutation" / "equivalent.toml").read_text("utf-8"))
    stated = re.findall(r"`equivalent\.toml` \((\d+)\s+entries\)", readme)
    assert stated == [str(len(equivalent["equivalent"]))]
