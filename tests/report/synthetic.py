"""Results built by hand for the report tests: a small flood corpus with a finding of every rule,
and a hostile document whose every field tries to inject markup or script."""

from __future__ import annotations

import re
from datetime import date

from factcheck.model import Document, Entity, Evidence, Fact, Finding
from factcheck.result import Result

HERALD = """River Lenn bursts its banks in Marbury

Floodwaters from the River Lenn forced at least 2,400 people from their homes in Marbury on \
Sunday, officials said. At least 12 people died in the floods, according to the regional fire \
service.

Mayor Helena Voss said: "We have never seen the water rise this fast, and we will rebuild every \
street." Helena Voss visited the shelters on Sunday evening.

Around 30 fire crews worked through the night, and the hotline received 250 calls.
"""

POST = """Marbury flood toll rises

The death toll from the Marbury floods rose to 19 on Monday, up from 12 reported on Sunday. \
About 2,000 residents were evacuated, the county said.

Mayor Helena Vos said: "We have never seen the water rise so fast, and we will rebuild every \
home." The floods began on Saturday, March 2, 2024, after three days of rain.
"""

WIRE = """Marbury flood toll rises – wire

The death toll from the Marbury floods rose to 19 on Monday, up from 12 reported on Sunday. \
The floods began on March 3, 2024, the county said.
"""

SUMMARY = """Summary: Marbury floods

The floods in Marbury began on March 2, 2024. Residents returned to their homes on March 1, \
2024. The River Lenn crested at 91 metres. Marbury, the capital of Westland province, has \
80,000 residents. Mayor Helena Voss thanked the the volunteers.
"""

_SENTENCE_END = re.compile(r"[.!?][\"”]?(?=\s)|\n")


def locate(doc: Document, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return start, start + len(needle)


def sentence_of(doc: Document, start: int, end: int) -> str:
    """The sentence around a span (ends at ., ! or ? before a space, or at a line break)."""
    text = doc.text
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    m = _SENTENCE_END.search(text, end)
    finish = m.end() if m and m.group() != "\n" else (m.start() if m else len(text))
    return text[begin:finish].strip()


def make_fact(doc: Document, needle: str, *, entity: str, attribute: str, kind: str = "quantity",
              value: float | str | None = None, low: float | None = None,
              high: float | None = None, qualifier: str = "exact", unit: str | None = None,
              nth: int = 0, number: int = 0) -> Fact:
    start, end = locate(doc, needle, nth)
    line, column = doc.position(start)
    return Fact(id=f"{doc.id}#{number}-{start}", source=doc.id, kind=kind, entity=entity,
                attribute=attribute, value=value if value is not None else needle, low=low,
                high=high, qualifier=qualifier, unit=unit, start=start, end=end, line=line,
                column=column, text=needle, sentence=sentence_of(doc, start, end))


def evidence(doc: Document, fact: Fact) -> Evidence:
    return Evidence.from_fact(fact, doc.path)


def flood_documents() -> list[Document]:
    return [
        Document(id="lenn-herald", path="corpus/lenn-herald.txt", text=HERALD,
                 title="River Lenn bursts its banks in Marbury", published=date(2024, 3, 4)),
        Document(id="valley-post", path="corpus/valley-post.txt", text=POST,
                 title="Marbury flood toll rises", published=date(2024, 3, 5),
                 url="https://valley-post.example/marbury-floods"),
        Document(id="wire-copy", path="corpus/wire-copy.txt", text=WIRE,
                 title="Marbury flood toll rises – wire", published=date(2024, 3, 6),
                 repaired=True, encoding="cp1252",
                 notes=["repaired mojibake: 4 sequences"]),
        Document(id="generated-summary", path="corpus/generated-summary.txt", text=SUMMARY,
                 published=date(2024, 3, 7)),
    ]


def flood_result() -> Result:
    """Four sources on one flood, with a realistic finding of each of the ten rules."""
    herald, post, wire, summary = docs = flood_documents()
    floods, voss = "Marbury floods", "Helena Voss"

    def q(doc: Document, needle: str, attribute: str, value: float, low: float | None,
          high: float | None, qualifier: str = "exact", unit: str | None = None,
          entity: str = floods, nth: int = 0) -> Fact:
        return make_fact(doc, needle, entity=entity, attribute=attribute, value=value, low=low,
                         high=high, qualifier=qualifier, unit=unit, nth=nth)

    def d(doc: Document, needle: str, attribute: str, iso: str, entity: str = floods) -> Fact:
        return make_fact(doc, needle, entity=entity, attribute=attribute, kind="date", value=iso)

    def name(doc: Document, needle: str, nth: int = 0) -> Fact:
        return make_fact(doc, needle, entity=voss, attribute="name", kind="name", nth=nth)

    evac_herald = q(herald, "at least 2,400 people", "people evacuated", 2400, 2400, None,
                    "at-least", "people")
    evac_post = q(post, "About 2,000 residents", "people evacuated", 2000, 1800, 2200,
                  "about", "residents")
    deaths_herald = q(herald, "At least 12 people", "deaths", 12, 12, None, "at-least", "people")
    deaths_post = q(post, "rose to 19", "deaths", 19, 19, 19)
    deaths_post_old = q(post, "12 reported", "deaths", 12, 12, 12)
    deaths_wire = q(wire, "rose to 19", "deaths", 19, 19, 19)
    began_post = d(post, "Saturday, March 2, 2024", "start date", "2024-03-02")
    began_wire = d(wire, "March 3, 2024", "start date", "2024-03-03")
    began_summary = d(summary, "March 2, 2024", "start date", "2024-03-02")
    returned = d(summary, "March 1, 2024", "residents returned", "2024-03-01")
    crest = q(summary, "91 metres", "crest height", 91, 91, 91, unit="metres",
              entity="River Lenn")
    capital = make_fact(summary, "the capital of Westland province", entity="Marbury",
                        attribute="capital of", kind="name", value="Westland")
    population = q(summary, "80,000 residents", "population", 80000, 80000, 80000,
                   unit="residents", entity="Marbury")
    crews = q(herald, "Around 30 fire crews", "fire crews", 30, 27, 33, "about", "fire crews")
    calls = q(herald, "250 calls", "hotline calls", 250, 250, 250, unit="calls")
    names = [name(herald, "Helena Voss"), name(herald, "Helena Voss", 1),
             name(post, "Helena Vos"), name(summary, "Helena Voss")]
    quote_herald = make_fact(
        herald, "We have never seen the water rise this fast, and we will rebuild every street.",
        entity=voss, attribute="quote", kind="quote")
    quote_post = make_fact(
        post, "We have never seen the water rise so fast, and we will rebuild every home.",
        entity=voss, attribute="quote", kind="quote")
    facts = [evac_herald, evac_post, deaths_herald, deaths_post, deaths_post_old, deaths_wire,
             began_post, began_wire, began_summary, returned, crest, capital, population, crews,
             calls, *names, quote_herald, quote_post]

    copied = [make_fact(doc, "The death toll from the Marbury floods rose to 19 on Monday, up "
                             "from 12 reported on Sunday.",
                        entity=floods, attribute="text", kind="text") for doc in (wire, post)]
    # Overlaps on purpose: "Voss thanked the the" crosses the end of the name "Helena Voss".
    doubled = make_fact(summary, "Voss thanked the the", entity="generated-summary",
                        attribute="text", kind="text")

    def ev(fact: Fact) -> Evidence:
        return evidence(next(doc for doc in docs if doc.id == fact.source), fact)

    findings = [
        Finding("numeric-conflict", "error", floods, "people evacuated",
                "at least 2,400 (≥ 2,400) and about 2,000 (1,800 to 2,200) cannot both hold: "
                "the intervals are 200 apart.",
                [ev(evac_herald), ev(evac_post)], values=["2000", "2400"]),
        Finding("figure-update", "info", floods, "deaths",
                "The death toll rose from at least 12 (2024-03-04) to 19 (2024-03-05): "
                "an update, not a contradiction.",
                [ev(deaths_post), ev(deaths_herald)], values=["12", "19"]),
        Finding("date-conflict", "error", floods, "start date",
                "The floods began on 2024-03-02 in 2 sources but on 2024-03-03 in 1: one day "
                "apart.", [ev(began_post), ev(began_summary), ev(began_wire)],
                values=["2024-03-02", "2024-03-03"]),
        Finding("temporal-order", "warning", floods, "residents returned",
                "Residents returned on 2024-03-01, one day before the floods began on "
                "2024-03-02.", [ev(returned), ev(began_summary)]),
        Finding("implausible-claim", "warning", "River Lenn", "crest height",
                "A river crest of 91 metres is above the plausible maximum of 30 metres.",
                [ev(crest)], values=["91"]),
        Finding("reference-conflict", "warning", "Marbury", "capital of",
                "Reference data: the capital of Westland province is Ostbury, not Marbury.",
                [ev(capital)], values=["Westland"]),
        Finding("name-variant", "info", voss, "name",
                "'Helena Vos' (1 mention) is probably a misspelling of 'Helena Voss' "
                "(3 mentions); suggested spelling: 'Helena Voss'.",
                [ev(f) for f in names], values=["Helena Vos", "Helena Voss"]),
        Finding("quote-drift", "warning", voss, "quote",
                "The quotation differs in 2 of 16 words between the sources.",
                [ev(quote_herald), ev(quote_post)]),
        Finding("source-dependency", "info", floods, "text",
                "wire-copy repeats a 15-word sentence of valley-post word for word; they are "
                "one source, not two.", [ev(f) for f in copied]),
        Finding("text-quality", "info", "generated-summary", "text",
                "Repeated word 'the the'.", [ev(doubled)]),
    ]
    entities = [
        Entity("e-floods", floods, "event", aliases=["Marbury flood", "the floods"]),
        Entity("e-voss", voss, "person", aliases=["Mayor Helena Voss"], variants=["Helena Vos"]),
        Entity("e-lenn", "River Lenn", "place"),
        Entity("e-marbury", "Marbury", "place"),
    ]
    return Result(documents=docs, all_facts=facts, entities=entities, findings=findings)


HOSTILE_TEXT = """Storm report <script>window.__pwned = 1; alert("xss")</script>
The storm killed 40 people <img src=x onerror="window.__pwned = 2">.
Officials said 55 people died. Read more: <a href="javascript:window.__pwned = 3">here</a>.
</textarea><script>window.__pwned = 4</script> " onmouseover="window.__pwned = 5" x="
</style></title><svg onload="window.__pwned = 6"></svg> <!-- c --> ]]> {{ 7*7 }} {% raw %}
The mayor said: "We will <b>rebuild</b> now."
Another outlet: "We will <i onclick=x>rebuild</i> soon."
"""

PWN = "window.__pwned = 9"


def hostile_result() -> Result:
    """Every user-supplied field of a Result carries markup or script."""
    doc = Document(
        id=f'evil"><img src=x onerror="{PWN}">', path='hostile/"><script>x</script>.txt',
        text=HOSTILE_TEXT, title=f'<img src=x onerror="{PWN}; alert(1)">',
        url=f"javascript:{PWN}", published=date(2024, 5, 1), repaired=True,
        notes=[f"<b onmouseover=\"{PWN}\">note</b>"])
    calm = Document(id="calm", path="hostile/calm.txt", title="A calm source",
                    text="The storm killed 55 people, officials said.\n",
                    published=date(2024, 5, 2))
    entity = f"<b>Storm</b><script>{PWN}</script>"
    killed = make_fact(doc, 'killed 40 people <img src=x onerror="window.__pwned = 2">',
                       entity=entity, attribute="deaths", value=40, low=40, high=40)
    said = make_fact(doc, "55 people died", entity=entity, attribute="deaths",
                     value=55, low=55, high=55)
    calm_killed = make_fact(calm, "killed 55 people", entity=entity, attribute="deaths",
                            value=55, low=55, high=55)
    link = make_fact(doc, '<a href="javascript:window.__pwned = 3">here</a>', entity=entity,
                     attribute="link", kind="text")
    breakout = make_fact(doc, '</textarea><script>window.__pwned = 4</script> " '
                              'onmouseover="window.__pwned = 5" x="',
                         entity=entity, attribute="text", kind="text")
    quotes = [make_fact(doc, "We will <b>rebuild</b> now.", entity=entity, attribute="quote",
                        kind="quote"),
              make_fact(doc, "We will <i onclick=x>rebuild</i> soon.", entity=entity,
                        attribute="quote", kind="quote")]
    spellings = [make_fact(doc, "<script>", entity=entity, attribute="name", kind="name"),
                 make_fact(doc, "<script>", entity=entity, attribute="name", kind="name", nth=1)]
    facts = [killed, said, calm_killed, link, breakout, *quotes, *spellings]

    def ev(fact: Fact) -> Evidence:
        return evidence(doc if fact.source == doc.id else calm, fact)

    findings = [
        Finding("numeric-conflict", "error", entity, f'" onclick="{PWN}',
                f"<script>{PWN}</script> 40 vs 55 </textarea>",
                [ev(killed), ev(calm_killed), ev(said)]),
        Finding(f'text-quality" autofocus onfocus="{PWN}', "warning", entity, "text",
                f"<img src=x onerror=\"{PWN}\">", [ev(breakout), ev(link)]),
        Finding("quote-drift", "warning", entity, "quote", "<i>drift</i>",
                [ev(f) for f in quotes]),
        Finding("name-variant", "info", entity, "name", "suggested spelling: <script>",
                [ev(f) for f in spellings]),
        Finding("figure-update", "info", entity, "deaths", "<svg onload=x>",
                [ev(said), ev(calm_killed)]),
    ]
    entities = [Entity("e1", entity, "event", aliases=[f"<img onerror='{PWN}'>"],
                       variants=["</td></tr></table><script>x</script>"])]
    return Result(documents=[doc, calm], all_facts=facts, entities=entities, findings=findings,
                  warnings=[f"hostile/x.txt: <script>{PWN}</script>"])
