"""Docs that serialize: pickle and DocBin with user data (what nlp.pipe(n_process=…) sends between processes)."""
import pickle

import pytest
from spacy.tokens import DocBin

TEXTS = ["全年地区生产总值1,250.8亿元,增长5%。", "一般公共预算收入2,590.5亿元,增长6.1%。"]


@pytest.fixture(scope="module")
def nlp():
    from zh_indicators import extractors

    return extractors.load(report_year=2024)


def _view(doc):
    return ([(r.head.text, r.type, r.tail.text) for r in doc._.relations],
            [(f.indicator, f.value, f.unit, f.period, f.status) for f in doc._.facts],
            [e._.confidence for e in doc.ents])


def test_doc_pickles_with_relations_and_facts(nlp):
    doc = nlp(TEXTS[0])
    back = pickle.loads(pickle.dumps(doc))
    assert _view(back) == _view(doc) and _view(doc)[1]


def test_docbin_keeps_user_data(nlp):
    docs = list(nlp.pipe(TEXTS))
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(d)
    back = list(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))
    assert [_view(d) for d in back] == [_view(d) for d in docs]
    assert str(back[0]._.facts[0].number) == "1250.8"


N_PROCESS_SCRIPT = """
import json, sys
from zh_indicators import extractors
nlp = extractors.load(report_year=2024)
texts = json.loads(sys.argv[1]) * 6
view = lambda d: [[e.start_char, e.end_char, e.label_] for e in d.ents] + [[f.indicator, str(f.value), f.status] for f in d._.facts]
one = [view(d) for d in nlp.pipe(texts)]
two = [view(d) for d in nlp.pipe(texts, n_process=2, batch_size=2)]
print(json.dumps({"same": one == two, "facts": sum(len(d) for d in one)}))
"""


def test_pipe_with_two_processes_matches_one():
    """In a subprocess with a timeout: before the fork hook in tagger.py this hung forever."""
    import json
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", N_PROCESS_SCRIPT, json.dumps(TEXTS, ensure_ascii=False)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    assert res["same"] and res["facts"] > 0
