"""From fact tables to a panel: one row per place, period, indicator and kind.

Facts of one figure appear in several reports: estimated (预计) in one, achieved in the
next, sometimes revised. The panel keeps one value per (place, indicator id, period,
kind, canonical unit): an achieved figure over an estimate over a target, and among
figures of the same status the one from the latest report (a revision). Every other
source is kept in the sources table, and sources that differ beyond rounding are
listed in the conflicts table.
"""
import re
from typing import Dict, List, Optional, Tuple

STATUS_RANK = {"actual": 0, "estimate": 1, "target": 2}
KEY = ("place", "indicator_id", "period", "kind", "unit_canonical", "per")
PROVENANCE = ("file", "report_year", "start", "end", "sentence", "status", "indicator", "value_text", "unit")
CONFLICT_TOLERANCE = 0.005  # relative difference beyond rounding (0.5%)


def add_indicator_ids(df, catalogue=None, cutoff: Optional[float] = None):
    """Columns indicator_id, indicator_en and indicator_match_score from the catalogue."""
    from .indicators import DEFAULT_CUTOFF, load_catalogue

    cat = catalogue or load_catalogue()
    cut = DEFAULT_CUTOFF if cutoff is None else cutoff
    cache: Dict[str, Tuple[Optional[str], float]] = {}
    ids, scores = [], []
    for s in df["indicator"].tolist():
        if s not in cache:
            cache[s] = cat.match(s if isinstance(s, str) else None, cutoff=cut)
        ids.append(cache[s][0])
        scores.append(cache[s][1])
    df = df.copy()
    df["indicator_id"] = ids
    df["indicator_en"] = [cat.name_en(i) for i in ids]
    df["indicator_match_score"] = scores
    return df


# What makes a count a flow besides a verb inside the INDICATOR: the verb that governs the
# whole list the item stands in (获批国家级5G工厂1家、[扬州市级智能工厂]9家), or the opening
# said after it (13家[社区卫生服务站]投入使用: the stations opened this year).
_CLAUSE_START = re.compile(r"[,，;；。:：!！?？]")
_STOCK_VERB = re.compile(r"^(总数|总量|数量|数)?(达到|达|累计|共计|共有|共|总计|合计|保持|稳定在|增至|增加到)")
_OPENED = re.compile(r"^(建成投用|建成投运|建成使用|投入使用|投入运营|投入运行|投用|投运|开工建设|建成开放|揭牌)")


def _near(sentence: str, indicator: str, value_text) -> int:
    """Where `indicator` stands in `sentence`: of its occurrences, the one nearest its value."""
    spots = [m.start() for m in re.finditer(re.escape(indicator), sentence)]
    vals = [m.start() for m in re.finditer(re.escape(value_text), sentence)] if isinstance(value_text, str) else []
    if not spots or not vals:
        return spots[0] if spots else -1
    return min(spots, key=lambda a: min(abs(v - a) for v in vals))


def _adding_context(sentence, indicator, value_text=None) -> Optional[str]:
    """"list" when the list around `indicator` in `sentence` opens with an adding verb,
    "opened" when an opening verb follows it, else None."""
    from .encoding import normalise_text
    from .indicators import ADDING_VERBS, normalise

    if not isinstance(sentence, str) or not isinstance(indicator, str) or not indicator:
        return None
    at = _near(sentence, indicator, value_text)
    if at < 0:
        return None
    after = normalise_text(sentence[at + len(indicator):])
    if _STOCK_VERB.match(after):
        return None  # 新建学校5所、学校总数达到100所: the second item is the stock
    before = sentence[:at]
    clause = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0):]
    if "、" in clause and ADDING_VERBS.match(normalise(clause)):
        return "list"
    return "opened" if _OPENED.match(after) else None


def flows_as_changes(df, catalogue=None):
    """A count of things added in the year under the id of their stock is that stock's change.

    The scheme keeps the verb inside a flow's INDICATOR (`[新增省级上云企业]25家`, kind level:
    the level of the flow); where the catalogue has only the stock (cloud_enterprises), the
    panel row is the stock's increase, kind change, not a stock of 25. The same holds for an
    item of a list that an adding verb governs and for things said to open (投入使用). Ids
    whose own names carry an adding verb (new_jobs: 新增就业) are flows and keep their level.
    """
    import pandas as pd

    from .indicators import ADDING_VERBS, load_catalogue, normalise

    cat = catalogue or load_catalogue()
    if "indicator" not in df.columns or not len(df):
        return df
    # normalise reads in simplified (認定 is 认定), as the matcher reads it
    adding = df["indicator"].map(lambda s: isinstance(s, str) and bool(ADDING_VERBS.match(normalise(s))))
    context = (df.apply(lambda r: _adding_context(r["sentence"], r["indicator"], r.get("value_text")), axis=1)
               if "sentence" in df.columns else pd.Series(None, index=df.index, dtype=object))
    adding = adding | context.notna()
    counted = ~df["unit_canonical"].isin(["percent", "pp"]) if "unit_canonical" in df.columns else True
    is_flow = df["indicator_id"].map(lambda i: isinstance(i, str) and cat.is_flow(i))
    stock = df["indicator_id"].map(lambda i: isinstance(i, str) and not cat.is_flow(i))
    df = df.copy()
    # a stock with a flow of its own (little_giants -> little_giants_new): the figure is that flow's level
    to_flow = adding & stock & counted & df["indicator_id"].isin(list(cat.flow_of)) & df["kind"].isin(["level", "change"])
    if to_flow.any():
        df.loc[to_flow, "indicator_id"] = df.loc[to_flow, "indicator_id"].map(cat.flow_of)
        df.loc[to_flow, "kind"] = "level"
        if "indicator_en" in df.columns:
            df.loc[to_flow, "indicator_en"] = df.loc[to_flow, "indicator_id"].map(cat.name_en)
    sel = adding & stock & ~to_flow & counted & (df["kind"] == "level")
    if sel.any():
        df.loc[sel, "kind"] = "change"
        if "direction" in df.columns:
            df.loc[sel, "direction"] = "up"
    # the list rule's change (GUIDELINES §4) of an item under a flow id is that flow's level:
    # 建成幸福河湖12条、[农村生态河道]40公里 is 40 km of rural eco-rivers built (rural_eco_rivers)
    back = context.eq("list") & is_flow & counted & (df["kind"] == "change")
    if back.any():
        df.loc[back, "kind"] = "level"
        if "direction" in df.columns:
            df.loc[back, "direction"] = None
    return df


def split_compounds(df, catalogue=None):
    """The figures under a compound name go to the ids of its parts.

    `存贷款余额分别为2728亿元、2647亿元`: one INDICATOR with two values, deposits then loans
    (the catalogue's `respectively`, in the order the values are written, when their
    number matches); `城乡居民人均可支配收入45430元` with one value is the all-residents
    income (`alone`). Values are counted per INDICATOR occurrence, kind and unit, so a
    level and its growth after one name are each a single figure.
    """
    from .indicators import load_catalogue

    cat = catalogue or load_catalogue()
    need = {"indicator_id", "kind", "start"}
    if not len(df) or not need <= set(df.columns):
        return df
    compound = df["indicator_id"].map(lambda i: isinstance(i, str) and any(cat.compound(i)))
    if not compound.any():
        return df
    df = df.copy()
    # one INDICATOR occurrence: its offsets where the table has them, else its sentence
    where = [c for c in ("file", "sentence", "indicator_start", "indicator") if c in df.columns]
    keys = df.loc[compound, where + ["indicator_id", "kind"]].astype(str).agg("\x1f".join, axis=1)
    if "unit_canonical" in df.columns:
        keys = keys + "\x1f" + df.loc[compound, "unit_canonical"].astype(str)
    for _, idx in df.loc[compound].groupby(keys).groups.items():
        rows = df.loc[idx].sort_values("start", kind="stable").index
        parts, alone = cat.compound(df.at[rows[0], "indicator_id"])
        if len(rows) == 1 and alone:
            new = [alone]
        elif len(parts) > 1 and len(rows) == len(parts):
            new = list(parts)
        else:
            continue
        df.loc[rows, "indicator_id"] = new
        if "indicator_en" in df.columns:
            df.loc[rows, "indicator_en"] = [cat.name_en(i) for i in new]
    return df


def shares_as_levels(df, catalogue=None):
    """A share is filed under the catalogue's ratio id for it, as that id's level.

    `全社会研发投入占GDP比重2.65%` (kind share) and `研发经费投入强度2.65%` (kind level) are one
    quantity; without this they would make two panel columns. A share whose INDICATOR names
    only its base (`[服务业增加值]占比50%`: tertiary_value_added) moves to the base's share id
    (service_share_gdp), and so does a change in percentage points under a base id, which only
    a ratio can have (`[新兴产业产值]占…比重提高0.5个百分点`).
    """
    from .indicators import load_catalogue

    cat = catalogue or load_catalogue()
    if "kind" not in df.columns or not len(df):
        return df
    df = df.copy()
    pp = df["unit_canonical"].eq("pp") if "unit_canonical" in df.columns else False
    cand = ((df["kind"] == "share") | ((df["kind"] == "change") & pp)) & df["indicator_id"].map(
        lambda i: isinstance(i, str) and cat.dimension(i) != "ratio")
    if cand.any() and "indicator" in df.columns:
        new = [cat.share_id(i, s) for i, s in zip(df.loc[cand, "indicator_id"], df.loc[cand, "indicator"])]
        moved = cand.copy()
        moved.loc[cand] = [n is not None for n in new]
        df.loc[moved, "indicator_id"] = [n for n in new if n is not None]
        if "indicator_en" in df.columns:
            df.loc[moved, "indicator_en"] = df.loc[moved, "indicator_id"].map(cat.name_en)
    sel = (df["kind"] == "share") & df["indicator_id"].map(lambda i: isinstance(i, str) and cat.dimension(i) == "ratio")
    if sel.any():
        df.loc[sel, "kind"] = "level"
    return df


def build_panel(facts, catalogue=None):
    """(panel, sources, conflicts) DataFrames from a fact table (extract's columns).

    Only facts with a place, an indicator id, a period and a value enter the panel.
    """
    import pandas as pd

    df = facts if "indicator_id" in facts.columns else add_indicator_ids(facts, catalogue)
    df = df.copy()
    for col in KEY + PROVENANCE + ("value",):
        if col not in df.columns:
            df[col] = None
    df["period"] = df["period"].astype("string")
    df = shares_as_levels(flows_as_changes(split_compounds(df, catalogue), catalogue), catalogue)
    usable = df[df["place"].notna() & df["indicator_id"].notna() & df["period"].notna() & df["value"].notna()].copy()
    usable["value"] = usable["value"].astype(float)
    usable["_rank"] = usable["status"].map(STATUS_RANK).fillna(3)
    usable["_year"] = pd.to_numeric(usable["report_year"], errors="coerce").fillna(-1)
    # a bound (首次突破200亿元, 跨过4000亿元台阶) never wins over a figure of the quantity itself
    usable["_bound"] = (usable["qualifier"].isin(["lower_bound", "upper_bound"]) if "qualifier" in usable.columns
                        else False)
    usable = usable.sort_values(["_bound", "_rank", "_year"], ascending=[True, True, False], kind="stable")
    key = list(KEY)
    filled = usable.assign(**{k: usable[k].fillna("") for k in key if usable[k].dtype == object})
    rows, conflicts = [], []
    for _, grp in filled.groupby(key, dropna=False, sort=True):
        best = grp.iloc[0]
        others = grp.iloc[1:]
        n_sources = len(grp)
        for _, o in others.iterrows():
            ref = abs(best["value"]) or 1.0
            rel = abs(o["value"] - best["value"]) / ref
            if o["_bound"] and not best["_bound"] and _bound_holds(o.get("qualifier"), o["value"], best["value"]):
                continue  # 428亿元 and 跨过400亿元台阶 agree
            if rel > CONFLICT_TOLERANCE:
                conflicts.append({**{k: best[k] for k in key}, "value": best["value"], "status": best["status"],
                                  "file": best["file"], "other_value": o["value"], "other_status": o["status"],
                                  "other_file": o["file"], "relative_difference": round(rel, 4)})
        rows.append({**{k: best[k] for k in key}, "indicator_en": best.get("indicator_en"),
                     "value": best["value"], "unit": best["unit"], "status": best["status"],
                     "qualifier": best.get("qualifier") if isinstance(best.get("qualifier"), str) else None,
                     "sources": n_sources, **{f"source_{k}": best[k] for k in PROVENANCE if k not in ("status", "unit")}})
    panel = pd.DataFrame(rows)
    sources = filled.drop(columns=["_rank", "_year", "_bound"])
    return panel, sources, pd.DataFrame(conflicts, columns=list(key) + [
        "value", "status", "file", "other_value", "other_status", "other_file", "relative_difference"])


def _bound_holds(qualifier, bound: float, value: float) -> bool:
    """Whether `value` lies on the side of `bound` its qualifier says."""
    return value >= bound if qualifier == "lower_bound" else value <= bound


def wide(panel):
    """Indicators (id and kind) as columns, one row per place and period."""
    if panel.empty:
        return panel
    p = panel.copy()
    p["column"] = p["indicator_id"] + ":" + p["kind"].fillna("level")
    return p.pivot_table(index=["place", "period"], columns="column", values="value", aggfunc="first").reset_index()


_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")
_CJK_FILE = re.compile(r"(CJK|wqy|SourceHan|simhei|msyh|PingFang|uming|ukai)", re.I)
# money is drawn in 亿元 (10^8 yuan), as the reports write it
_AXIS_SCALE = {"CNY": (1e8, "亿元 (10^8 yuan)"), "USD": (1e8, "亿美元 (10^8 USD)")}


def cjk_font_family() -> Optional[str]:
    """A font family that draws Chinese place names: a known one, else any CJK font file on
    the system (matplotlib's cache may predate its installation); None when there is none."""
    from matplotlib import font_manager as fm

    names = {f.name for f in fm.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in names:
            return family
    for path in sorted(fm.findSystemFonts()):
        if _CJK_FILE.search(path):
            try:
                fm.fontManager.addfont(path)
                return fm.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError, ValueError):
                continue
    return None


def plot(panel, indicator_id: str, out_png, out_html=None, kind: str = "level") -> List[str]:
    """One indicator's series per place: a PNG and an HTML page that embeds it with its table."""
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from zh_indicators.corpus.io import write_atomic

    sel = panel[(panel["indicator_id"] == indicator_id) & (panel["kind"] == kind)].copy()
    sel = sel[sel["period"].str.fullmatch(r"\d{4}")]
    units = sorted(set(sel["unit_canonical"].dropna()))
    scale, ylabel = _AXIS_SCALE.get(units[0], (1.0, units[0])) if len(units) == 1 else (1.0, "value")
    family = cjk_font_family()
    fig, ax = plt.subplots(figsize=(7, 4))
    for place, g in sel.groupby("place"):
        g = g.sort_values("period")
        line, = ax.plot(g["period"].astype(int), g["value"] / scale, label=place)
        for status, marker in (("actual", "o"), ("estimate", "s"), ("target", "^")):
            pts = g[g["status"] == status]
            if len(pts):
                ax.scatter(pts["period"].astype(int), pts["value"] / scale, marker=marker, s=30,
                           color=line.get_color())
    name_en = sel["indicator_en"].dropna().iloc[0] if "indicator_en" in sel and sel["indicator_en"].notna().any() \
        else indicator_id
    ax.set_title(f"{name_en} ({kind}); o actual, s estimate, ^ target")
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel, fontfamily=family or "sans-serif")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if not sel.empty:
        ax.legend(prop={"family": family or "sans-serif", "size": 8})
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    write_atomic(out_png, buf.getvalue())
    written = [str(out_png)]
    if out_html:
        img = base64.b64encode(buf.getvalue()).decode("ascii")
        table = sel[["place", "period", "value", "unit", "status", "sources", "source_file"]].to_html(index=False)
        write_atomic(out_html, f"<!doctype html><html><head><meta charset='utf-8'><title>{indicator_id}</title>"
                               f"</head><body><h1>{indicator_id}</h1><img src='data:image/png;base64,{img}'>"
                               f"{table}</body></html>")
        written.append(str(out_html))
    return written
