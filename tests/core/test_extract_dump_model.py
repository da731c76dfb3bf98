"""The learned unit classifier of text dumps: its features, its choice, and its place in extract_dump."""

from __future__ import annotations

import numpy as np

from reader.core.extract.block_model import Trees, choose_blocks, shipped_dump_model
from reader.core.extract.dump_features import NAMES
from reader.core.extract.text import MODEL_UNIT_BUDGET, analyse_dump, extract_dump, units_of
from reader.core.limits import Limits

PROSE = ("The harbour committee met on Tuesday to discuss the crumbling sea wall, which the council "
         "says must be rebuilt before the winter storms arrive.")


def _lynx_dump() -> str:
    menu = "   [1]Home [2]News [3]Sport [4]Weather\n\n"
    body = "\n\n".join(f"   {PROSE} Paragraph {i} says more about it." for i in range(4))
    refs = "\n".join(f"   {i}. https://example.org/{i}" for i in range(1, 5))
    return menu + body + "\n\n   [5]Share [6]Tweet\n\nReferences\n\n" + refs + "\n"


def test_lynx_link_marks_are_counted_per_unit_and_stripped() -> None:
    units = units_of(_lynx_dump(), Limits())
    assert [u.text for u in units][0] == "Home News Sport Weather"
    assert units[0].marks == 4 and units[-1].marks == 2
    assert all(u.marks == 0 for u in units[1:-1])
    assert not any("[" in u.text or "https://" in u.text for u in units)


def test_features_have_one_row_per_unit_and_read_the_neighbours() -> None:
    a = analyse_dump(_lynx_dump(), Limits())
    assert a.features is not None and a.features.shape == (len(a.units), len(NAMES))
    col = {n: i for i, n in enumerate(NAMES)}
    assert a.features[0, col["log_marks"]] > 0 and a.features[1, col["log_marks"]] == 0
    assert a.features[1, col["prose"]] == 1 and a.features[0, col["prose"]] == 0
    assert a.features[0, col["next_prose"]] == 1 and a.features[1, col["prev_prose"]] == 0
    assert a.features[0, col["before_run"]] == 1 and a.features[2, col["rule_in_run"]] == 1


def test_no_features_over_the_unit_budget() -> None:
    many = "\n\n".join(f"Line {i} of a long list" for i in range(MODEL_UNIT_BUDGET + 1))
    assert analyse_dump(many, Limits()).features is None


def test_expected_f1_choice_keeps_the_likely_units_and_sizes_its_own_cut() -> None:
    weights = np.array([50.0, 40.0, 5.0, 60.0, 3.0])
    probs = np.array([0.95, 0.9, 0.4, 0.85, 0.1])
    assert choose_blocks(weights, probs, None) == [0, 1, 3]
    assert choose_blocks(weights, probs, 0.3) == [0, 1, 2, 3]
    # a unit joins when its probability beats about half the F1 expected without it
    assert choose_blocks(np.array([100.0, 2.0]), np.array([0.99, 0.6]), None) == [0, 1]
    assert choose_blocks(np.array([100.0, 2.0]), np.array([0.99, 0.4]), None) == [0]
    assert choose_blocks(weights, np.full(5, 0.01), None) == []


def _stump(feature: str, names: tuple[str, ...]) -> Trees:
    """One depth-1 tree: content when `feature` > 0.5 (a real model, evaluated as shipped ones are)."""
    return Trees(names, np.array([[names.index(feature)]]), np.array([[0.5]]),
                 np.array([[-4.0, 4.0]]), 0.0, None)


def test_the_model_decides_which_units_are_the_article() -> None:
    text = _lynx_dump()
    by_prose = extract_dump(text, limits=Limits(), model=_stump("prose", NAMES))
    assert by_prose.text.count("Paragraph") == 4 and "Home" not in by_prose.text
    by_marks = extract_dump(text, limits=Limits(), model=_stump("log_marks", NAMES))
    assert "Paragraph" not in by_marks.text and "Share Tweet" in by_marks.text


def test_the_shipped_dump_model_loads() -> None:
    model = shipped_dump_model()
    assert model is not None and model.names == NAMES and model.cut is None
