"""The HTML view in a real headless browser (runs only where Chromium is installed)."""
import pytest

from zh_indicators.evaluation.screenshot import find_browser, main


@pytest.mark.skipif(find_browser() is None, reason="no Chromium (apt-get install -y chromium fonts-noto-cjk)")
def test_screenshot_of_the_sample(tmp_path):
    out = tmp_path / "show.png"
    assert main(["--output", str(out), "--paragraphs", "2", "--width", "900", "--height", "1200",
                 "--html", str(tmp_path / "show.html")]) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    try:
        from PIL import Image
    except ImportError:
        return
    im = Image.open(out).convert("RGB")
    assert im.size == (900, 1200)
    assert len(im.resize((90, 120)).getcolors(maxcolors=1 << 16)) > 50  # text and colours, not a blank page
