"""The learned unit classifier of text dumps: its features, its choice, and its place in extract_dump."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pathlib import Path

from reader.core.extract.block_model import Trees, choose_blocks
from reader.core.extract.dump_features import NAMES
from reader.core.extract.dump_model import STACK_NAMES, DumpModel, load_dump_model, shipped_dump_model, stack_features
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
    by_prose = extract_dump(text, limits=Limits(), model=DumpModel(_stump("prose", NAMES)))
    assert by_prose.text.count("Paragraph") == 4 and "Home" not in by_prose.text
    by_marks = extract_dump(text, limits=Limits(), model=DumpModel(_stump("log_marks", NAMES)))
    assert "Paragraph" not in by_marks.text and "Share Tweet" in by_marks.text


def test_stack_features_read_the_neighbours_probabilities_and_the_likely_run() -> None:
    probs = np.array([0.1, 0.9, 0.3, 0.95, 0.2, 0.05])
    words = np.array([3.0, 60.0, 4.0, 80.0, 5.0, 3.0])
    x = stack_features(probs, words)
    col = {n: i for i, n in enumerate(STACK_NAMES)}
    assert x.shape == (6, len(STACK_NAMES))
    assert x[2, col["prev_p"]] == 0.9 and x[2, col["next_p"]] == 0.95 and x[0, col["prev_p"]] == 0.0
    assert x[2, col["window_max_p"]] == 0.95
    # the short unit between two sure paragraphs sits inside their run; the edges outside it
    assert [bool(v) for v in x[:, col["p_run"]]] == [False, True, True, True, False, False]
    assert x[0, col["p_before_run"]] == 1 and x[5, col["p_after_run"]] == 1
    # word-weighted: the window around the short unit is as sure as the paragraphs that fill it
    assert x[2, col["window_p"]] > 0.85 > x[2, col["p"]]
    assert x[3, col["p_rank"]] == 0.0


def _subheaded_dump() -> str:
    body = "\n\n".join(f"{PROSE} Paragraph {i} says more about it." for i in range(3))
    return f"Home | News | Sport\n\n{body}\n\nWhat happens next\n\n{body}\n\nContact us\n"


def test_the_second_pass_keeps_a_subheading_the_first_pass_drops() -> None:
    text = _subheaded_dump()
    first = _stump("prose", NAMES)
    alone = extract_dump(text, limits=Limits(), model=DumpModel(first))
    assert "What happens next" not in alone.text and alone.text.count("Paragraph") == 6
    second = _stump("p_run", NAMES + STACK_NAMES)  # inside the first pass's likely run
    stacked = extract_dump(text, limits=Limits(), model=DumpModel(first, second))
    assert "What happens next" in stacked.text and stacked.text.count("Paragraph") == 6
    assert "Home" not in stacked.text and "Contact" not in stacked.text


def test_a_model_file_of_one_ensemble_loads_as_a_first_pass_alone(tmp_path: Path) -> None:
    import json

    first = _stump("prose", NAMES)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(first.to_json()), "utf-8")
    loaded = load_dump_model(old)
    assert loaded is not None and loaded.second is None and loaded.first.names == NAMES
    both = tmp_path / "both.json"
    both.write_text(json.dumps(DumpModel(first, _stump("p", NAMES + STACK_NAMES)).to_json()), "utf-8")
    again = load_dump_model(both)
    assert again is not None and again.second is not None and again.second.names == NAMES + STACK_NAMES
    broken = tmp_path / "broken.json"
    broken.write_text("{", "utf-8")
    assert load_dump_model(broken) is None


def test_the_shipped_dump_model_loads() -> None:
    model = shipped_dump_model()
    assert model is not None and model.first.names == NAMES and model.cut is None
    assert model.second is not None and model.second.names == NAMES + STACK_NAMES


def test_indentation_is_read_against_the_pages_prose_and_form_controls_are_marked() -> None:
    # lynx indents paragraphs by three and leaves headings and forms at the margin; w3m indents
    # neither, so the same heading reads the same against its page's prose in both
    body = "\n\n".join(f"   {PROSE} Paragraph {i} says more about it." for i in range(3))
    lynx = f"Search: ____________________ (BUTTON) Go\n\nThe sea wall\n\n{body}\n"
    w3m = "\n".join(line.strip() for line in lynx.split("\n"))
    col = {n: i for i, n in enumerate(NAMES)}
    for text in (lynx, w3m):
        a = analyse_dump(text, Limits())
        assert a.features is not None
        assert a.features[1, col["indent_vs_prose"]] == (-3 / 40 if text is lynx else 0.0)
        assert a.features[2, col["indent_vs_prose"]] == 0.0
        assert a.features[0, col["form_control"]] == 1 and a.features[2, col["form_control"]] == 0


def test_context_features_place_units_against_the_title_the_prose_and_end_headings() -> None:
    # a news dump: menu, headline, byline, the story, a "More stories" heading, then teasers
    # that restate other headlines and a gallery whose captions repeat one phrase
    story = "\n\n".join(f"{PROSE} The engineer said part {i} would take a month. Work starts soon." for i in range(4))
    teasers = "\n\n".join(f"Ferry fares rise again this spring, says the operator in its notice {i}"
                          for i in range(3))
    dump = (f"Home\n\nNews\n\nSea wall to be rebuilt before winter\n\nBy Ann Other\n\n{story}\n\n"
            f"More stories\n\n{teasers}\n")
    a = analyse_dump(dump, Limits())
    assert a.features is not None and a.title_at == 2
    col = {n: i for i, n in enumerate(NAMES)}
    f = a.features
    first = 4  # the story's first paragraph
    assert f[0, col["after_title"]] == 0 and f[first, col["after_title"]] == 1
    assert f[first, col["title_distance"]] == np.float32(np.log1p(2))
    assert f[first, col["sentences"]] == np.float32(np.log1p(3))  # three sentences
    more = first + 4
    assert a.units[more].text == "More stories"
    assert f[more, col["after_end_marker"]] == 0 and f[more + 1, col["after_end_marker"]] > 0
    assert f[first, col["after_end_marker"]] == 0
    assert f[more + 1, col["shared_trigrams"]] > 0.8  # the teasers repeat one another
    assert f[first, col["prose_before"]] == 0 and f[first, col["prose_after"]] > 0.5
    assert 0 < f[first, col["wide_prose"]] <= 1


def _table_with_comment_cell_dump() -> str:
    """A blog post whose body holds a table with a "Comment" column before more of the article,
    then the site's real "More stories" heading and teasers."""
    first = "\n\n".join(f"{PROSE} Paragraph {i} sets out the plan." for i in range(6))
    second = "\n\n".join(f"{PROSE} Paragraph {i} follows the table." for i in range(3))
    teasers = "\n\n".join(f"Ferry fares rise again this spring, says the operator {i}" for i in range(3))
    return (f"Home | Blog | About\n\n{first}\n\nStage\n\nComment\n\nSurvey\n\nTwo weeks of walks\n\n"
            f"{second}\n\nMore stories\n\n{teasers}\n")


def _probs_of(a: object, score: Callable[[str], float]) -> np.ndarray:
    """Unit probabilities as a model would give them, `score` of each unit's text."""
    from reader.core.extract.text import DumpAnalysis

    assert isinstance(a, DumpAnalysis)
    return np.array([score(u.text) for u in a.units])


def _by_prose(a: object) -> np.ndarray:
    return _probs_of(a, lambda t: 0.95 if "Paragraph" in t else 0.05)


def test_an_end_heading_inside_the_article_is_passed_over_only_when_the_run_after_it_reads_as_article() -> None:
    from reader.core.extract.text import ChoiceSettings, model_choice

    a = analyse_dump(_table_with_comment_cell_dump(), Limits())
    texts = [u.text for u in a.units]
    comment, more = texts.index("Comment"), texts.index("More stories")
    probs = _by_prose(a)
    # the run of likely units spans the table; by default the "Comment" cell ends the article
    # (most of the prose is in by then)
    strict = model_choice(a, probs, None, ChoiceSettings())
    assert max(strict) < comment and sum("sets out" in texts[i] for i in strict) == 6
    doubting = model_choice(a, probs, None, ChoiceSettings(marker_doubt=0.8))
    kept = [texts[i] for i in doubting]
    assert sum("follows the table" in t for t in kept) == 3
    # the real end heading still ends it: the teasers after it score low
    assert max(doubting) < more and not any("Ferry" in t for t in kept)


def test_a_doubted_end_heading_still_ends_the_article_when_teasers_after_it_score_high() -> None:
    from reader.core.extract.text import ChoiceSettings, model_choice

    a = analyse_dump(_table_with_comment_cell_dump(), Limits())
    texts = [u.text for u in a.units]
    more = texts.index("More stories")
    probs = _by_prose(a)
    # the model half-likes the teasers: the run after "More stories" is not sure enough to pass it
    probs[[i for i, t in enumerate(texts) if "Ferry" in t]] = 0.6
    doubting = model_choice(a, probs, None, ChoiceSettings(marker_doubt=0.8))
    assert max(doubting) < more


def _teasers_then_live_feed_dump() -> str:
    """A news page: the article, a band of short teasers the site prints twice, then a live feed
    whose items read as prose too."""
    body = "\n\n".join(f"{PROSE} Paragraph {i} tells the story." for i in range(6))
    teasers = "\n\n".join(f"Ferry fares rise again this spring, says operator {i}" for i in range(5))
    feed = "\n\n".join(f"{PROSE} Feed item {i} comes from elsewhere in the country." for i in range(4))
    return f"Home | News | Sport\n\n{body}\n\n{teasers}\n\n{teasers}\n\n{feed}\n"


def _article_and_feed(a: object) -> np.ndarray:
    from reader.core.extract.text import DumpAnalysis

    assert isinstance(a, DumpAnalysis)
    return np.array([0.95 if "Paragraph" in u.text else 0.85 if "Feed item" in u.text else 0.25
                     for u in a.units])


def test_a_long_stretch_of_doubted_units_splits_the_run_and_the_article_side_is_kept() -> None:
    from reader.core.extract.text import ChoiceSettings, model_choice

    a = analyse_dump(_teasers_then_live_feed_dump(), Limits())
    texts = [u.text for u in a.units]
    probs = _article_and_feed(a)
    # the most likely run bridges the ten teasers: the feed beyond them outweighs them
    bridged = [texts[i] for i in model_choice(a, probs, None, ChoiceSettings())]
    assert any("Feed item" in t for t in bridged)
    split = [texts[i] for i in model_choice(a, probs, None, ChoiceSettings(gap=6))]
    assert sum("tells the story" in t for t in split) == 6
    assert not any("Feed item" in t or "Ferry" in t for t in split)


def test_a_short_doubted_stretch_inside_the_article_does_not_split_it() -> None:
    from reader.core.extract.text import ChoiceSettings, model_choice

    first = "\n\n".join(f"{PROSE} Paragraph {i} opens the story." for i in range(4))
    second = "\n\n".join(f"{PROSE} Paragraph {i} closes the story." for i in range(4))
    dump = f"Home | News | Sport\n\n{first}\n\nAdvertisement\n\nRead more: ferry fares rise\n\n{second}\n"
    a = analyse_dump(dump, Limits())
    texts = [u.text for u in a.units]
    kept = [texts[i] for i in model_choice(a, _article_and_feed(a), None, ChoiceSettings(gap=6))]
    assert sum("opens the story" in t for t in kept) == 4 and sum("closes the story" in t for t in kept) == 4


def _story_tags_and_related_dump() -> str:
    """An article the model likes in two places far apart (a band of teasers breaks the run), a
    one-word button the model half-likes, then tags, a "Related stories" heading and teaser
    headlines the model half-likes too."""
    first = "\n\n".join(f"{PROSE} Paragraph {i} opens the story." for i in range(3))
    second = "\n\n".join(f"{PROSE} Paragraph {i} closes the story." for i in range(3))
    band = "\n\n".join(f"Ferry fares rise again this spring as the operator blames fuel costs {i}"
                       for i in range(8))
    return (f"Home | News | Sport\n\n{first}\n\n{band}\n\nGoogle\n\n{second}\n\nTags\n\nlighthouses\n\n"
            "Related stories\n\nHarbour wall repairs finished ahead of schedule\n\n"
            "Ferry timetable changes announced for summer\n")


def _likes_story_half_likes_the_rest(a: object) -> np.ndarray:
    from reader.core.extract.text import DumpAnalysis

    assert isinstance(a, DumpAnalysis)
    return np.array([0.95 if "opens the story" in u.text else 0.85 if "closes the story" in u.text
                     else 0.6 if u.text in ("lighthouses", "Google")
                     or "schedule" in u.text or "summer" in u.text else 0.05 for u in a.units])


def test_the_bare_choice_keeps_both_parts_of_a_broken_run_but_stops_at_the_end_heading() -> None:
    from reader.core.extract.text import ChoiceSettings, model_choice

    a = analyse_dump(_story_tags_and_related_dump(), Limits())
    texts = [u.text for u in a.units]
    probs = _likes_story_half_likes_the_rest(a)
    run_bound = [texts[i] for i in model_choice(a, probs, None, ChoiceSettings())]
    # bound to one run, the part of the story beyond the band is lost (the model is not sure
    # enough of it to reach outside the run)
    assert sum("the story" in t for t in run_bound) == 3
    bare = [texts[i] for i in model_choice(a, probs, None, ChoiceSettings(run=False, end_marker=False))]
    assert sum("the story" in t for t in bare) == 6 and any("schedule" in t for t in bare)
    ended = [texts[i] for i in model_choice(a, probs, None, ChoiceSettings(run=False))]
    assert sum("the story" in t for t in ended) == 6
    assert not any("schedule" in t or "summer" in t for t in ended)


def test_the_bare_choice_keeps_a_short_unit_only_when_the_model_is_sure() -> None:
    from reader.core.extract.text import ChoiceSettings, model_choice

    a = analyse_dump(_story_tags_and_related_dump(), Limits())
    texts = [u.text for u in a.units]
    probs = _likes_story_half_likes_the_rest(a)
    loose = ChoiceSettings(run=False)
    strict = ChoiceSettings(run=False, bare_min_words=3)
    assert "Google" in [texts[i] for i in model_choice(a, probs, None, loose)]
    kept = [texts[i] for i in model_choice(a, probs, None, strict)]
    assert "Google" not in kept and sum("the story" in t for t in kept) == 6
    probs[texts.index("Google")] = 0.97
    assert "Google" in [texts[i] for i in model_choice(a, probs, None, strict)]


def _thread_dump() -> str:
    """A forum thread: four posts the model likes, each under a line of furniture long enough to
    break the run (who posted, when, the buttons), so the most likely run holds one post."""
    posts = []
    for i in range(4):
        posts.append(f"Posted by harbourwatcher{i} on 3 March 2024 at 10:0{i} · Reply · Quote · Report this "
                     f"post to the moderators · Share · Permalink\n\n{PROSE} Post {i} answers the question.\n\n"
                     f"harbourwatcher{i} · Member since 2019 · 1,204 posts · Location: Brighton, on the south "
                     "coast of England")
    return "Home | Forums | Harbour\n\nSea wall repairs: what happens next?\n\n" + "\n\n".join(posts) + "\n"


def _likes_posts(a: object) -> np.ndarray:
    return _probs_of(a, lambda t: 0.85 if "answers the question" in t else 0.05)


def _kept(a: object, probs: np.ndarray, settings: object) -> list[str]:
    """The texts of the units `model_choice` keeps with these probabilities and settings."""
    from reader.core.extract.text import ChoiceSettings, DumpAnalysis, model_choice

    assert isinstance(a, DumpAnalysis) and isinstance(settings, ChoiceSettings)
    return [a.units[i].text for i in model_choice(a, probs, None, settings)]


def test_a_page_whose_likely_text_lies_scattered_gets_the_bare_choice() -> None:
    from reader.core.extract.text import CHOICE, ChoiceSettings

    a = analyse_dump(_thread_dump(), Limits())
    probs = _likes_posts(a)
    bound = _kept(a, probs, ChoiceSettings())
    assert sum("answers the question" in t for t in bound) == 1
    scattered = _kept(a, probs, ChoiceSettings(scattered=0.5))
    assert sum("answers the question" in t for t in scattered) == 4
    assert not any("Posted by" in t for t in scattered)
    assert _kept(a, probs, CHOICE) == scattered  # what the product does


def test_an_article_with_a_few_liked_teasers_keeps_to_its_run() -> None:
    from reader.core.extract.text import CHOICE, ChoiceSettings, model_choice

    story = "\n\n".join(f"{PROSE} Paragraph {i} tells the story." for i in range(5))
    a = analyse_dump(f"Home | News | Sport\n\n{story}\n\nMore from the coast\n\n"
                     "Harbour wall repairs finished ahead of schedule\n\n"
                     "Ferry timetable changes announced for summer\n", Limits())
    texts = [u.text for u in a.units]
    probs = np.array([0.9 if "the story" in t else 0.6 if "schedule" in t or "summer" in t else 0.05 for t in texts])
    assert any("schedule" in texts[i] for i in model_choice(a, probs, None, ChoiceSettings(run=False, end_marker=False)))
    bound = model_choice(a, probs, None, ChoiceSettings())
    assert model_choice(a, probs, None, ChoiceSettings(scattered=0.5)) == bound
    assert model_choice(a, probs, None, CHOICE) == bound
    assert not any("schedule" in texts[i] for i in bound)
