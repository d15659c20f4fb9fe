"""Command line: the same analysis as the dashboard, for scripts and benchmarks.

    python -m microtask analyze --lang CODE (--titles-file PATH|- | --category NAME
                                [--limit N]) [--format json|csv|tsv|wikitable]
                                [--output PATH]
    python -m microtask categories --lang CODE PREFIX

Exit status: 0 when the analysis ran (per-article problems are in the rows), 2 for
bad input (including an unknown wiki or category), 1 when it could not run at all.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from microtask import __version__, analysis, exports
from microtask.cache import Cache, open_cache
from microtask.config import ConfigError, Settings, settings_help
from microtask.models import ArticleReport
from microtask.tasks import parse_task_ids
from microtask.titles import (
    InputError,
    InputTitle,
    normalize_category,
    parse_limit,
    parse_titles,
    validate_lang,
)
from microtask.wikimedia.errors import UnknownWiki, WikimediaError

logger = logging.getLogger("microtask.cli")

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("json", "csv", "tsv", "wikitable")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors say what to do and exit with our status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m microtask",
        description="Turn Wikipedia articles into small, concrete editing tasks.",
        epilog="Environment variables:\n" + settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("-v", "--verbose", action="count", default=0)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("analyze", help="analyze articles and list their tasks")
    run.add_argument("--lang", required=True, help="Wikipedia language code, e.g. en")
    source = run.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--titles-file", metavar="PATH", help="one title or URL per line; - for stdin"
    )
    source.add_argument("--category", metavar="NAME", help="analyze a category")
    run.add_argument(
        "--limit", default="20", help="articles to take from the category (20)"
    )
    run.add_argument("--format", choices=FORMATS, default="json")
    run.add_argument("--output", metavar="PATH", help="write here instead of stdout")
    run.add_argument(
        "--tasks",
        metavar="IDS",
        help="comma-separated task types to keep in csv/tsv/wikitable (default all)",
    )
    run.add_argument(
        "--no-cache", action="store_true", help="ignore and do not fill the cache"
    )

    search = commands.add_parser("categories", help="suggest categories (autocomplete)")
    search.add_argument("--lang", required=True)
    search.add_argument("prefix")
    search.add_argument("--limit", type=int, default=10)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return int(stop.code or 0)
    _log_to_stderr(args.verbose)

    try:
        settings = Settings.from_env(maxlag=5)
        if args.command == "categories":
            return asyncio.run(_categories(args, settings))
        return asyncio.run(_analyze(args, settings))
    except (InputError, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnknownWiki as error:
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except WikimediaError as error:
        print(f"error: could not run: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _log_to_stderr(verbose: int) -> None:
    """Progress and problems on stderr; -v adds each retry, -vv each request."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(name)s: %(message)s" if verbose else "%(message)s")
    )
    if not verbose:
        handler.addFilter(
            lambda r: r.name == logger.name or r.levelno >= logging.WARNING
        )
    package = logging.getLogger("microtask")
    package.handlers = [h for h in package.handlers if not getattr(h, "_cli", False)]
    handler._cli = True  # type: ignore[attr-defined]
    package.addHandler(handler)
    package.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)


async def _analyze(args: argparse.Namespace, settings: Settings) -> int:
    enabled = parse_task_ids(args.tasks) if args.tasks else None
    lang = validate_lang(args.lang)
    if not settings.contact:
        logger.info("note: set MICROTASK_CONTACT so Wikimedia can reach you if needed")

    if args.category:
        limit = parse_limit(args.limit)
        names = await analysis.category_titles(
            lang, args.category, limit, settings=settings
        )
        if not names:
            name = normalize_category(args.category)
            raise InputError(
                f"Category:{name} on {lang}.wikipedia.org has no articles."
            )
        titles = parse_titles("\n".join(names))
    else:
        titles = parse_titles(_read_titles(args.titles_file))
        elsewhere = sorted(
            {t.url_lang for t in titles if t.url_lang not in (None, lang)}
        )
        if elsewhere:
            logger.warning(
                "note: some URLs are from %s; they are looked up on %s.wikipedia.org",
                ", ".join(f"{code}.wikipedia.org" for code in elsewhere),
                lang,
            )

    cache = open_cache("memory://" if args.no_cache else settings.cache_url)
    try:
        reports = await _run_with_progress(lang, titles, settings, cache)
    finally:
        await cache.close()

    text = _render(reports, args.format, enabled, lang)
    _write(text, args.output)
    return EXIT_OK


async def _run_with_progress(
    lang: str, titles: list[InputTitle], settings: Settings, cache: Cache
) -> list[ArticleReport]:
    total = len(titles)
    started = time.monotonic()
    done = 0
    step = max(1, total // 20)
    logger.info("analyzing %d articles on %s.wikipedia.org", total, lang)

    def progress(index: int, report: ArticleReport) -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            logger.info(
                "%d/%d articles (%.1f s)", done, total, time.monotonic() - started
            )

    reports = await analysis.analyze(
        lang, titles, settings=settings, cache=cache, on_report=progress
    )
    failed = sum(1 for r in reports if r.errors)
    logger.info(
        "done: %d articles in %.1f s%s",
        len(reports),
        time.monotonic() - started,
        f", {failed} with a failed source (see 'errors')" if failed else "",
    )
    return reports


def _read_titles(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"No such file: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; save it as UTF-8.") from None
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror}") from None


def _render(
    reports: list[ArticleReport], fmt: str, enabled: frozenset[str] | None, lang: str
) -> str:
    if fmt == "json":
        return exports.to_json(reports, enabled)
    if fmt == "csv":
        return exports.to_csv(reports, enabled)
    if fmt == "tsv":
        return exports.to_tsv(reports, enabled)
    return exports.to_wikitable(reports, enabled, lang=lang)


def _write(text: str, path: str | None, stdout: TextIO | None = None) -> None:
    if path is None:
        (stdout or sys.stdout).write(text if text.endswith("\n") else text + "\n")
        return
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise InputError(f"Cannot write {path}: {error.strerror}") from None


async def _categories(args: argparse.Namespace, settings: Settings) -> int:
    matches = await analysis.search_categories(
        args.lang, args.prefix, settings=settings, limit=args.limit
    )
    for match in matches:
        print(f"{match.title}\t{match.pages}")
    return EXIT_OK
