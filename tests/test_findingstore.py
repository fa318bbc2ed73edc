import pytest

from factcheck.findingstore import SLICE, FindingStore, pack
from factcheck.model import Evidence, Finding
from factcheck.output.jsonfmt import json_output
from factcheck.result import Result, output_order


def _findings(count: int) -> list[Finding]:
    severities = ("info", "error", "warning")
    return [Finding(rule="numeric-conflict", severity=severities[i % 3], entity=f"e{i % 7}",
                    attribute="deaths", message=f"finding {i}", values=[str(i)],
                    evidence=[Evidence(source=f"s{i % 5}", path=f"s{i % 5}.txt", line=1,
                                       column=i + 1, start=i, end=i + 3, text="Velden",
                                       sentence="The Velden flood killed 12 people.",
                                       value=float(i))])
            for i in range(count)]


def test_a_store_reads_back_as_the_list_it_was_made_of() -> None:
    findings = _findings(2 * SLICE + 7)
    store = FindingStore.of(findings)
    assert len(store) == len(findings)
    assert store == findings and list(store) == findings
    assert store[0] == findings[0] and store[-1] == findings[-1]
    assert store[SLICE + 3] == findings[SLICE + 3]
    assert store[SLICE - 2:SLICE + 2] == findings[SLICE - 2:SLICE + 2]
    with pytest.raises(IndexError):
        store[len(findings)]
    assert store != findings[:-1]


def test_slices_must_hold_the_count() -> None:
    with pytest.raises(ValueError, match="cannot hold"):
        FindingStore([pack(_findings(3))], SLICE + 1)
    assert list(FindingStore([], 0)) == []


def test_findings_kept_in_output_order_are_written_as_sorted_ones() -> None:
    findings = _findings(SLICE + 11)
    ordered = sorted(findings, key=output_order)
    kept = Result([], findings=FindingStore.of(ordered, in_output_order=True))
    assert kept.sorted_findings() is kept.findings  # read as kept, not sorted again
    listed = Result([], findings=findings)
    assert "".join(json_output(kept)) == "".join(json_output(listed))
    # a store in another order is sorted like a list
    unordered = Result([], findings=FindingStore.of(findings))
    assert list(unordered.sorted_findings()) == ordered
