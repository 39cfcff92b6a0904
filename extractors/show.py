"""HTML view of a Doc for a reader: the fact table (each row linked to its place in the
text), the text with its entities highlighted, and the relations drawn as arcs over
each sentence, wrapped to the page width.

The page is self-contained (inline CSS and a small script that draws the arcs once the
browser has laid out the wrapped text, and again on resize); nothing is fetched.
"""
import html
import json
from decimal import Decimal
from typing import Dict, List, Optional

COLORS = {"INDICATOR": "#a6e3a1", "VALUE": "#f9e2af", "UNIT": "#89dceb", "YEAR": "#f5c2e7"}
SHORT = {"INDICATOR": "IND", "VALUE": "VAL", "UNIT": "UNIT", "YEAR": "YEAR"}
REL_COLORS = {"has_value": "#2e7d32", "has_unit": "#1565c0", "in_year": "#ad1457"}

FACT_COLUMNS = (("indicator", "indicator"), ("indicator_id", "indicator id"), ("value_text", "value as written"),
                ("unit", "unit"), ("value", "canonical value"), ("unit_canonical", "canonical unit"),
                ("period", "period"), ("status", "status"), ("kind", "kind"), ("direction", "direction"),
                ("qualifier", "qualifier"), ("confidence", "conf"))


def cell(x) -> str:
    """A table cell's text: blank for a missing value, thousands separators for numbers."""
    if x is None or (isinstance(x, float) and x != x):
        return ""
    if isinstance(x, bool):
        return "yes" if x else ""
    if isinstance(x, Decimal):
        if not x.is_finite():
            return str(x)
        return f"{int(x):,}" if x == x.to_integral_value() else f"{x:,f}".rstrip("0").rstrip(".")
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        return f"{x:,.3f}" if abs(x) < 1000 else f"{x:,.0f}"
    return str(x)


def ent_id(start: int, end: int) -> str:
    return f"t{start}-{end}"


def _marked(text: str, offset: int, ents, anchors: bool, index: Optional[Dict] = None) -> str:
    """`text` (starting at `offset` in the Doc) with its entities as <mark> elements."""
    out, pos = [], 0
    for e in ents:
        s, t = e.start_char - offset, e.end_char - offset
        if s < pos or s < 0 or t > len(text):
            continue
        out.append(html.escape(text[pos:s]))
        attrs = f' id="{ent_id(e.start_char, e.end_char)}"' if anchors else ""
        if index is not None:
            attrs += f' data-i="{index[(e.start_char, e.end_char)]}"'
        out.append(f'<mark class="ent" style="background:{COLORS.get(e.label_, "#ddd")}"{attrs} '
                   f'title="{e.label_}">{html.escape(text[s:t])}<span class="lab">{SHORT.get(e.label_, e.label_)}'
                   "</span></mark>")
        pos = t
    out.append(html.escape(text[pos:]))
    return "".join(out)


def relation_sentences(doc) -> List[Dict]:
    """The sentences that hold relations: their text with entities, and (head, tail, type) index triples."""
    from zh_indicators.corpus.segment import sentences

    out = []
    for k, sent in enumerate(sentences(doc.text)):
        ents = [e for e in doc.ents if sent.start <= e.start_char and e.end_char <= sent.end]
        pos = {(e.start_char, e.end_char): i for i, e in enumerate(ents)}
        rels = []
        for r in doc._.relations:
            a = pos.get((r.head.start_char, r.head.end_char))
            b = pos.get((r.tail.start_char, r.tail.end_char))
            if a is not None and b is not None and a != b:
                rels.append((a, b, r.type))
        if rels:
            out.append({"index": k, "start": sent.start, "end": sent.end, "ents": ents, "pos": pos, "rels": rels})
    return out


def relation_arcs(doc) -> List[Dict]:
    """Per sentence with relations: entity texts and labels, and the arcs between them (data for tests)."""
    return [{"words": [{"text": e.text, "tag": e.label_} for e in s["ents"]],
             "arcs": [{"start": min(a, b), "end": max(a, b), "label": t, "dir": "right" if a < b else "left"}
                      for a, b, t in s["rels"]]}
            for s in relation_sentences(doc)]


_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:1.5em auto;
     max-width:84em;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.4em;word-break:break-all}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
.summary{color:#444}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#f4f4f4;position:sticky;top:0}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:target,tr.hl{background:#fff3c4}td.ind{min-width:9em}td.id{max-width:13em}td.see{white-space:nowrap}
mark.ent{display:inline-block;padding:0 .25em;border-radius:.3em;line-height:1.45;margin:0 .05em}
mark.ent .lab{font-size:.55em;font-weight:bold;margin-left:.3em;color:#333;vertical-align:middle}
mark.ent:target{outline:3px solid #e65100}
.text p{margin:.4em 0;white-space:pre-wrap}
.rel{position:relative;margin:0 0 1.2em;padding:.2em 0;border-bottom:1px dashed #e4e4e4}
.rel .words{line-height:5.2em;font-size:1.05em}
.rel svg{position:absolute;left:0;top:0;overflow:visible;pointer-events:none}
.rel svg text{font-size:11px;font-family:sans-serif;paint-order:stroke;stroke:#fff;stroke-width:4px;font-weight:bold}
.legend span{display:inline-block;margin-right:1.2em}
a.go{text-decoration:none}
"""

# Draws each relation as an arc above the wrapped sentence: from the head's top centre up
# into the gap above its line and down to the tail, an arrow at the tail, the type at the
# apex on a white halo. Arcs on one line nest by length without overlapping; an arc across
# a line break leaves the first line to the right edge and enters the next from the left.
_JS = """
(function(){
var COL=%s, NS='http://www.w3.org/2000/svg';
function el(svg,tag,attrs,text){var e=document.createElementNS(NS,tag);for(var k in attrs)e.setAttribute(k,attrs[k]);
 if(text)e.textContent=text;svg.appendChild(e);return e;}
function draw(){
 document.querySelectorAll('.rel').forEach(function(box){
  var svg=box.querySelector('svg'),rels=JSON.parse(box.dataset.rels),b=box.getBoundingClientRect(),W=b.width;
  svg.setAttribute('width',W);svg.setAttribute('height',b.height);
  while(svg.lastChild&&svg.lastChild.tagName!=='defs')svg.removeChild(svg.lastChild);
  var marks={};box.querySelectorAll('mark[data-i]').forEach(function(m){marks[m.dataset.i]=m;});
  var any=marks[Object.keys(marks)[0]];
  var gap=parseFloat(getComputedStyle(box.querySelector('.words')).lineHeight)-any.getBoundingClientRect().height;
  var used={};  // line top -> [[level,x0,x1]]: arcs nest instead of overlapping
  function level(line,x0,x1,label){  // the lowest level where neither the arc nor its label touches another
   var mid=(x0+x1)/2,w=7*label.length;x0=Math.min(x0,mid-w/2);x1=Math.max(x1,mid+w/2);
   var l=0,u=used[line]||(used[line]=[]);
   while(u.some(function(a){return a[0]===l&&a[1]<x1+8&&x0-8<a[2];}))l++;u.push([l,x0,x1]);return l;}
  function height(l){return Math.min(gap-12,14+l*18);}
  var items=rels.map(function(r){
   var h=marks[r[0]].getBoundingClientRect(),t=marks[r[1]].getBoundingClientRect();
   return {type:r[2],x1:h.left+h.width/2-b.left,y1:Math.round(h.top-b.top),x2:t.left+t.width/2-b.left,
           y2:Math.round(t.top-b.top)};});
  items.sort(function(a,c){return (Math.abs(a.x2-a.x1)+Math.abs(a.y2-a.y1)*W)-(Math.abs(c.x2-c.x1)+Math.abs(c.y2-c.y1)*W);});
  items.forEach(function(it){
   var c=COL[it.type]||'#555',st={fill:'none',stroke:c,'stroke-width':'1.6'},lab={fill:c,'text-anchor':'middle'};
   if(Math.abs(it.y1-it.y2)<4){  // one line: an arc from head to tail
    var x0=Math.min(it.x1,it.x2),x1=Math.max(it.x1,it.x2),top=it.y1-height(level(it.y1,x0,x1,it.type));
    el(svg,'path',Object.assign({d:'M'+it.x1+','+it.y1+' C'+it.x1+','+top+' '+it.x2+','+top+' '+it.x2+','+(it.y2-1),
       'marker-end':'url(#arr-'+it.type+')'},st));
    el(svg,'text',Object.assign({x:(it.x1+it.x2)/2,y:top+0.25*(it.y1-top)-3},lab),it.type);
   }else{  // across a line break: out to the right edge above the first line, in from the left above the second
    var first=it.y1<it.y2?{x:it.x1,y:it.y1,head:true}:{x:it.x2,y:it.y2,head:false};
    var second=it.y1<it.y2?{x:it.x2,y:it.y2,head:false}:{x:it.x1,y:it.y1,head:true};
    var t1=first.y-height(level(first.y,first.x,W,'')),t2=second.y-height(level(second.y,0,second.x,''));
    var p1=el(svg,'path',Object.assign({d:'M'+first.x+','+(first.y-1)+' L'+first.x+','+(t1+6)+' Q'+first.x+','+t1+' '+
       (first.x+6)+','+t1+' L'+W+','+t1},st));
    var p2=el(svg,'path',Object.assign({d:'M0,'+t2+' L'+(second.x-6)+','+t2+' Q'+second.x+','+t2+' '+second.x+','+(t2+6)+
       ' L'+second.x+','+(second.y-1)},st));
    if(second.head)p1.setAttribute('marker-start','url(#arr-'+it.type+')');else p2.setAttribute('marker-end','url(#arr-'+it.type+')');
    el(svg,'text',Object.assign({x:Math.min(first.x+50,W-30),y:t1-3},lab),it.type+' →');
    el(svg,'text',Object.assign({x:Math.max(second.x-50,30),y:t2-3},lab),'→ '+it.type);
   }
  });
 });
}
window.addEventListener('load',draw);window.addEventListener('resize',draw);
})();
"""


def _defs() -> str:
    return "<defs>" + "".join(
        f'<marker id="arr-{t}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for t, c in REL_COLORS.items()) + "</defs>"


def render_html(doc, title: str = "") -> str:
    """The page: summary, fact table, relations over each sentence, the whole text."""
    from zh_indicators.corpus.segment import sentences

    facts = list(doc._.facts)
    rel_sents = relation_sentences(doc)
    sent_of = {}
    for s in rel_sents:
        for e in s["ents"]:
            sent_of[(e.start_char, e.end_char)] = s["index"]
    # fact rows
    rows = []
    for n, f in enumerate(facts, start=1):
        cells = []
        for key, _ in FACT_COLUMNS:
            v = getattr(f, key, None)
            if key == "confidence" and v is not None:
                v = f"{v:.3f}"
            num = key in ("value", "confidence") or (key == "value_text" and v and str(v)[0].isdigit())
            cls = " class=num" if num else {"indicator": " class=ind", "indicator_id": " class=id"}.get(key, "")
            text = html.escape(cell(v))
            if key == "indicator_id":
                text = text.replace("_", "_<wbr>")  # long ids wrap at their underscores
            cells.append(f'<td{cls}>{text}</td>')
        link = f'<a class="go" href="#{ent_id(f.start, f.end)}" title="the value in the text">text</a>'
        k = sent_of.get((f.start, f.end))
        if k is not None:
            link += f' <a class="go" href="#s{k}" title="the sentence with its relations">arcs</a>'
        rows.append(f'<tr id="f{n}"><td class=num>{n}</td>{"".join(cells)}<td class=see>{link}</td></tr>')
    head = "<th>#</th>" + "".join(f"<th>{h}</th>" for _, h in FACT_COLUMNS) + "<th>see</th>"
    # relations, one wrapped sentence each
    rel_html = []
    for s in rel_sents:
        words = _marked(doc.text[s["start"]:s["end"]], s["start"], s["ents"], anchors=False, index=s["pos"])
        rel_html.append(f'<div class="rel" id="s{s["index"]}" data-rels="{html.escape(json.dumps(s["rels"]))}">'
                        f'<svg xmlns="http://www.w3.org/2000/svg">{_defs()}</svg>'
                        f'<div class="words">{words}</div></div>')
    # the whole text, paragraph by paragraph, entities anchored
    ents = sorted(doc.ents, key=lambda e: e.start_char)
    paras, pos = [], 0
    for line in doc.text.split("\n"):
        end = pos + len(line)
        if line.strip():
            inside = [e for e in ents if pos <= e.start_char and e.end_char <= end]
            paras.append(f"<p>{_marked(line, pos, inside, anchors=True)}</p>")
        pos = end + 1
    # summary
    years = sorted({f.period for f in facts if f.period})
    n_ents = {lab: sum(1 for e in doc.ents if e.label_ == lab) for lab in COLORS}
    report_year = next((f.report_year for f in facts if f.report_year), None)
    source = next((f.report_year_source for f in facts if f.report_year), None)
    summary = (f"{len(facts)} facts ({sum(f.complete for f in facts)} complete: indicator, value and unit), "
               f"{len(doc._.relations)} relations, "
               + ", ".join(f"{n} {lab}" for lab, n in n_ents.items())
               + (f"; report year {report_year} ({source})" if report_year else "")
               + (f"; periods {years[0]}–{years[-1]}" if len(years) > 1 else (f"; period {years[0]}" if years else "")))
    legend = "".join(f'<span><mark class="ent" style="background:{c}">{lab}</mark></span>' for lab, c in COLORS.items())
    legend += "".join(f'<span style="color:{c};font-weight:bold">→ {t}</span>' for t, c in REL_COLORS.items())
    n_sent = len(sentences(doc.text))
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><p class='summary'>{html.escape(summary)}</p>"
            f"<p class='legend'>{legend}</p>"
            f"<h2>Facts ({len(facts)})</h2><table><tr>{head}</tr>{''.join(rows)}</table>"
            f"<h2>Relations ({len(rel_sents)} of {n_sent} sentences)</h2>{''.join(rel_html)}"
            f"<h2>Text</h2><div class='text'>{''.join(paras)}</div>"
            f"<script>{_JS % json.dumps(REL_COLORS)}</script></body></html>")
