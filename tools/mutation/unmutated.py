"""The functions of a module that mutmut leaves alone, found by the rules mutmut 3 applies.

mutmut 3 (``mutmut/mutation/file_mutation.py``, ``_skip_node_and_children``) does not mutate:

- a function with any decorator but a lone ``@staticmethod`` or ``@classmethod`` (a property, a
  ``@contextmanager``, a ``@functools.wraps(...)`` wrapper), nested functions inside it included;
- a function named ``__getattribute__``, ``__setattr__`` or ``__new__``;
- an enum class's ``__init__`` and ``_generate_next_value_``;
- a function whose ``def`` line says ``# pragma: no mutate``.

Its score cannot see them: a module can reach 100 % while a decision in one of them is pinned by
nothing. `make mutation` lists them for each module, with how each is covered instead (its logic moved
into an undecorated function that is mutated, or the tests that pin it), and fails on one that
``modules.toml`` does not account for.
"""

from __future__ import annotations

import ast
from typing import Any

try:  # the names mutmut itself uses, when it is installed
    from mutmut.mutation.file_mutation import (
        NEVER_MUTATE_ENUM_FUNCTION_NAMES,
        NEVER_MUTATE_FUNCTION_NAMES,
    )
except ImportError:  # pragma: no cover - mutmut is in the dev extra
    NEVER_MUTATE_FUNCTION_NAMES = {"__getattribute__", "__setattr__", "__new__"}
    NEVER_MUTATE_ENUM_FUNCTION_NAMES = {"__init__", "_generate_next_value_"}

_ENUM_BASES = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"}
_ALLOWED_DECORATORS = {"staticmethod", "classmethod"}


def _is_enum(node: ast.ClassDef) -> bool:
    names = {base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "") for base in node.bases}
    return bool(names & _ENUM_BASES)


def _why(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str], in_enum: bool) -> str | None:
    decorators = [ast.unparse(decorator) for decorator in node.decorator_list]
    if decorators and not (len(decorators) == 1 and decorators[0] in _ALLOWED_DECORATORS):
        return "decorated with " + ", ".join(f"@{decorator}" for decorator in decorators)
    if node.name in NEVER_MUTATE_FUNCTION_NAMES:
        return f"mutmut never mutates {node.name}"
    if in_enum and node.name in NEVER_MUTATE_ENUM_FUNCTION_NAMES:
        return f"mutmut never mutates an enum's {node.name}"
    if "pragma: no mutate" in lines[node.lineno - 1]:
        return "marked '# pragma: no mutate'"
    return None


def not_mutated(source: str) -> list[tuple[str, str]]:
    """(qualified name, why) of each function in `source` that mutmut does not mutate, in source order.

    A function inside one listed is not listed again (it goes with it).
    """
    lines = source.splitlines()
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, prefix: str, in_enum: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                why = _why(child, lines, in_enum)
                if why is not None:
                    found.append((prefix + child.name, why))
                else:
                    visit(child, f"{prefix}{child.name}.", in_enum=False)
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.", in_enum=_is_enum(child))
            else:
                visit(child, prefix, in_enum)

    visit(ast.parse(source), "", in_enum=False)
    return found


def mutated_functions(mutant_ids: list[str], module: str) -> set[str]:
    """The qualified names of the functions that have mutants, from mutmut's ids
    (``module.x_function__mutmut_N``, ``module.xǁClassǁmethod__mutmut_N``)."""
    names = set()
    for mutant_id in mutant_ids:
        local = mutant_id.removeprefix(module + ".").partition("__mutmut_")[0]
        if local.startswith("xǁ"):
            names.add(".".join(local.split("ǁ")[1:]))
        elif local.startswith("x_"):
            names.add(local[2:])
    return names


def account(
    found: list[tuple[str, str]], covered: dict[str, str], mutated: set[str]
) -> tuple[list[dict[str, str]], list[str]]:
    """Each function mutmut does not mutate (`found`), with how `covered` (from ``modules.toml``) says
    it is covered instead; plus the problems: such a function without a note, a note naming no such
    function, and a listed function that has mutants after all (these rules no longer match mutmut's)."""
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    for name, why in found:
        how = covered.get(name, "")
        rows.append({"function": name, "why": why, "covered_by": how})
        if not how:
            problems.append(
                f"{name} ({why}) is not mutated and modules.toml does not say how it is covered: move its "
                "logic into an undecorated function, or add a note under not_mutated"
            )
        if name in mutated:
            problems.append(f"{name} is listed as not mutated, but mutmut made mutants of it: fix the rules")
    names = {name for name, _ in found}
    for name in sorted(set(covered) - names):
        problems.append(f"not_mutated names {name!r}, which mutmut does mutate (or which no longer exists)")
    return rows, problems


def print_not_mutated(rows: list[dict[str, Any]]) -> None:
    """The functions mutmut could not mutate (outside every score above), and how each is covered."""
    listed = [(row["module"], item) for row in rows for item in row.get("not_mutated", [])]
    print("\nFunctions mutmut could not mutate (not in the scores), and how each is covered instead:")
    if not listed:
        print("  none")
    for module, item in listed:
        how = item["covered_by"] or "NOT COVERED (see modules.toml: not_mutated)"
        print(f"  {module}.{item['function']} ({item['why']}): {how}")
