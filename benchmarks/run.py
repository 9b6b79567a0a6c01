"""kbgen's benchmark: figures, never a pass/fail test.

    python benchmarks/run.py                # KB-5k: 5,000 FAQs, 100 categories, 300 playbooks, 50 standards
    python benchmarks/run.py --faqs 1000    # another size

Prints, in one run (see RESULTS.md): kbgen's wall and CPU time against stock MkDocs + Material over
the same text written by hand and against MkDocs with kbgen's configuration, where kbgen's time
goes, a rebuild after editing one FAQ, then (benchmarks/serve.py) an edit in `kbgen serve` until it
is on screen; and validate time, generate time (Markdown from YAML), total `kbgen build` time
(both audiences, both languages), the same MkDocs builds over the same Markdown with no kbgen
involved (the limit of this stack, one site after another as plain MkDocs would), the ratio,
peak memory, site size, what a customer downloads for the first search, and page weights.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from benchmarks.plain import build_serially, cpu_of_children, cpu_of_self, stock_limit
from kbgen import engine
from kbgen.build import site
from kbgen.read import loader


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def first_search_bytes(public: Path, lang: str = "es") -> tuple[int, list[str]]:
    """Bytes a first query fetches from Pagefind: its script, entry, WASM, the language's metadata,
    one index chunk (the largest, as the worst case) and five result fragments (the largest)."""
    bundle = public / "pagefind"
    files: list[tuple[str, int]] = []
    script = bundle / "pagefind.js"
    files.append(("pagefind.js (gzip)", gz(script.read_bytes())))
    entry = bundle / "pagefind-entry.json"
    files.append(("pagefind-entry.json (gzip)", gz(entry.read_bytes())))
    wasm = sorted(bundle.glob(f"wasm.{lang}*.pagefind")) or sorted(bundle.glob("wasm.unknown.pagefind"))
    files.append((wasm[0].name, wasm[0].stat().st_size))
    meta = sorted(bundle.glob(f"pagefind.{lang}*.pf_meta"))
    files.append((meta[0].name, meta[0].stat().st_size))
    chunks = sorted((bundle / "index").glob(f"{lang}*.pf_index"), key=lambda f: f.stat().st_size)
    files.append((f"largest index chunk ({chunks[-1].name})", chunks[-1].stat().st_size))
    fragments = sorted((bundle / "fragment").glob(f"{lang}*.pf_fragment"), key=lambda f: f.stat().st_size)
    files.append(("5 largest fragments", sum(f.stat().st_size for f in fragments[-5:])))
    return sum(n for _, n in files), [f"{name}: {n:,} B" for name, n in files]


def page_weight(site_root: Path, page: Path) -> tuple[int, int]:
    """Bytes of a page with every same-site stylesheet, script and image it loads: raw and gzipped."""
    html = page.read_bytes()
    raw, packed = len(html), gz(html)
    for ref in set(re.findall(rb'(?:href|src)="([^"#?]+\.(?:css|js|svg|png|woff2?))"', html)):
        target = (page.parent / ref.decode()).resolve()
        if target.is_file() and site_root.resolve() in target.parents:
            data = target.read_bytes()
            raw += len(data)
            packed += gz(data)
    return raw, packed


def relocate(config: dict[str, object], folder: Path) -> None:
    """The kept copy lives elsewhere than the build's stage: point the config at it."""
    config["docs_dir"] = str(folder / "docs")
    theme = config["theme"]
    assert isinstance(theme, dict)
    theme["custom_dir"] = str(folder / "overrides")


def edit_one_faq(project: Path) -> str:
    """Change one FAQ's Spanish answer, as an editor would; say which."""
    path = project / "protocols" / "faqs" / "cat-0.yml"
    text = path.read_text(encoding="utf-8")
    marker = "      es: \""
    at = text.index(marker, text.index("id: faq-1\n")) + len(marker)
    path.write_text(text[:at] + "Texto editado. " + text[at:], encoding="utf-8")
    return "faq-1, its Spanish answer"


def kbgen_config_limit(work: Path) -> tuple[float, float]:
    """Limit (b): each kept site's Markdown built by MkDocs with kbgen's configuration, no kbgen
    plugin, sites one after another: (wall, CPU) seconds."""
    configs = []
    for folder in sorted(p for p in work.iterdir() if p.is_dir()):
        config_path = folder / "mkdocs.yml"
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        relocate(config, folder)
        config["plugins"] = []
        config["site_dir"] = str(folder / "plain-site")
        plain = folder / "plain.yml"
        plain.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        configs.append(plain)
    return build_serially(configs)


def material_index(work: Path) -> int | None:
    """Size (gzipped) of Material's own search index for the public default-language site, for comparison."""
    folder = work / "work-public-es"
    if not folder.is_dir():
        return None
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    relocate(config, folder)
    config["plugins"] = [{"search": {"lang": "es"}}]
    config["site_dir"] = str(folder / "material-site")
    path = folder / "material.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path)],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return gz((folder / "material-site" / "search" / "search_index.json").read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faqs", type=int, default=5000)
    parser.add_argument("--categories", type=int, default=100)
    parser.add_argument("--playbooks", type=int, default=300)
    parser.add_argument("--standards", type=int, default=50)
    parser.add_argument("--no-material", action="store_true", help="skip the Material search-index comparison")
    parser.add_argument("--no-serve", action="store_true", help="skip kbgen serve's edit-to-screen figure")
    args = parser.parse_args()

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795392000")
    base = Path(tempfile.mkdtemp(prefix="kbgen-bench-"))
    try:
        project = base / "kb"
        generate(project, args.faqs, args.categories, args.playbooks, args.standards)
        size = (
            f"{args.faqs:,} FAQs in {args.categories} categories, {args.playbooks} playbooks, "
            f"{args.standards} standards, 2 languages"
        )

        loader.CACHE.entries.clear()
        start = time.perf_counter()
        kb, problems = engine.validate(project)
        validate_s = time.perf_counter() - start
        assert kb is not None and not problems.errors, problems.errors[:3]

        loader.CACHE.entries.clear()
        work = base / "work"
        work.mkdir()
        timings: dict[str, float] = {}
        cpu = cpu_of_self() + cpu_of_children()
        result = site.build(project, base / "out", ["public", "internal"], keep_work=work, timings=timings)
        kbgen_cpu = cpu_of_self() + cpu_of_children() - cpu
        assert result.ok, result.problems.errors[:3]
        total_s = timings["total"]
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        edit = edit_one_faq(project)
        again: dict[str, float] = {}
        cpu = cpu_of_self() + cpu_of_children()
        rebuilt = site.build(project, base / "out-edited", ["public", "internal"], timings=again)
        again_cpu = cpu_of_self() + cpu_of_children() - cpu
        assert rebuilt.ok, rebuilt.problems.errors[:3]
        converted = sum(len(pages) for pages in rebuilt.converted.values())
        stock_s, stock_cpu = stock_limit(kb, base / "stock")
        limit_s, limit_cpu = kbgen_config_limit(work)
        material = None if args.no_material else material_index(work)
        public, internal = base / "out" / "public", base / "out" / "internal"
        search_bytes, search_parts = first_search_bytes(public)
        first_category = sorted((public / "faq").iterdir())[0] / "index.html"
        home_raw, home_gz = page_weight(public, public / "index.html")
        cat_raw, cat_gz = page_weight(public, first_category)

        def line(label: str, value: str) -> None:
            print(f"{label:<44} {value}")

        print(f"kbgen benchmark: {size}")
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}"
        )
        line("load average (1, 5, 15 min)", " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print("(2 cores shared with other work: compare the ratios within this run, not single figures)")
        print()
        line("validate (parse + check, in process)", f"{validate_s:.2f} s")
        print("kbgen build, where the time goes:")
        line("  validate", f"{timings['validate']:.2f} s")
        line("  generate Markdown (CPU, summed over sites)", f"{timings['generate']:.2f} s")
        line(
            "  MkDocs (summed over sites)",
            f"{timings['mkdocs_sites']:.2f} s, of which kbgen's sanitising and repairs {timings['sanitize']:.2f} s",
        )
        line("  generate + MkDocs, sites in parallel (wall)", f"{timings['mkdocs']:.2f} s")
        line("  exports, redirects, robots.txt (wall)", f"{timings['exports']:.2f} s")
        line("  search index, Pagefind (wall)", f"{timings['search']:.2f} s")
        line("  swap into place (wall)", f"{timings['finish'] - timings['exports'] - timings['search']:.2f} s")
        line("total kbgen build (2 audiences x 2 langs)", f"{total_s:.2f} s wall, {kbgen_cpu:.2f} s CPU")
        line("  CPU of the site workers", f"{timings['workers_cpu']:.2f} s")
        line("limit (a): stock MkDocs + Material, serial", f"{stock_s:.2f} s wall, {stock_cpu:.2f} s CPU")
        line(
            "  ratio kbgen / (a)",
            f"{total_s / stock_s:.2f}x wall (target <= 1.0x), {kbgen_cpu / stock_cpu:.2f}x CPU (target <= 1.5x)",
        )
        line("limit (b): kbgen's config, no plugin, serial", f"{limit_s:.2f} s wall, {limit_cpu:.2f} s CPU")
        line("  ratio kbgen / (b)", f"{total_s / limit_s:.2f}x wall, {kbgen_cpu / limit_cpu:.2f}x CPU")
        print(f"kbgen build after editing one FAQ ({edit}), with the cache:")
        line(
            "  total",
            f"{again['total']:.2f} s wall ({again['total'] / total_s:.0%} of the clean build; target <= 15%), "
            f"{again_cpu:.2f} s CPU; {converted} pages converted",
        )
        line(
            "  validate / generate+MkDocs / exports / search",
            f"{again['validate']:.2f} / {again['mkdocs']:.2f} / {again['exports']:.2f} / {again['search']:.2f} s "
            f"(generate {again['generate']:.2f} s CPU, MkDocs {again['mkdocs_sites']:.2f} s, summed over sites)",
        )
        line("peak memory (kbgen process / a worker)", f"{peak_self:.0f} MiB / {peak_children:.0f} MiB")
        line("site size public / internal", f"{size_of(public) / 1e6:.1f} MB / {size_of(internal) / 1e6:.1f} MB")
        line("first search download (Pagefind, es)", f"{search_bytes / 1000:.0f} kB")
        for part in search_parts:
            line("", f"  {part}")
        if material is not None:
            line("Material search_index.json (gzip), same site", f"{material / 1000:.0f} kB")
        line("home page with assets (raw / gzip)", f"{home_raw / 1000:.0f} kB / {home_gz / 1000:.0f} kB")
        line("category page with assets (raw / gzip)", f"{cat_raw / 1000:.0f} kB / {cat_gz / 1000:.0f} kB")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if not args.no_serve:  # after the build's folders are gone: a server of its own on the same size
        sizes = ["--faqs", args.faqs, "--categories", args.categories, "--playbooks", args.playbooks]
        serve = Path(__file__).with_name("serve.py")
        subprocess.run([sys.executable, str(serve), *map(str, [*sizes, "--standards", args.standards])], check=True)


if __name__ == "__main__":
    main()
