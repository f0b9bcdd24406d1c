"""The plugin's call into ``betal kb check``: the same rules, the same configuration.

Nothing is checked here: :func:`kb.checker.check` runs the rules configured in
``[tool.betal.kb]`` of the project's pyproject.toml, and the plugin decides what a
problem does to the build (see :class:`kb.mkdocs_plugin.plugin.KbPlugin`).
"""

from __future__ import annotations

import os

from kb.problems import ERROR, WARNING, Problem


def run(docs_dir: str, project_dir: str, *, cache: bool = True, locale: str = "en"):
    """The report of ``betal kb check`` over ``docs_dir``: its problems and the facts of
    every article it read."""
    from kb.checker import check
    from kb.config import find, load

    pyproject = find(project_dir)
    config = load(pyproject) if pyproject is not None else None
    cache_dir = os.path.join(project_dir, ".betal-cache") if cache else None
    # the site pairs translations by the facts: a report reused whole has none
    return check([docs_dir], config, cache_dir=cache_dir, reuse=False)


def line(problem: Problem, locale: str = "en") -> str:
    """``path:line:col: rule-id message``, the way ``betal kb check`` prints a problem."""
    return (f"{problem.path}:{problem.line}:{problem.column}: {problem.rule} "
            f"{problem.message(locale)}")


def errors(problems) -> list[Problem]:
    return [problem for problem in problems if problem.severity == ERROR]


def warnings(problems) -> list[Problem]:
    return [problem for problem in problems if problem.severity == WARNING]
