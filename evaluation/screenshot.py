"""Render `show --html` for a sample in a real headless browser and save a PNG.

    python -m zh_indicators.evaluation.screenshot [--output show.png] [--report zhangjiagang-2018]
                                                  [--paragraphs 4] [--width 1280] [--height 2200]

Checks what a reader of the HTML view sees (wrapped sentences, arcs and their labels,
blank cells, separators) rather than what the markup says. Needs Chromium
(Debian: `apt-get install -y chromium fonts-noto-cjk`), found on PATH or in $CHROMIUM.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> Optional[str]:
    env = os.environ.get("CHROMIUM")
    if env and Path(env).exists():
        return env
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def sample_html(report: str = "zhangjiagang-2018", paragraphs: int = 4) -> str:
    """The HTML view of the opening of a shipped report (its clean text)."""
    from zh_indicators.corpus.reports import load_report
    from zh_indicators.extractors.pipeline import annotate, load
    from zh_indicators.extractors.show import render_html

    rep = load_report(report)
    keep, with_figures = [], 0
    for p in rep.paragraphs:  # the opening of the report, headings included, up to the n-th paragraph with figures
        if with_figures == paragraphs:
            break
        keep.append(p.text)
        with_figures += sum(ch.isdigit() for ch in p.text) >= 6
    doc = annotate(load(), "\n".join(keep), rep.meta.report_year)
    return render_html(doc, title=f"{report}: the opening {len(keep)} paragraphs ({with_figures} with figures)")


def screenshot(html_text: str, output, width: int = 1280, height: int = 2200, browser: Optional[str] = None) -> Path:
    """Save a PNG of the page as headless Chromium lays it out (scripts run first)."""
    browser = browser or find_browser()
    if browser is None:
        raise RuntimeError("no Chromium found (apt-get install -y chromium fonts-noto-cjk, or set $CHROMIUM)")
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "show.html"
        page.write_text(html_text, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--disable-dev-shm-usage", f"--user-data-dir={tmp}/profile", "--virtual-time-budget=3000",
               f"--window-size={width},{height}", f"--screenshot={output}", page.as_uri()]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if res.returncode != 0 or not output.exists():
            raise RuntimeError(f"{browser} failed ({res.returncode}): {res.stderr[-2000:]}")
    return output


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m zh_indicators.evaluation.screenshot", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--output", default="show.png", help="PNG file to write (default show.png)")
    p.add_argument("--report", default="zhangjiagang-2018", help="shipped report id to sample")
    p.add_argument("--paragraphs", type=int, default=4, help="paragraphs with figures to show")
    p.add_argument("--width", type=int, default=1280, help="window width in pixels")
    p.add_argument("--height", type=int, default=2200, help="window height in pixels")
    p.add_argument("--html", help="also keep the HTML page here")
    args = p.parse_args(argv)
    page = sample_html(args.report, args.paragraphs)
    if args.html:
        Path(args.html).write_text(page, encoding="utf-8")
    try:
        out = screenshot(page, args.output, args.width, args.height)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
