"""The CI-sized runs of the two benchmark commands: they work and write what they promise."""
import json

from zh_indicators.cli import main


def test_benchmark_quick_writes_report(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["benchmark", "--config", "configs/tiny.cfg", "--quick", "--output", str(out)]) == 0
    res = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert res["folds"] == ["zhonglou"]
    assert set(res["per_city"]["zhonglou"]) == {"model", "model_no_repair", "rules", "train_seconds"}
    md = (out / "report.md").read_text(encoding="utf-8")
    for section in ("Headline", "without span repairs", "Per city", "Confusion", "Error analysis", "Reproduce", "git commit"):
        assert section in md
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html
    # the rule baseline is scored in the same run on the same fold
    assert 0 < res["per_city"]["zhonglou"]["rules"]["entity_f"] <= 1


def test_bench_quick_prints_all_figures(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench", "--quick", "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    res = json.loads(out.read_text())
    for key in ("floor_chars_per_s", "rules_chars_per_s", "model_chars_per_s", "model_vs_floor", "model_vs_rules",
                "report_20k_seconds", "report_20k_p95_seconds", "scaling_seconds", "load_seconds", "import_spacy_seconds",
                "load_vs_import_spacy", "peak_rss_mb",
                "model_mb", "threads", "device"):
        assert key in res
    assert "model nlp.pipe chars/s" in printed and "target" in printed
