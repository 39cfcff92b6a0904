"""The held-out-province benchmark report (markdown and HTML) from its results."""
import json
from pathlib import Path
from typing import Dict, List, Tuple

from zh_indicators.corpus.io import write_atomic

from .report import GOALS, _fmt, _md_to_html, entity_errors

METRICS = ("entity_f", "INDICATOR_f", "VALUE_f", "UNIT_f", "YEAR_f", "relation_f", "fact_f", "relation_gold_ents_f")
ATTR_GOALS = {"status": 0.95, "period": 0.95, "kind": 0.97}


def _ms(x) -> str:
    return f"{_fmt(x[0])} ± {_fmt(x[1])}"


def _table(rows: Dict[str, Dict], label: str) -> List[str]:
    md = [f"| {label} | docs | system | entities | INDICATOR | VALUE | UNIT | YEAR | relations | facts | status | period |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in rows.items():
        for sys in ("model", "model_rule_attributes", "rules"):
            if sys not in r and sys != "model_rule_attributes":
                continue
            if sys == "model_rule_attributes":
                att = r.get("attributes", {}).get(sys)
                if att is None:
                    continue
                md.append(f"| {name} | | model, rule attributes | | | | | | | | "
                          f"{_fmt(att.get('status'))} | {_fmt(att.get('period'))} |")
                continue
            h = r[sys]
            att = r.get("attributes", {}).get(sys, {})
            md.append(f"| {name} | {r.get('docs', '-')} | {sys} | {_fmt(h['entity_f'])} | {_fmt(h['INDICATOR_f'])} | "
                      f"{_fmt(h['VALUE_f'])} | {_fmt(h['UNIT_f'])} | {_fmt(h['YEAR_f'])} | {_fmt(h['relation_f'])} | "
                      f"{_fmt(h['fact_f'])} | {_fmt(att.get('status'))} | {_fmt(att.get('period'))} |")
    return md


ATTR_SYSTEMS = (("model", "learned head"), ("model_rule_attributes", "model's VALUEs, rule attributes"),
                ("rules", "rule baseline"))


def pooled_group_attributes(per_fold: Dict, group: str) -> Dict[str, Dict[str, Dict[str, float]]]:
    """Attribute accuracy per group (style, level) and system, pooled over the test folds:
    each fold's accuracy weighted by the VALUEs it matched. Groups from results without
    match counts are left out."""
    acc: Dict[str, Dict[str, Dict[str, float]]] = {}
    n: Dict[str, Dict[str, int]] = {}
    for f, r in per_fold.items():
        if f == "dev":
            continue
        for name, g in r.get(group, {}).items():
            att = g.get("attributes", {})
            counts = att.get("values_matched")
            if not isinstance(counts, dict):
                continue
            for sys, _ in ATTR_SYSTEMS:
                k = counts.get(sys, 0)
                for a, v in (att.get(sys) or {}).items():
                    if v is not None and k:
                        acc.setdefault(name, {}).setdefault(sys, {}).setdefault(a, 0.0)
                        acc[name][sys][a] += v * k
                n.setdefault(name, {}).setdefault(sys, 0)
                n[name][sys] += k
    return {name: {sys: dict({a: v / n[name][sys] for a, v in d.items()}, values=n[name][sys])
                   for sys, d in systems.items()} for name, systems in acc.items()}


def pooled_parts(per_fold: Dict) -> Tuple[Dict, Dict]:
    """(per test fold, pooled) part-label accuracy on the gold part layer, the folds weighted
    by their gold paragraphs; a system missing in any fold gets None pooled."""
    parts = {f: r["parts"] for f, r in per_fold.items() if f != "dev" and r.get("parts", {}).get("paragraphs")}
    n = sum(p["paragraphs"] for p in parts.values())
    pooled = {"paragraphs": n}
    for k in ("learned", "heading_rules"):
        vals = [(p[k], p["paragraphs"]) for p in parts.values()]
        pooled[k] = sum(v * w for v, w in vals) / n if vals and all(v is not None for v, _ in vals) else None
    return parts, pooled


def _attribute_table(pooled: Dict, label: str) -> List[str]:
    md = [f"| {label} | system | VALUEs matched | status | period | kind | direction |", "|---|---|---|---|---|---|---|"]
    for name in sorted(pooled):
        for sys, title in ATTR_SYSTEMS:
            d = pooled[name].get(sys)
            if d:
                md.append(f"| {name} | {title} | {d['values']} | {_fmt(d.get('status'))} | {_fmt(d.get('period'))} | "
                          f"{_fmt(d.get('kind'))} | {_fmt(d.get('direction'))} |")
    return md


def write_province_report(res: Dict, out_dir) -> List[Path]:
    out_dir = Path(out_dir)
    evals = res.pop("_evals", {"model": {}, "rules": {}})
    ms, pf = res["mean_std"], res["per_fold"]
    md = [f"# Benchmark on held-out provinces: `{res['config_path']}`", "",
          f"{res['docs']} documents ({res['records']} paragraphs): the five Jiangsu seed reports and the gold "
          "pool excerpts. Each test fold holds out whole provinces; its model is trained on every other "
          "document. The dev group is used for choosing configs and is never a test fold. Strict scoring: "
          "exact spans; a relation needs both spans and its type; a fact needs indicator text, value, "
          "canonical unit, period, status, kind and direction. The report year of each document is given.", "",
          "| fold | provinces |", "|---|---|"]
    md += [f"| {f} | {', '.join(p)} |" for f, p in res["folds"].items()]
    md += [f"| dev | {', '.join(res['dev'])} |"] if "dev" not in res["folds"] else []
    md += [""]
    if res.get("unplaced"):
        md += [f"Provinces in no fold (trained on, never tested): {', '.join(res['unplaced'])}", ""]
    md += ["## Headline (test folds, mean ± std over folds)", "",
           "| metric | model | model, rule attributes | model without span repairs | rule baseline | goal | met |",
           "|---|---|---|---|---|---|---|"]
    for m in METRICS:
        goal = GOALS.get(m)
        if m == "INDICATOR_f":
            goal = 0.85
        val = ms["model"].get(m, (None, None))[0]
        met = "-" if goal is None or val is None else ("yes" if val >= goal else "**no**")
        md.append(f"| {m} | {_ms(ms['model'].get(m, (None, None)))} | "
                  f"{_ms(ms.get('model_rule_attributes', {}).get(m, (None, None)))} | "
                  f"{_ms(ms['model_no_repair'].get(m, (None, None)))} | "
                  f"{_ms(ms['rules'].get(m, (None, None)))} | {goal or '-'} | {met} |")
    if res.get("pooled"):
        att = res["pooled"]["model"]["attribute_accuracy"]
        ratt = res["pooled"]["rules"]["attribute_accuracy"]
        ra = res.get("pooled_attributes_rules_on_model", {})
        md += ["", "Attribute accuracy on the VALUEs found, pooled over test folds (learned head / the same model's "
               "VALUEs with the attribute rules / rule baseline; goal): " +
               ", ".join(f"{k} {_fmt(v)} / {_fmt(ra.get(k))} / {_fmt(ratt[k])}" +
                         (f" (goal {ATTR_GOALS[k]})" if k in ATTR_GOALS else "") for k, v in att.items()), ""]
        md += ["95% bootstrap intervals, pooled over test folds, resampling whole excerpts:", ""]
        for sys, d in res["ci95_pooled_by_excerpt"].items():
            md.append(f"- {sys}: " + ", ".join(f"{k} [{lo:.3f}, {hi:.3f}]" for k, (lo, hi) in d.items()))
    parts, pooled = pooled_parts(pf)
    if parts:
        n = pooled["paragraphs"]
        md += ["", "## Paragraph parts (gold part layer, GUIDELINES §10)", "",
               "| fold | paragraphs | learned part label | heading rules |", "|---|---|---|---|"]
        md += [f"| {f} | {p['paragraphs']} | {_fmt(p['learned'])} | {_fmt(p['heading_rules'])} |" for f, p in parts.items()]
        md.append(f"| pooled | {n} | {_fmt(pooled['learned'])} | {_fmt(pooled['heading_rules'])} |")
    by_style = pooled_group_attributes(pf, "style")
    if by_style:
        md += ["", "## Attributes per style (test folds pooled, weighted by VALUEs matched)", "",
               f"Goals: status and period {ATTR_GOALS['status']} each, also per style; kind {ATTR_GOALS['kind']}.",
               ""] + _attribute_table(by_style, "style")
    md += ["", "## Per fold", ""] + _table({f: pf[f] for f in pf}, "fold")
    for g in ("style", "level"):
        rows: Dict[str, Dict] = {}
        # pool the per-fold group tables (test folds only) by summing nothing: show each fold's group
        for f in [x for x in pf if x != "dev"]:
            for name, r in pf[f][g].items():
                rows[f"{f} {name}"] = r
        md += ["", f"## Per {g} (each test fold)", ""] + _table(rows, g)
    if res["learning_curve"]:
        md += ["", "## Learning curve (one test fold, against training places)", "",
               "| training places | entities | INDICATOR | relations | facts |", "|---|---|---|---|---|"]
        for k, h in sorted(res["learning_curve"].items(), key=lambda kv: int(kv[0])):
            md.append(f"| {k} | {_fmt(h['entity_f'])} | {_fmt(h['INDICATOR_f'])} | {_fmt(h['relation_f'])} | {_fmt(h['fact_f'])} |")
    md += ["", "## Reproduce", "",
           f"- command: `zh-indicators benchmark --protocol provinces --config {res['config_path']} --output <dir>`",
           f"- git commit: `{res['git_commit']}`", f"- data hash: `{res['data_hash']}`", f"- seed: {res['seed']}",
           f"- versions: {res['versions']}", f"- machine: {res['machine']}", f"- wall time: {res['wall_seconds']} s"]
    kept = {f: s["pipeline"] for f, s in res["per_fold"].items() if s.get("pipeline", {}).get("source") == "kept"}
    if kept:
        md += ["- fold pipelines kept from an earlier run (`--models`), not trained in this one: " + "; ".join(
            f"{f} trained at `{h.get('trained_at_commit')}`" + (f", attribute head {h['attribute_head']}"
                                                               if h.get("attribute_head") else "")
            for f, h in kept.items())]
    md += ["", "```", json.dumps(res["config"], indent=1), "```", "", "## Errors (test folds, model)", ""]
    for fold, ev in evals["model"].items():
        for kind, items in entity_errors(ev).items():
            md += [f"### {fold}: {kind} ({len(items)})", ""]
            # span texts only: pool pages are third-party text and are not copied here
            md += [f"- `{pid}` {what}: `{text[s:e]}`" for pid, text, s, e, what in items[:60]]
            if len(items) > 60:
                md.append(f"- … {len(items) - 60} more in results.json's error lists")
            md.append("")
    text = "\n".join(md) + "\n"
    write_atomic(out_dir / "report.md", text)
    write_atomic(out_dir / "report.html", _md_to_html(text, {}))
    write_atomic(out_dir / "results.json", json.dumps(res, ensure_ascii=False, indent=1, default=str))
    return [out_dir / "report.md", out_dir / "report.html", out_dir / "results.json"]
