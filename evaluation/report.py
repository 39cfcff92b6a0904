"""Writing the benchmark report: report.md, a self-contained report.html (plots
embedded), results.json. Files are written atomically."""
import base64
import html
import io
import json
from pathlib import Path
from typing import Dict, List, Tuple

from zh_indicators.corpus.io import write_atomic
from zh_indicators.corpus.schema import LABELS

from .evaluate import Evaluation
from zh_indicators.extractors.scorer import label_confusion
from .seqeval_scores import seqeval_entity_scores

GOALS = {"entity_f": 0.93, "relation_f": 0.90, "fact_f": 0.80, "VALUE_f": 0.97, "UNIT_f": 0.97, "YEAR_f": 0.97,
         "INDICATOR_f": 0.85}


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _plots(res: Dict) -> Dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = {}
    cities = res["folds"]
    fig, ax = plt.subplots(figsize=(8, 3.5))
    w = 0.8 / len(LABELS)
    for k, label in enumerate(LABELS):
        ax.bar([i + k * w for i in range(len(cities))],
               [res["per_city"][c]["model"][f"{label}_f"] or 0.0 for c in cities], w, label=label)
    ax.set_xticks([i + 0.4 - w / 2 for i in range(len(cities))], cities)
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1")
    ax.set_title("Entity F1 per label, per held-out city (model)")
    ax.legend(fontsize=8, ncol=4)
    out["per_label_city.png"] = _png(fig)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    metrics = ["entity_f", "relation_f", "fact_f", "INDICATOR_f"]
    for k, sys in enumerate(("model", "rules")):
        ax.bar([i + k * 0.4 for i in range(len(metrics))], [res["mean_std"][sys][m][0] or 0.0 for m in metrics], 0.4,
               yerr=[res["mean_std"][sys][m][1] or 0.0 for m in metrics], label=sys, capsize=3)
    ax.set_xticks([i + 0.2 for i in range(len(metrics))], metrics)
    ax.set_ylim(0, 1)
    ax.set_title("Model vs rule baseline (leave-one-city-out mean ± std)")
    ax.legend()
    out["model_vs_baseline.png"] = _png(fig)
    if res["learning_curve"]:
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for city, row in res["learning_curve"].items():
            ks = sorted(row, key=int)
            ax.plot([int(k) for k in ks], [row[k]["entity_f"] or 0.0 for k in ks], marker="o", label=f"{city} entities")
            ax.plot([int(k) for k in ks], [row[k]["fact_f"] or 0.0 for k in ks], marker="s", ls="--", label=f"{city} facts")
        ax.set_xlabel("training reports")
        ax.set_ylabel("F1")
        ax.set_ylim(0, 1)
        ax.set_title("Learning curve")
        ax.legend(fontsize=8)
        out["learning_curve.png"] = _png(fig)
    plt.close("all")
    return out


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=90)
    return buf.getvalue()


def entity_errors(ev: Evaluation) -> Dict[str, List[Tuple[str, str, int, int, str]]]:
    """Every FP and FN entity: (paragraph id, text, start, end, what), grouped by kind."""
    groups = {"boundary": [], "wrong label": [], "spurious (FP)": [], "missed (FN)": []}
    for pid, text, gold, pred in zip(ev.ids, ev.texts, ev.ents_gold, ev.ents_pred):
        for s, e, l in sorted(pred - gold):
            same = [g for g in gold if g[0] == s and g[1] == e]
            over = [g for g in gold if g[0] < e and s < g[1]]
            if same:
                groups["wrong label"].append((pid, text, s, e, f"predicted {l}, gold {same[0][2]}"))
            elif over:
                groups["boundary"].append((pid, text, s, e, f"predicted {l} `{text[s:e]}`, gold `{text[over[0][0]:over[0][1]]}`"))
            else:
                groups["spurious (FP)"].append((pid, text, s, e, f"predicted {l}"))
        for s, e, l in sorted(gold - pred):
            if not any(p[0] < e and s < p[1] for p in pred):
                groups["missed (FN)"].append((pid, text, s, e, f"gold {l}"))
    return groups


def _context(text: str, s: int, e: int, mark) -> str:
    a, b = max(0, s - 30), min(len(text), e + 30)
    return text[a:s] + mark(text[s:e]) + text[e:b]


def write_report(res: Dict, out_dir) -> List[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    evals = res.pop("_evals", {"model": {}, "rules": {}})
    plots = _plots(res)
    md, h = [], []
    ms = res["mean_std"]
    md += [f"# Benchmark: `{res['config_path']}`", "",
           "Leave-one-city-out: for each report, train on the other four and test on it. "
           "Figures are strict (exact spans; relations need both spans and the type right; "
           "a fact needs indicator text, value, canonical unit, period, status, kind and direction).", "",
           "## Headline (mean ± std over folds)", "",
           "| metric | model | model without span repairs | rule baseline | goal | model meets goal |",
           "|---|---|---|---|---|---|"]
    for m in ("entity_f", "relation_f", "fact_f", "INDICATOR_f", "VALUE_f", "UNIT_f", "YEAR_f", "relation_gold_ents_f"):
        goal = GOALS.get(m)
        ablation = ms.get("model_no_repair", {}).get(m, (None, None))
        md.append(f"| {m} | {_fmt(ms['model'][m][0])} ± {_fmt(ms['model'][m][1])} | "
                  f"{_fmt(ablation[0])} ± {_fmt(ablation[1])} | "
                  f"{_fmt(ms['rules'][m][0])} ± {_fmt(ms['rules'][m][1])} | {goal or '-'} | "
                  f"{'-' if goal is None or ms['model'][m][0] is None else ('yes' if ms['model'][m][0] >= goal else '**no**')} |")
    md += ["", "95% bootstrap intervals (paragraphs resampled, all folds pooled):", ""]
    for sys, d in res["ci95_pooled"].items():
        md.append(f"- {sys}: " + ", ".join(f"{k} [{lo:.3f}, {hi:.3f}]" for k, (lo, hi) in d.items()))
    md += ["", "## Per city", "", "| city | system | entities | INDICATOR | VALUE | UNIT | YEAR | relations | relations (gold ents) | facts | train s |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for c in res["folds"]:
        for sys in [x for x in ("model", "model_no_repair", "rules") if x in res["per_city"][c]]:
            r = res["per_city"][c][sys]
            md.append(f"| {c} | {sys} | {_fmt(r['entity_f'])} | {_fmt(r['INDICATOR_f'])} | {_fmt(r['VALUE_f'])} | "
                      f"{_fmt(r['UNIT_f'])} | {_fmt(r['YEAR_f'])} | {_fmt(r['relation_f'])} | "
                      f"{_fmt(r['relation_gold_ents_f'])} | {_fmt(r['fact_f'])} | "
                      f"{res['per_city'][c]['train_seconds'] if sys == 'model' else '-'} |")
    pooled = res["pooled"]["model"]
    md += ["", "## Pooled details (model)", "", "| label | P | R | F1 |", "|---|---|---|---|"]
    for l in LABELS:
        x = pooled["entities"][l]
        md.append(f"| {l} | {_fmt(x['p'])} | {_fmt(x['r'])} | {_fmt(x['f'])} |")
    md += ["", f"Macro F1 over labels: {_fmt(pooled['entities']['macro_f'])}", "",
           "| relation | end to end P/R/F1 | with gold entities P/R/F1 |", "|---|---|---|"]
    for t in ("has_value", "has_unit", "in_year"):
        a, b = pooled["relations_end_to_end"][t], pooled["relations_gold_entities"][t]
        md.append(f"| {t} | {_fmt(a['p'])}/{_fmt(a['r'])}/{_fmt(a['f'])} | {_fmt(b['p'])}/{_fmt(b['r'])}/{_fmt(b['f'])} |")
    md += ["", "Attribute accuracy on VALUEs found (model / rules): " + ", ".join(
        f"{k} {_fmt(v)} / {_fmt(res['pooled']['rules']['attribute_accuracy'][k])}"
        for k, v in pooled["attribute_accuracy"].items()), ""]
    all_model = list(evals["model"].values())
    if all_model:
        from .benchmark import merge

        ev = merge(all_model)
        sq = seqeval_entity_scores(ev.texts, ev.ents_gold, ev.ents_pred)
        if sq:
            md += ["seqeval (strict, IOB2) micro F1: " + _fmt(sq["micro avg"]["f1-score"]) +
                   f" (exact-span scorer: {_fmt(pooled['entities']['micro']['f'])})", ""]
        conf = label_confusion([{"id": i, "entities": g} for i, g in enumerate(ev.ents_gold)],
                               [{"id": i, "entities": p} for i, p in enumerate(ev.ents_pred)])
        md += ["## Confusion of entity labels (same span; '-' = no prediction with that span)", "",
               "| gold \\ predicted | " + " | ".join(list(LABELS) + ["-"]) + " |",
               "|---" * (len(LABELS) + 2) + "|"]
        for l in LABELS:
            md.append(f"| {l} | " + " | ".join(str(conf[l].get(k, 0)) for k in list(LABELS) + ["-"]) + " |")
    if res["learning_curve"]:
        md += ["", "## Learning curve (entity / fact F1 against training reports)", "",
               "| held-out city | " + " | ".join(str(k) for k in sorted(next(iter(res["learning_curve"].values())), key=int)) + " |",
               "|---" * (1 + len(next(iter(res["learning_curve"].values())))) + "|"]
        for c, row in res["learning_curve"].items():
            md.append(f"| {c} | " + " | ".join(f"{_fmt(row[k]['entity_f'])} / {_fmt(row[k]['fact_f'])}"
                                               for k in sorted(row, key=int)) + " |")
    md += ["", "## Plots", ""] + [f"![{n}]({n})" for n in plots]
    md += ["", "## Reproduce", "", f"- command: `zh-indicators benchmark --config {res['config_path']} --output <dir>`",
           f"- git commit: `{res['git_commit']}`", f"- data hash: `{res['data_hash']}` ({res['records']} paragraphs)",
           f"- seed: {res['seed']}", f"- versions: {res['versions']}", f"- machine: {res['machine']}",
           f"- wall time: {res['wall_seconds']} s", "", "Config:", "", "```", json.dumps(res["config"], indent=1), "```"]
    md += ["", "## Error analysis (held-out cities, model)", ""]
    for city, ev in evals["model"].items():
        for kind, items in entity_errors(ev).items():
            md += [f"### {city}: {kind} ({len(items)})", ""]
            md += [f"- `{pid}` {what}: …{_context(text, s, e, lambda x: f'**[{x}]**')}…" for pid, text, s, e, what in items]
            md.append("")
    md_text = "\n".join(md) + "\n"
    body = _md_to_html(md_text, plots)
    files = []
    for name, data in plots.items():
        write_atomic(out_dir / name, data)
        files.append(out_dir / name)
    write_atomic(out_dir / "report.md", md_text)
    write_atomic(out_dir / "report.html", body)
    write_atomic(out_dir / "results.json", json.dumps(res, ensure_ascii=False, indent=1, default=str))
    return files + [out_dir / "report.md", out_dir / "report.html", out_dir / "results.json"]


def _md_to_html(md: str, plots: Dict[str, bytes]) -> str:
    """A small renderer for the report's own markdown (tables, headings, lists, images)."""
    import re

    out = ["<!doctype html><html><head><meta charset='utf-8'><title>zh-indicators benchmark</title>",
           "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:2px 6px}mark{background:#ffe08a}</style></head><body>"]
    in_table = in_code = False

    def inline(t: str) -> str:
        t = html.escape(t)
        t = re.sub(r"\*\*\[(.+?)\]\*\*", r"<mark>\1</mark>", t)
        t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)
        return re.sub(r"`(.+?)`", r"<code>\1</code>", t)

    for line in md.splitlines():
        if line.startswith("```"):
            out.append("</pre>" if in_code else "<pre>")
            in_code = not in_code
            continue
        if in_code:
            out.append(html.escape(line))
            continue
        if line.startswith("|"):
            if set(line) <= set("|-"):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        m = re.match(r"!\[(.+?)\]\((.+?)\)", line)
        if m and m.group(2) in plots:
            b64 = base64.b64encode(plots[m.group(2)]).decode("ascii")
            out.append(f"<p><img alt='{m.group(1)}' src='data:image/png;base64,{b64}'></p>")
        elif line.startswith("#"):
            n = len(line) - len(line.lstrip("#"))
            out.append(f"<h{n}>{inline(line[n:].strip())}</h{n}>")
        elif line.startswith("- "):
            out.append(f"<li>{inline(line[2:])}</li>")
        elif line.strip():
            out.append(f"<p>{inline(line)}</p>")
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)
