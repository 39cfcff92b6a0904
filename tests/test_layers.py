"""The import contract: layers follow the data flow and nothing imports upward.

    corpus -> extractors -> training -> evaluation -> zh_indicators (CLI, public load)

A module may import its own layer and the layers below it, always through the
`zh_indicators.` namespace (a bare `import corpus` would load a second copy).
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["corpus", "extractors", "training", "evaluation", "zh_indicators"]
GENERIC = {"corpus", "extractors", "training", "evaluation"}


def imported_layers(path: Path):
    """(line, layer or bare name) of every import of the package's own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 1:
            yield node.lineno, "relative:" + "." * node.level + (node.module or "")
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] in GENERIC:
                yield node.lineno, "bare:" + parts[0]
            elif parts[0] == "zh_indicators":
                yield node.lineno, parts[1] if len(parts) > 1 and parts[1] in GENERIC else "zh_indicators"


def layer_files():
    for layer in ORDER:
        for path in sorted((ROOT / layer).glob("*.py")):
            yield layer, path


@pytest.mark.parametrize("layer,path", list(layer_files()), ids=lambda x: x if isinstance(x, str) else x.name)
def test_no_upward_import(layer, path):
    allowed = set(ORDER[:ORDER.index(layer) + 1])
    bad = [f"{path.relative_to(ROOT)}:{line}: imports {target}" for line, target in imported_layers(path)
           if target not in allowed]
    assert not bad, "upward or bare imports (allowed here: " + ", ".join(sorted(allowed)) + ")\n" + "\n".join(bad)


def test_checker_sees_an_upward_import(tmp_path):
    bad = tmp_path / "m.py"
    bad.write_text("from zh_indicators.evaluation.metrics import prf\nimport training\nfrom ..corpus import io\n",
                   encoding="utf-8")
    assert sorted(imported_layers(bad)) == [(1, "evaluation"), (2, "bare:training"), (3, "relative:..corpus")]


def test_every_layer_has_modules():
    assert all(any((ROOT / layer).glob("*.py")) for layer in ORDER)
