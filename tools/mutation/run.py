"""`make mutation [MODULES="_retry _secrets ..."]`: mutmut over wrapper modules, one module at a time.

For each module named in ``modules.toml`` this script builds a scratch project under
``build/mutation/<module>/`` (``src/``, a copy of the repository's ``wrapper/``, a copy of ``tests/``, and the
repository's ``pyproject.toml`` with a ``[tool.mutmut]`` table for just this module and its test files),
runs ``mutmut run`` there (a fresh forked process per mutant, mutmut's per-mutant timeout, at most
``max_children`` workers, and a wall-clock limit for the whole module), then reads mutmut's results and
writes ``reports/mutation.json`` and a table.

Mutants listed in ``equivalent.toml`` (reviewed: each with the mutation it stands for and a reason) are
left out of the score. mutmut names a mutant ``module.x_function__mutmut_N``; N counts the mutations
inside one function, so an edit elsewhere in the module leaves it alone, but an edit inside the function
can renumber it. Each entry therefore records the changed lines too: an entry whose id now names another
mutation is matched to the mutant of the same function with the recorded lines (reported as "moved"),
and an entry that matches nothing is reported as "stale" (re-review it: delete it or record the new id).
An entry whose mutant the tests now kill is reported too (no longer needed).

The scratch directory is kept after the run, so ``cd build/mutation/<module> && ../../../.venv/bin/mutmut
show <id>`` (or ``results``, ``browse``) works as mutmut documents.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # loaded by path (tests/test_mutation_tool.py) rather than run
    sys.path.insert(0, str(HERE))

from unmutated import account, mutated_functions, not_mutated, print_not_mutated  # noqa: E402

SCRATCH = ROOT / "build" / "mutation"
REPORT = ROOT / "reports" / "mutation.json"

DETECTED = {"killed", "timeout", "caught by type check"}


def load_config() -> dict[str, Any]:
    with open(HERE / "modules.toml", "rb") as f:
        return tomllib.load(f)


def load_equivalents() -> list[dict[str, str]]:
    with open(HERE / "equivalent.toml", "rb") as f:
        entries: list[dict[str, str]] = tomllib.load(f).get("equivalent", [])
    for entry in entries:
        missing = {"id", "mutation", "reason"} - entry.keys()
        if missing:
            raise SystemExit(f"equivalent.toml: entry {entry!r} lacks {sorted(missing)}")
    return entries


def dotted(path: str) -> str:
    """The import name that mutmut ids start with (``a/b/_c.py`` -> ``a.b._c``)."""
    return path.removesuffix(".py").replace("/", ".")


def slug(module: str) -> str:
    return module.replace("/", ".")


def mutmut_table(module_path: str, tests: list[str], settings: dict[str, Any]) -> str:
    """The ``[tool.mutmut]`` table for one module (TOML)."""
    pytest_args = ["-p", "no:cacheprovider", "-p", "no:randomly"]
    try:
        import xdist  # noqa: F401

        pytest_args += ["-n", "0"]  # one process per mutant already; never fan out inside it
    except ImportError:
        pass
    table = {
        "source_paths": ["src"],
        "only_mutate": [f"src/{module_path}"],
        "pytest_add_cli_args": pytest_args,
        "pytest_add_cli_args_test_selection": tests,
        "timeout_multiplier": float(settings["timeout_multiplier"]),
        "timeout_constant": float(settings["timeout_constant"]),
        "use_git_change_detection": False,
        "track_dependencies": False,
    }
    lines = ["", "[tool.mutmut]"]
    for key, value in table.items():
        lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def prepare(module: str, module_path: str, tests: list[str], settings: dict[str, Any]) -> Path:
    """A fresh scratch project for one module; returns its directory."""
    work = SCRATCH / slug(module)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    # A copy, not a symlink: hatchling's build walks the tree once per real directory, and a link from
    # build/ (walked before wrapper/) to wrapper/ made `make dist-check` leave the package out.
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "wrapper", work / "src", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    if "[tool.mutmut]" in pyproject:
        raise SystemExit(
            "pyproject.toml has a [tool.mutmut] table: keep mutmut's settings in tools/mutation/"
        )
    (work / "pyproject.toml").write_text(pyproject + mutmut_table(module_path, tests, settings), "utf-8")
    return work


def run_mutmut(work: Path, settings: dict[str, Any], log: Path) -> tuple[str, float]:
    """Run mutmut in `work`; returns (how it ended, seconds)."""
    cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", str(settings["max_children"])]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    start = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd, cwd=work, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        try:
            code = proc.wait(timeout=float(settings["module_timeout"]))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            return "module timeout", time.monotonic() - start
    return ("ok" if code == 0 else f"mutmut exited {code}"), time.monotonic() - start


def _changed_lines(diff: str) -> str:
    """The mutation's removed and added lines, whitespace-trimmed: how an entry is recognised."""
    keep = []
    for line in diff.splitlines():
        if line.startswith(("---", "+++")):
            continue
        if line.startswith(("-", "+")):
            keep.append(line[0] + " " + line[1:].strip())
    return "\n".join(keep)


def read_results(work: Path, module_path: str) -> dict[str, dict[str, Any]]:
    """Every mutant of the module: status, duration and diff (read with mutmut's own functions)."""
    old = Path.cwd()
    os.chdir(work)
    try:
        from mutmut.configuration import reset_config
        from mutmut.mutation.data import SourceFileMutationData
        from mutmut.mutation.diff_apply import get_diff_for_mutant
        from mutmut.stats import status_by_exit_code

        reset_config()
        path = Path("src") / module_path
        data = SourceFileMutationData(path=path)
        data.load()
        mutants: dict[str, dict[str, Any]] = {}
        for name, code in sorted(data.exit_code_by_key.items(), key=lambda kv: _natural(kv[0])):
            try:
                diff = get_diff_for_mutant(name, path=path)
            except Exception as exc:
                diff = f"(diff unavailable: {exc})"
            mutants[name] = {
                "status": status_by_exit_code[code],
                "duration": round(data.durations_by_key.get(name, 0.0), 3),
                "diff": diff,
                "changed": _changed_lines(diff),
            }
        return mutants
    finally:
        os.chdir(old)


def _natural(name: str) -> tuple[str, int]:
    base, _, n = name.rpartition("__mutmut_")
    return (base, int(n) if n.isdigit() else 0)


def match_equivalents(
    mutants: dict[str, dict[str, Any]], entries: list[dict[str, str]], module_name: str
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Map mutant id -> reason for the reviewed entries of this module; plus notes on entries to re-review."""
    matched: dict[str, str] = {}
    notes: list[dict[str, str]] = []
    for entry in entries:
        entry_id = entry["id"]
        if not entry_id.startswith(module_name + "."):
            continue
        want = (
            _changed_lines(entry["mutation"]) if entry["mutation"].lstrip().startswith(("-", "+")) else None
        )
        found = None
        if entry_id in mutants and (want is None or mutants[entry_id]["changed"] == want):
            found = entry_id
        elif want is not None:
            function = entry_id.partition("__mutmut_")[0]
            same = [
                k for k, m in mutants.items() if k.startswith(function + "__mutmut_") and m["changed"] == want
            ]
            free = [k for k in same if k not in matched]
            if free:
                found = free[0]
                notes.append({"id": entry_id, "note": f"moved: now {found}"})
        if found is None:
            notes.append({"id": entry_id, "note": "stale: no mutant with this id and mutation; re-review"})
            continue
        if mutants[found]["status"] in DETECTED:
            notes.append(
                {"id": found, "note": "listed as equivalent but the tests detect it: remove the entry"}
            )
            continue
        matched[found] = entry["reason"]
    return matched, notes


def summarise(
    module: str, mutants: dict[str, dict[str, Any]], equivalent: dict[str, str], ended: str, seconds: float
) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for m in mutants.values():
        counts[m["status"]] = counts.get(m["status"], 0) + 1
    detected = sum(1 for k, m in mutants.items() if m["status"] in DETECTED and k not in equivalent)
    scored = [k for k in mutants if k not in equivalent]
    survivors = [k for k in scored if mutants[k]["status"] not in DETECTED]
    score = 100.0 * detected / len(scored) if scored else 0.0
    return {
        "module": module,
        "ended": ended,
        "seconds": round(seconds, 1),
        "mutants": len(mutants),
        "killed": counts.get("killed", 0) + counts.get("caught by type check", 0),
        "timed_out": counts.get("timeout", 0),
        "survived": counts.get("survived", 0),
        "no_tests": counts.get("no tests", 0),
        "other": {k: v for k, v in counts.items() if k not in DETECTED | {"survived", "no tests"}},
        "equivalent": len(equivalent),
        "score": round(score, 1),
        "surviving": [
            {"id": k, "status": mutants[k]["status"], "diff": mutants[k]["diff"]} for k in survivors
        ],
        "equivalent_ids": sorted(equivalent, key=_natural),
    }


def print_table(rows: list[dict[str, Any]], target: float) -> None:
    head = (
        f"{'module':<22} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} {'no tests':>8} "
        f"{'equiv':>5} {'score':>6} {'time':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        flag = (
            ""
            if r["score"] >= target and r["ended"] == "ok"
            else "  <" + (" " + r["ended"] if r["ended"] != "ok" else "")
        )
        print(
            f"{r['module']:<22} {r['mutants']:>7} {r['killed']:>6} {r['timed_out']:>7} {r['survived']:>8} "
            f"{r['no_tests']:>8} {r['equivalent']:>5} {r['score']:>5.1f}% {r['seconds']:>6.0f}s{flag}"
        )


def print_survivors(modules: list[str]) -> int:
    """The surviving mutants of the last run, as TOML entries to review (give each a reason, or kill it)."""
    if not REPORT.exists():
        print("no reports/mutation.json yet: run `make mutation` first")
        return 2
    report = json.loads(REPORT.read_text("utf-8"))["modules"]
    for module in modules or list(report):
        for survivor in report.get(module, {}).get("surviving", []):
            changed = _changed_lines(survivor["diff"])
            print("[[equivalent]]")
            print(f"id = {json.dumps(survivor['id'])}")
            print(f"mutation = {json.dumps(changed, ensure_ascii=False)}")
            print('reason = ""\n')
    return 0


def main(argv: list[str] | None = None) -> int:
    config = load_config()
    settings = config["settings"]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"modules (default: all of {sorted(config['modules'])})")
    parser.add_argument(
        "--fail-under", type=float, default=None, help="exit 1 when a module scores below this"
    )
    parser.add_argument("--max-children", type=int, default=None)
    parser.add_argument(
        "--module-timeout", type=float, default=None, help="seconds per module (default: config)"
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out test files matching GLOB (e.g. a baseline before new tests: 'tests/*/test_pinned_*')",
    )
    parser.add_argument(
        "--rescore",
        action="store_true",
        help="no new run: score the last results in build/mutation/ again (after editing equivalent.toml)",
    )
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="print the last run's surviving mutants as [[equivalent]] entries to review (no run)",
    )
    args = parser.parse_args(argv)
    if args.survivors:
        return print_survivors(args.modules)
    if args.max_children:
        settings["max_children"] = args.max_children
    if args.module_timeout:
        settings["module_timeout"] = args.module_timeout
    modules = args.modules or list(config["modules"])
    unknown = [m for m in modules if m not in config["modules"]]
    if unknown:
        print(
            f"unknown module(s) {unknown}; known: {sorted(config['modules'])} (tools/mutation/modules.toml)"
        )
        return 2
    entries = load_equivalents()
    report: dict[str, Any] = {}
    if REPORT.exists():
        try:
            report = json.loads(REPORT.read_text("utf-8"))
        except ValueError:
            report = {}
    report.setdefault("modules", {})
    rows = []
    failed = False
    for module in modules:
        spec = config["modules"][module]
        tests = [
            t
            for t in spec["tests"]
            if (ROOT / t).exists() and not any(fnmatch.fnmatch(t, glob) for glob in args.without)
        ]
        absent = sorted(set(spec["tests"]) - set(tests))
        print(f"== {module}: mutmut over wrapper/{spec['path']} against {len(tests)} test files", flush=True)
        if args.rescore:
            work = SCRATCH / slug(module)
            log = work / "mutmut.log"
            previous = report["modules"].get(module, {})
            ended, seconds = previous.get("ended", "ok"), float(previous.get("seconds", 0.0))
            tests = previous.get("tests", tests)
        else:
            work = prepare(module, spec["path"], tests, settings)
            log = work / "mutmut.log"
            ended, seconds = run_mutmut(work, settings, log)
        mutants = read_results(work, spec["path"])
        if not mutants:
            ended = ended if ended != "ok" else "no results"
            print(f"   no results ({ended}); see {log.relative_to(ROOT)}")
        equivalent, notes = match_equivalents(mutants, entries, dotted(spec["path"]))
        row = summarise(module, mutants, equivalent, ended, seconds)
        row["tests"] = tests
        row["absent_tests"] = absent
        row["equivalent_notes"] = notes
        row["log"] = str(log.relative_to(ROOT))
        source = (ROOT / "wrapper" / spec["path"]).read_text("utf-8")
        mutated = mutated_functions(list(mutants), dotted(spec["path"]))
        row["not_mutated"], problems = account(not_mutated(source), spec.get("not_mutated", {}), mutated)
        row["not_mutated_problems"] = problems
        report["modules"][module] = row
        rows.append(row)
        for note in notes:
            print(f"   equivalent.toml: {note['id']}: {note['note']}")
        for problem in problems:
            print(f"   not mutated: {problem}")
        if problems or ended != "ok" or (args.fail_under is not None and row["score"] < args.fail_under):
            failed = True
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print()
    print_table(rows, float(args.fail_under if args.fail_under is not None else settings["target"]))
    print_not_mutated(rows)
    print(f"\nwrote {REPORT.relative_to(ROOT)}; surviving mutants' diffs are there, or run")
    print("  cd build/mutation/<module> && ../../../.venv/bin/mutmut show <id>")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
