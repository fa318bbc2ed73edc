from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import factcheck
import factcheck.rules.quote_drift as quote_drift
from factcheck.graph import FactGraph
from factcheck.model import Fact, Finding
from factcheck.result import Result
from factcheck.rules.quote_drift import (
    _TOKEN_SPACE,
    _TOKEN_WORD,
    QuoteText,
    _parse_tokens,
    drift_similarity,
    is_excerpt,
    parse_quote,
    same_quotation,
    same_words,
    word_changes,
)

CORPUS_RULE = "quote-drift"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

WORST = "This is the worst flood we have seen in this valley in fifty years."
WORST_REWORDED = "This is the worst flood this valley has seen in half a century."
STRIKE = ("We have secured a fair deal for every worker in this port, and we are proud of what "
          "we achieved together.")


@pytest.fixture(scope="module")
def seed_result() -> Result:
    return factcheck.check([str(SEEDS)])


@pytest.fixture
def quote(make_fact: Callable[..., Fact]) -> Callable[..., Fact]:
    def build(source: str, speaker: str | None, text: str, start: int = 0) -> Fact:
        return make_fact(kind="quote", source=source, entity=speaker or "(unattributed)",
                         attribute="quote", value=text, text=text, sentence=text,
                         speaker=speaker, start=start, end=start + len(text))
    return build


@pytest.fixture
def drift(graph_of: Callable[..., FactGraph], run_rule: Callable[..., list[Finding]]
          ) -> Callable[[list[Fact]], list[Finding]]:
    return lambda facts: run_rule(CORPUS_RULE, graph_of(facts))


@pytest.mark.parametrize(("a", "b"), [
    (STRIKE, STRIKE.upper()),
    (STRIKE, STRIKE.replace(",", "").replace(".", "!")),
    ("“" + STRIKE + "”", STRIKE),
    ("[The union has] secured a fair deal for every worker", "secured a fair deal for every "
     "worker in this port"),
    ("The union has secured a fair deal", "[The union has] secured a fair deal"),
    ("We have secured a fair deal … what we achieved together", STRIKE),
    ("We have secured a fair deal ... what we achieved together", STRIKE),
    ("secured a fair deal for every worker", STRIKE),
    ("We have  secured\na   fair deal", "we have secured a fair deal"),
    ("It’s a fair deal for every worker here", "It's a fair deal for every worker here"),
])
def test_same_words_after_normalising(a: str, b: str) -> None:
    assert same_words(a, b)
    assert drift_similarity(a, b) is None


@pytest.mark.parametrize(("a", "b"), [
    (WORST, WORST_REWORDED),
    ("The dam held through the night but the water is still rising in the lower town",
     "The dam held through the night but the water is still climbing in the lower town"),
    ("I am proud of what this team achieved this season", "I am proud of this team and what "
     "we achieved"),
])
def test_reworded_quotation_drifts(a: str, b: str) -> None:
    assert not same_words(a, b)
    similarity = drift_similarity(a, b)
    assert similarity is not None and 0.78 <= similarity < 1


@pytest.mark.parametrize(("a", "b"), [
    # different statements, even on one subject and with a stock phrase in common
    ("We are asking residents to stay away from the river banks until the water drops",
     "We are asking residents to boil their water until further notice"),
    ("The economy grew faster than we expected in the third quarter",
     "We expected the economy to grow faster in the fourth quarter"),
    ("At the end of the day, we need more funding for the schools in this district",
     "At the end of the day the players decide whether we win or lose"),
    # different excerpts: the same first sentence, then a different whole sentence
    ("The bridge is closed. Engineers will inspect it on Monday.",
     "The bridge is closed. Drivers should use the ring road."),
    # too short to tell
    ("fair deal for all", "a fair deal for us all"),
])
def test_not_drift(a: str, b: str) -> None:
    assert drift_similarity(a, b) is None


# Words (capitalised or not, with inner apostrophes and dots, with case foldings longer than
# the word or special) and what may come between them, sentence ends first: what the parse's
# fast paths must split as the token loop does.
_QUOTE_WORDS = st.sampled_from(["river", "The", "U.S", "it’s", "don't", "Ärger", "straße",
                                "İzmir", "ΣΟΦΟΣ", "a_b", "7", "X"])
_QUOTE_GAPS = [". ", "! ", "? ", ".\n", ".  ", ". “", " ", "  ", ", ", "’", "'", ".", "-",
               " (", "” ", "\n", "\x1c"]


def _quotes(gaps: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(_QUOTE_WORDS, st.sampled_from(gaps)), max_size=12).map(
        lambda parts: "".join(word + gap for word, gap in parts))


@given(_quotes(_QUOTE_GAPS))
def test_parse_without_ellipses_as_token_by_token(text: str) -> None:
    assert parse_quote(text) == _parse_tokens(text)


@given(_quotes([*_QUOTE_GAPS, " … ", "... ", "…"]))
def test_sentence_starts_as_counted_from_the_start(text: str) -> None:
    words = _TOKEN_WORD.findall(text)
    plain = {0, len(words)} | {len(_TOKEN_WORD.findall(text, 0, space.start()))
                               for space in _TOKEN_SPACE.finditer(text)}
    assert parse_quote(text).sentence_starts == plain


def _is_excerpt_word_by_word(short: list[list[str]], long: list[str]) -> bool:
    position = 0
    for piece in short:
        found = next((i for i in range(position, len(long) - len(piece) + 1)
                      if long[i:i + len(piece)] == piece), None)
        if found is None:
            return False
        position = found + len(piece)
    return True


_EXCERPT_WORDS = st.sampled_from(["the", "he", "river", "river's", "rive", "r", "7", "U.S"])


@given(st.lists(_EXCERPT_WORDS, max_size=10), st.lists(_EXCERPT_WORDS, max_size=8),
       st.sampled_from([" ", " … ", "... "]))
def test_excerpts_are_found_word_by_word(long: list[str], short: list[str], gap: str) -> None:
    """Whole words in order: "he" is no excerpt of "the", nor "rive" of "river"."""
    quote = parse_quote(gap.join(short))
    assert is_excerpt(quote, parse_quote(" ".join(long))) == _is_excerpt_word_by_word(
        quote.pieces, parse_quote(" ".join(long)).folded)


def test_word_changes_show_the_difference() -> None:
    a = "After hits to its leaders the group has a more fragmented organization so it is weak"
    b = "After hits to its leaders the group has a more decentralized structure so it is weak"
    assert word_changes(a, b) == "- fragmented organization + decentralized structure"
    assert word_changes(WORST, WORST_REWORDED) == (
        "- we have + this valley has; - this valley in fifty years + half a century")


def test_same_quotation_for_different_speakers() -> None:
    assert same_quotation(WORST, WORST.lower())
    assert same_quotation(STRIKE, "secured a fair deal for every worker in this port")
    assert not same_quotation(STRIKE, "a fair deal for every worker")  # excerpt too short
    assert not same_quotation(WORST, WORST_REWORDED)


def test_same_speaker_quoted_differently_across_sources(quote, drift) -> None:
    facts = [quote("a", "Anna Brandt", WORST), quote("b", "Anna Brandt", WORST_REWORDED),
             quote("c", "Anna Brandt", WORST)]
    [finding] = drift(facts)
    assert finding.severity == "warning"
    assert (finding.entity, finding.attribute) == ("Anna Brandt", "quote")
    assert len(finding.evidence) == 3
    # the version most sources give is the reference
    # the topic names the speaker; sources by key and file (no titles here)
    assert finding.message.startswith("quoted in different words in “This is the worst flood "
                                      "we have seen …”: S1 (a.txt), S3 (c.txt) vs S2 (b.txt) "
                                      "(similarity")
    assert "- this valley in fifty years + half a century" in finding.message
    assert len(finding.values) == 2


def test_surname_only_speaker_is_the_same_speaker(quote, drift) -> None:
    [finding] = drift([quote("a", "Anna Brandt", WORST), quote("b", "Brandt", WORST_REWORDED)])
    assert finding.attribute == "quote"


def test_one_source_quoting_differently_is_not_compared(quote, drift) -> None:
    assert drift([quote("a", "Anna Brandt", WORST),
                  quote("a", "Anna Brandt", WORST_REWORDED, start=200)]) == []


def test_an_unattributed_version_drifts_from_the_attributed_one(quote, drift) -> None:
    # One outlet names the speaker, another only quotes the reworded sentence.
    [finding] = drift([quote("a", "Anna Brandt", WORST), quote("b", None, WORST_REWORDED)])
    assert (finding.entity, finding.attribute) == ("Anna Brandt", "quote")
    assert [e.source for e in finding.evidence] == ["a", "b"]
    assert "- this valley in fifty years + half a century" in finding.message


def test_unattributed_quotations_alone_are_not_compared(quote, drift) -> None:
    # Whose words two unattributed versions are, nothing says; an unattributed copy or
    # excerpt of an attributed quotation is no drift, nor a second speaker.
    assert drift([quote("a", None, WORST), quote("b", None, WORST_REWORDED)]) == []
    assert drift([quote("a", "Anna Brandt", WORST), quote("b", None, WORST),
                  quote("c", None, "the worst flood we have seen in this valley")]) == []


def test_one_quotation_given_to_different_speakers(quote, drift) -> None:
    [finding] = drift([quote("a", "Elena Ruiz", WORST), quote("b", "Pablo Serrano", WORST)])
    assert finding.attribute == "quote-speaker"
    assert finding.values == ["Elena Ruiz", "Pablo Serrano"]
    assert finding.message.endswith("is given to Elena Ruiz by S1 (a.txt); "
                                    "to Pablo Serrano by S2 (b.txt)")


def test_three_versions_make_one_finding(quote, drift) -> None:
    third = "This is the worst flood we have seen in this valley in half a century."
    [finding] = drift([quote("a", "Anna Brandt", WORST), quote("b", "Anna Brandt", third),
                       quote("c", "Anna Brandt", WORST_REWORDED)])
    assert len(finding.values) == 3
    assert finding.message.count(" vs ") == 2


def test_blocking_compares_only_quotations_sharing_an_uncommon_word_run(quote, drift,
                                                                         monkeypatch) -> None:
    """Sixty statements share a stock phrase and nothing else: 1,830 pairs, none compared."""
    facts = [quote(f"s{i}", "Anna Brandt",
                   f"At the end of the day topic{i} matters for area{i} and group{i} now")
             for i in range(60)]
    facts += [quote("x", "Anna Brandt", WORST), quote("y", "Anna Brandt", WORST_REWORDED)]
    compared: list[tuple[str, str]] = []
    real = quote_drift.drift_similarity

    def counting(a: str, b: str, **kwargs: Any) -> float | None:
        compared.append((a, b))
        return real(a, b, **kwargs)

    monkeypatch.setattr(quote_drift, "drift_similarity", counting)
    [finding] = drift(facts)
    assert {e.source for e in finding.evidence} == {"x", "y"}
    assert compared == [(WORST, WORST_REWORDED)]


def test_a_quotation_many_speakers_repeat_still_drifts_for_one_speaker(quote, drift) -> None:
    """Sixty other people repeat the quotation word for word (one quotation, different
    speakers, across more texts than a run's posting list keeps): Anna Brandt's two versions
    are still compared with each other, within her quotations."""
    others = [quote(f"o{i}", f"Speaker{i} Person{i}", WORST) for i in range(60)]
    facts = [*others, quote("a", "Anna Brandt", WORST), quote("b", "Brandt", WORST_REWORDED)]
    [finding] = [f for f in drift(facts) if f.attribute == "quote"]
    assert finding.entity == "Anna Brandt"
    assert {e.source for e in finding.evidence} == {"a", "b"}
    # below the posting limit the same two are found by the shared runs, as before
    [few] = [f for f in drift([*others[:3], *facts[-2:]]) if f.attribute == "quote"]
    assert {e.source for e in few.evidence} == {"a", "b"}


def test_a_stock_run_pairs_no_different_speakers_as_one(quote, drift) -> None:
    """The same-speaker pairs of a run many quotations share stay within one speaker: Paul
    Weber's rewording of Anna Brandt's words is neither her drift nor one quotation."""
    others = [quote(f"o{i}", f"Speaker{i} Person{i}", WORST) for i in range(60)]
    facts = [*others, quote("a", "Anna Brandt", WORST), quote("b", "Paul Weber", WORST_REWORDED)]
    assert [f for f in drift(facts) if {"a", "b"} & {e.source for e in f.evidence}] == []


def test_a_pair_already_in_one_group_is_not_compared(quote, drift, monkeypatch) -> None:
    """One quotation given to three speakers: two comparisons put the three in one group,
    the third pair needs none."""
    compared: list[tuple[str, str]] = []
    real = quote_drift.same_quotation

    def counting(a: str, b: str, **kwargs: Any) -> bool:
        compared.append((a, b))
        return real(a, b, **kwargs)

    monkeypatch.setattr(quote_drift, "same_quotation", counting)
    facts = [quote("a", "Elena Ruiz", WORST), quote("b", "Pablo Serrano", WORST.lower()),
             quote("c", "Marta Gil", WORST.upper())]
    [finding] = drift(facts)
    assert finding.attribute == "quote-speaker" and len(finding.evidence) == 3
    assert len(compared) == 2


def test_a_run_keeps_no_parsed_quotation(quote, drift) -> None:
    """The parses and comparisons are cached for one run only: none outlives it."""
    assert len(drift([quote("a", "Anna Brandt", WORST),
                      quote("b", "Anna Brandt", WORST_REWORDED)])) == 1
    gc.collect()
    assert not any(isinstance(o, QuoteText) for o in gc.get_objects())


def test_corpus_case(corpus_case: Path, check_corpus_case: Callable[[Path], None]) -> None:
    check_corpus_case(corpus_case)


def test_seeds_quotes_reworded_by_the_copy(seed_result: Result) -> None:
    findings = [f for f in seed_result.findings if f.rule == CORPUS_RULE]
    assert findings, "the seeds' paraphrased quotations drift"
    for finding in findings:
        assert finding.attribute == "quote"
        assert {e.source[:3] for e in finding.evidence} == {"000", "001"}


def test_a_quotation_broken_by_its_attribution_is_compared_whole(
        graph_from: Callable[..., object], run_rule: Callable[..., list[Finding]]) -> None:
    graph = graph_from({
        "a": ("2025-03-02", "The Velden floods: “Our crews pulled 40 people from the river,” "
                            "Ana Tosk said, “and worked through the night.”"),
        "b": ("2025-03-02", "The Velden floods: “Our crews pulled 41 people from the river and "
                            "worked through the night,” Ana Tosk said.")})
    [finding] = run_rule("quote-drift", graph)
    texts = sorted(e.text for e in finding.evidence)
    assert texts[0].startswith("Our crews pulled 40 people from the river,” Ana Tosk said")
    assert texts[1].startswith("Our crews pulled 41 people from the river and worked")
