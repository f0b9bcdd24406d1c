"""The checker: what it reads, what it reports on, configuration, silences, the cache."""

import os

import pytest

from kb import pool
from kb.checker import check
from kb.config import Config, ConfigError, load, parse
from tests.kb.helpers import article, findings, pair, tree


def test_a_clean_knowledge_base_has_no_problems_but_citations(tmp_path):
    problems = findings(pair(tmp_path))
    assert {p.rule for p in problems} == {"rule-citation"}


def test_only_the_files_asked_about_are_reported(tmp_path):
    nl = article("nl-NL").replace("ms.date: 04/21/2020", "ms.date: 4/21/2020")
    nb = article("nb-NO").replace("ms.date: 04/21/2020", "ms.date: 4/21/2020")
    pair(tmp_path, nb=nb, nl=nl)
    problems = findings(tmp_path / "nb-NO" / "declined-credit-card.md")
    assert {p.path for p in problems} == {str(tmp_path / "nb-NO" / "declined-credit-card.md")}


def test_paths_are_shown_as_given(tmp_path, monkeypatch):
    pair(tmp_path, nb=article("nb-NO").replace("ms.date: 04/21/2020", "ms.date: 4/21/2020"))
    monkeypatch.chdir(tmp_path)
    [problem] = findings(".", "date")
    assert problem.path == os.path.join("nb-NO", "declined-credit-card.md")
    [problem] = findings("nb-NO/", "date")
    assert problem.path == os.path.join("nb-NO", "declined-credit-card.md")


def test_a_path_that_does_not_exist_is_bad_usage(tmp_path):
    with pytest.raises(ConfigError) as raised:
        check([str(tmp_path / "nope")])
    assert "nope" in raised.value.render("en")
    assert raised.value.render("nb-NO") != raised.value.render("en")


def test_configured_severity_and_disabled_rules(tmp_path):
    root = pair(tmp_path, nb=article("nb-NO").replace("ms.author: cmcatee\n", ""))
    config = Config(severity={"required-key": "warning"}, disable=frozenset({"rule-citation"}))
    report = check([str(root)], config)
    assert [(p.rule, p.severity) for p in report.problems] == [("required-key", "warning")]
    assert report.exit_code == 0


def test_the_configuration_is_read_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.betal.kb]\nseverity = { table-action = "error" }\ndisable = ["link-target"]\n')
    config = load(tmp_path / "pyproject.toml")
    assert (config.severity, config.disable) == ({"table-action": "error"},
                                                 frozenset({"link-target"}))


@pytest.mark.parametrize("section", [
    {"disable": ["no-such-rule"]}, {"severity": {"date": "fatal"}}, {"colour": "red"},
    {"disable": "date"},
])
def test_bad_configuration_is_refused(section):
    with pytest.raises(ConfigError):
        parse(section)


def test_a_silence_on_the_line_or_the_line_before(tmp_path):
    nb = article("nb-NO").replace(
        "Kontroller kortopplysningene.",
        "<!-- betal-kb: disable=link-anchor -->\n[a](#nope)\n\n[b](#nope) "
        "<!-- betal-kb: disable=link-target,link-anchor -->\n\n[c](#nope)")
    [problem] = findings(pair(tmp_path, nb=nb), "link-anchor")
    assert problem.line == 26


def test_a_silence_in_the_front_matter_and_for_the_file(tmp_path):
    nb = article("nb-NO").replace("ms.date: 04/21/2020",
                                  "ms.date: 4/21/2020  # betal-kb: disable=date")
    assert findings(pair(tmp_path, nb=nb), "date") == []
    nb = article("nb-NO").replace("ms.author: cmcatee\n", "") + \
        "\n<!-- betal-kb: disable-file=required-key -->\n"
    assert findings(pair(tmp_path, nb=nb), "required-key") == []


def test_the_warm_cache_gives_the_same_report_and_notices_changes(tmp_path):
    root = pair(tmp_path / "kb")
    cache = tmp_path / "cache"
    first = check([str(root)], cache_dir=cache)
    assert (cache / "kb-check.marshal").exists()
    assert check([str(root)], cache_dir=cache).problems == first.problems
    path = root / "nb-NO" / "declined-credit-card.md"
    path.write_text(path.read_text().replace("04/21/2020", "4/21/2020") + "\n")
    again = check([str(root)], cache_dir=cache)
    assert [p.rule for p in again.problems if p.rule == "date"] == ["date"]


def test_a_reused_report_needs_no_entry_of_the_files(tmp_path):
    """A warm run with nothing changed reads the saved report alone: the files' entries
    (two thirds of the cache on the corpus) are read only when a file must be looked at."""
    root = pair(tmp_path / "kb")
    cache = tmp_path / "cache"
    first = check([str(root)], cache_dir=cache)
    entries = cache / "kb-check.marshal"
    entries.write_bytes(b"not marshal")
    assert check([str(root)], cache_dir=cache).problems == first.problems
    assert entries.read_bytes() == b"not marshal", "neither read nor written again"
    path = root / "nb-NO" / "declined-credit-card.md"
    path.write_text(path.read_text() + "\n")
    assert check([str(root)], cache_dir=cache).problems == first.problems
    assert entries.read_bytes() != b"not marshal", "a changed file: the entries again"


def test_a_rule_that_fails_is_reported_not_raised(tmp_path, monkeypatch):
    from kb.rules import date

    def broken(article, schema):
        raise RuntimeError("boom")
        yield

    monkeypatch.setattr(date, "check", broken)
    problems = findings(pair(tmp_path), "internal-error")
    assert len(problems) == 2 and "boom" in problems[0].message()


def test_files_outside_locale_folders_are_checked_alone(tmp_path):
    root = tree(tmp_path, {"notes/a.md": "# Bare tekst\n\nMer tekst.\n"})
    assert [p.rule for p in findings(root)] == ["front-matter"]


def test_files_analyzed_in_batches_give_what_each_alone_gives(tmp_path, monkeypatch):
    import kb.checker
    from kb.rules import date

    _defective_tree(tmp_path, files=9)
    real = date.check

    def broken_on_a03(article, schema):  # a rule that fails on one file of the batch only
        if article.path.endswith("a03.md"):
            raise RuntimeError("boom")
        yield from real(article, schema)

    monkeypatch.setattr(date, "check", broken_on_a03)
    paths = sorted(str(path) for path in tmp_path.rglob("*.md"))
    jobs = [(path, path, str(tmp_path), path.split(os.sep)[-2], path[-6:-3]) for path in paths]
    jobs.insert(3, (str(tmp_path / "gone.md"), "gone.md", None, None, "gone"))
    batched = pool.map_batches(kb.checker.analyze_batch, jobs, jobs=1, batch_size=4)
    assert batched == [kb.checker.analyze_batch([job])[0] for job in jobs]
    assert batched[3][0] is None and batched[3][1][0][3].startswith("The file cannot be read")
    failed = [found for _, problems in batched for found in problems
              if found[2] == "internal-error" and found[4].get("rule") == "date"]
    assert len(failed) == 2 and all("boom" in found[4]["error"] for found in failed)


def _defective_tree(tmp_path, files=30):
    for index in range(files):
        nb = article("nb-NO", assetid=f"4e6d34b3-e3e5-4fcd-a52e-34b54746{index:04d}")
        if index % 3 == 0:
            nb = nb.replace("ms.date: 04/21/2020", f"ms.date: 4/{index % 28 + 1}/2020")
        if index % 4 == 0:
            nb = nb.replace("ms.topic: article", "ms.topic: artcle")
        pair(tmp_path, name=f"a{index:02d}.md", nb=nb + f"\n[x](missing-{index}.md)\n",
             nl=article("nl-NL", assetid=f"4e6d34b3-e3e5-4fcd-a52e-34b54746{index:04d}"))


@pytest.mark.parametrize("jobs", [2, 3])
def test_worker_processes_find_what_one_process_finds(tmp_path, monkeypatch, jobs):
    import kb.checker

    _defective_tree(tmp_path)
    one = check([str(tmp_path)], jobs=1)
    monkeypatch.setattr(kb.checker, "PARALLEL_FROM", 10)
    monkeypatch.setattr(kb.checker, "BATCH", 8)
    more = check([str(tmp_path)], jobs=jobs)
    assert len(one.problems) > 30 and one.problems == more.problems
    assert one.facts == more.facts


def test_locate_all_agrees_with_locate():
    from kb.paths import locate, locate_all

    paths = ["/kb/nb-NO/a.md", "/kb/nb-NO/b.md", "/kb/nl-NL/includes/c.md", "/x/notes/d.md",
             "/kb/nb-NO/includes/nb-NO/e.md", "/kb/nl-NL/includes/f.txt"]
    assert locate_all(paths) == {path: locate(path) for path in paths}


def test_a_saved_report_is_reused_only_while_nothing_it_depends_on_changed(tmp_path):
    nb = article("nb-NO").replace("Kontroller kortopplysningene.", "![kort](media/kort.png)")
    root = pair(tmp_path / "kb", nb=nb)
    cache = tmp_path / "cache"

    def rules(**options):
        return sorted(p.rule for p in check([str(root)], cache_dir=cache, **options).problems)

    first = rules()
    assert "link-target" in first
    assert rules() == first  # reused
    (root / "nb-NO" / "media").mkdir()
    (root / "nb-NO" / "media" / "kort.png").write_bytes(b"png")
    assert "link-target" not in rules()  # the file system's answer changed
    assert rules(config=Config(disable=frozenset({"rule-citation"}))) == []
    reused = check([str(root)], cache_dir=cache)
    assert reused.facts == {} and check([str(root)], cache_dir=cache, reuse=False).facts
