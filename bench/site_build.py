"""Benchmark: `mkdocs build` of the help site for the real corpus, ours beside Material.

    python bench/site_build.py [CORPUS] [--subset N] [--no-one-page] [--keep]

ours, corpus   the project's mkdocs.yml (Material, the betal-kb plugin: one Material site per
               language, each built by its own `mkdocs build` process) on every article of
               both languages, with the kb checks reporting instead of failing (the corpus
               has real defects) and not strict (its articles link to images the corpus
               leaves out); a new process, an empty check cache, an empty site folder
ours, again    the same build once more, as a writer's next build: the check cache is warm
               and the new site replaces the previous one (the script then waits until
               the replaced site is deleted, which the plugin does in the background)
ours, subset   the same on the first N articles of each language (default 200)
naive, subset  Material + mkdocs-static-i18n as their documentation sets them up (folder
               structure, search, the navigation MkDocs makes of every page) on that subset:
               every page carries a navigation listing every article, so time and size grow
               with the square of the number of articles
one-page nav   the reference: the naive setup on the whole corpus with a navigation of the
               home page only (no way to browse, the least work Material does for a page)

Each build runs in its own process; wall time and CPU time (user + system, the process and
the ones it starts) are shown, and the size of the output folder as `du -sb` counts it, and
the peak memory (resident set) of the largest process. CPU time is the steadier figure on a
machine that other work shares; the load average is printed before and after. Before the
builds, the script times creating 1,000 files of a page's size in its work folder: some file
systems take several times longer for each while many files were deleted in the last
minutes. The corpus is ../shared/corpus/alchemy-insights next to the checkout unless given;
it is read where it is (the subset is copied to a temporary folder). The figures and the
targets are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from machine import describe  # bench/, this script's folder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "alchemy-insights"
LOCALES = ("nb-NO", "nl-NL")

NAIVE = {
    "site_name": "Alchemy Insights",
    "theme": {"name": "material", "font": False},
    "plugins": [
        {"search": {"lang": ["no", "nl"]}},
        {"i18n": {"docs_structure": "folder", "languages": [
            {"locale": "nb-NO", "name": "Norsk bokmål", "default": True,
             "theme": {"language": "nb"}},
            {"locale": "nl-NL", "name": "Nederlands", "theme": {"language": "nl"}},
        ]}},
    ],
    "markdown_extensions": ["toc", "attr_list", "admonition", "tables"],
}


def ours_config(docs_dir: Path, site_dir: Path) -> dict:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    plugins = config["plugins"]
    index = next(i for i, item in enumerate(plugins)
                 if item == "betal-kb" or (isinstance(item, dict) and "betal-kb" in item))
    options = plugins[index]["betal-kb"] if isinstance(plugins[index], dict) else {}
    plugins[index] = {"betal-kb": {**(options or {}), "checks": "report"}}
    config.update(docs_dir=str(docs_dir), site_dir=str(site_dir), strict=False)
    return config


def naive_config(docs_dir: Path, site_dir: Path, one_page: bool = False) -> dict:
    config = {**NAIVE, "docs_dir": str(docs_dir), "site_dir": str(site_dir),
              "exclude_docs": "*.yml\nincludes/\n"}
    if one_page:
        config["nav"] = [f"{LOCALES[0]}/index.md"]
        config["validation"] = {"nav": {"omitted_files": "ignore"}}
    return config


def subset(corpus: Path, target: Path, count: int) -> int:
    """The home page and the first ``count`` articles of each language, by file name."""
    pages = 0
    for locale in LOCALES:
        (target / locale).mkdir(parents=True)
        names = sorted(p.name for p in (corpus / locale).glob("*.md") if p.name != "index.md")
        for name in ["index.md", *names[:count]]:
            shutil.copyfile(corpus / locale / name, target / locale / name)
            pages += 1
    return pages


def build(work: Path, name: str, config: dict) -> tuple[float, float, int, int, float]:
    """(wall s, CPU s, bytes as du -sb counts them, pages, peak MB of the largest process)
    of one `mkdocs build`."""
    path = work / f"{name}.yml"
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, allow_unicode=True, sort_keys=False)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("BETAL_SITE_LANGUAGE", None)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)  # its own and its children's CPU and memory
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{name}: mkdocs build failed:\n{stderr[-3000:]}")
    site = Path(config["site_dir"])
    size = int(subprocess.run(["du", "-sb", str(site)], capture_output=True, text=True,
                              check=True).stdout.split()[0])
    pages = sum(1 for _ in site.rglob("*.html"))
    return wall, usage.ru_utime + usage.ru_stime, size, pages, usage.ru_maxrss / 1024


def settle(work: Path, timeout: float = 120) -> None:
    """Wait until the site a build replaced is deleted (the plugin deletes it in a process
    of its own, after the build): the next build must not share the machine with it."""
    deadline = time.monotonic() + timeout
    while any(work.glob(".*.old-*")) and time.monotonic() < deadline:
        time.sleep(0.2)


def file_creation(folder: Path, count: int = 1000) -> float:
    """Milliseconds of wall time to create a file of 10 kB in a new folder (the files stay
    until the end of the run: deleting them would slow down the builds that follow)."""
    folder.mkdir()
    data = b"x" * 10_000
    start = time.perf_counter()
    for number in range(count):
        with open(folder / f"{number}.html", "wb") as handle:
            handle.write(data)
    return (time.perf_counter() - start) * 1000 / count


def row(name: str, figures: tuple[float, float, int, int, float], note: str = "") -> str:
    wall, cpu, size, pages, peak = figures
    return (f"{name:16}{pages:>7}{wall:9.1f} s{cpu:9.1f} s{size / 1e6:9.1f} MB"
            f"{size / pages / 1e3:8.1f} kB{peak:8.0f} MB  {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--subset", type=int, default=200,
                        help="articles of each language for the naive build (default 200)")
    parser.add_argument("--no-one-page", action="store_true",
                        help="skip the one-page-nav reference on the whole corpus")
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    args = parser.parse_args()
    if not all((args.corpus / locale).is_dir() for locale in LOCALES):
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="betal-site-bench-"))
    try:
        print(f"machine: {describe()}; load average before: {os.getloadavg()[0]:.2f}; "
              f"creating a file: {file_creation(work / 'probe'):.2f} ms")
        print(f"{'':16}{'pages':>7}{'wall':>11}{'CPU':>11}{'output':>12}{'a page':>10}"
              f"{'peak RSS':>10}  (of the build's largest process)")
        config = ours_config(args.corpus, work / "ours-corpus")
        cold = build(work, "ours-corpus", config)
        print(row("ours, corpus", cold), flush=True)
        again = build(work, "ours-corpus", config)
        print(row("ours, again", again), flush=True)
        settle(work)
        pages = subset(args.corpus, work / "subset", args.subset)
        print(f"subset: {pages} pages ({args.subset} articles and the home page a language)")
        print(row("ours, subset", build(work, "ours-subset", ours_config(
            work / "subset", work / "ours-subset"))), flush=True)
        print(row("naive, subset", build(work, "naive-subset", naive_config(
            work / "subset", work / "naive-subset"))), flush=True)
        if not args.no_one_page:
            reference = build(work, "one-page", naive_config(args.corpus, work / "one-page",
                                                             one_page=True))
            print(row("one-page nav", reference, "reference, whole corpus"))
            for name, ours in (("corpus", cold), ("again", again)):
                print(f"ours, {name} / reference: wall {ours[0] / reference[0]:.2f} x, CPU "
                      f"{ours[1] / reference[1]:.2f} x, output {ours[2] / 1e6:.1f} MB "
                      "(targets: <= 0.6 x the wall time, <= 60 MB)")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if args.keep:
            print(f"sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
