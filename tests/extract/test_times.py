"""Times of day in invented sentences."""

from factcheck.extract.times import find_times, to_utc

ZONES = {"bst": 60, "gmt": 0, "edt": -240}


def read(text: str) -> list[tuple[str, int, str | None, int | None, int | None, str]]:
    return [(t.text, t.minutes, t.zone, t.low, t.high, t.qualifier)
            for t in find_times(text, ZONES, tolerance=4, window=20)]


def test_clock_forms() -> None:
    assert read("at 22:35 BST, at 11:32 a.m., at 1.41pm, at 8 a.m. and at midnight") == [
        ("22:35 BST", 1355, "BST", 1355, 1355, "exact"),
        ("11:32 a.m.", 692, None, 692, 692, "exact"),
        ("1.41pm", 821, None, 821, 821, "exact"),
        ("8 a.m.", 480, None, 450, 510, "exact"),  # a whole hour: ± 30 minutes
        ("midnight", 0, None, 0, 0, "exact"),
    ]


def test_hedges() -> None:
    assert read("about 13:45, shortly after 13:40, just before 9:10 a.m., after 14:00") == [
        ("13:45", 825, None, 821, 829, "about"),
        ("13:40", 820, None, 820, 840, "after"),
        ("9:10 a.m.", 550, None, 530, 550, "before"),
        ("14:00", 840, None, 840, None, "after"),
    ]


def test_not_times() -> None:
    # A decimal figure, a score and a ratio are no times; neither is an unknown capitalised word.
    assert read("The index rose 1.30 points; the score was 3:2.") == []
    assert read("at 10:30 Tuesday") == [("10:30", 630, None, 630, 630, "exact")]


def test_a_restated_time_in_brackets_is_one_time() -> None:
    assert [t[0] for t in read("at 10 am local time (2 pm UK time)")] == ["10 am"]


def test_to_utc() -> None:
    assert to_utc(1355, "BST", ZONES) == 1295
    assert to_utc(1355, None, ZONES) == 1355
