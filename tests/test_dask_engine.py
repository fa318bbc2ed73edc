import builtins
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import factcheck
import factcheck.api
import factcheck.dask_engine
import factcheck.ingest
from factcheck.cache import ExtractionCache
from factcheck.cli import main
from factcheck.dask_engine import (
    DaskMissingError,
    SchedulerError,
    extract_all_dask,
    group_facts_dask,
)
from factcheck.extract import Extraction
from factcheck.ingest.repair import repair_key
from factcheck.model import Document, Evidence, Fact, Finding
from factcheck.parallel import extract_all
from factcheck.result import source_dict
from factcheck.ruledata import RuleData, load_rule_data

pytest.importorskip("dask.bag")

TEXTS = [
    "A landslide buried part of the village of Monte Arcio on Sunday, killing 9 people, the "
    "regional government said. About 60 residents were evacuated.",
    "Rescuers in Monte Arcio recovered two more bodies on Monday, raising the landslide's toll "
    "to 11, the fire brigade said.",
    "The Brenwick Party won 41 of the 120 seats in Sunday's election, its best result since "
    "its founding in 1987, the electoral commission said.",
    "\"We will rebuild every house that was lost,\" said regional president Carla Fenwood on "
    "Tuesday.",
    "Halvorsen Steel said quarterly profit fell 12 percent to 310 million kroner and that it "
    "would cut 700 jobs.",
]


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return [Document(id=f"d{i}", path=f"/in/d{i}.txt", text=text,
                     published=date(2024, 6, 2 + i % 3))
            for i, text in enumerate(TEXTS * 3)]


@pytest.fixture(scope="module")
def data() -> RuleData:
    return load_rule_data()


@pytest.fixture(scope="module")
def local(docs: list[Document], data: RuleData) -> list[Extraction]:
    return extract_all(docs, data, jobs=1)


def test_local_scheduler_equals_local_engine(docs: list[Document],
                                             local: list[Extraction]) -> None:
    assert any(e.facts for e in local)
    assert extract_all_dask(docs, [], scheduler="sync") == local


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    """A scheduler and two worker processes on 127.0.0.1."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_local_cluster_equals_local_engine(docs: list[Document], local: list[Extraction],
                                           cluster_address: str) -> None:
    assert extract_all_dask(docs, [], scheduler=cluster_address) == local


def test_workers_reload_changed_rules_files(docs: list[Document], tmp_path: Path,
                                            cluster_address: str) -> None:
    (tmp_path / "attributes.yaml").write_text(
        "attributes:\n  deaths:\n    cues: [perished]\n    event: true\n", encoding="utf-8")
    before = extract_all_dask(docs[:2], [tmp_path], scheduler=cluster_address)
    (tmp_path / "attributes.yaml").unlink()  # back to the built-in cues: "killing" counts
    after = extract_all_dask(docs[:2], [tmp_path], scheduler=cluster_address)
    assert after == extract_all(docs[:2], load_rule_data([tmp_path]), jobs=1)

    def deaths(extractions: list[Extraction]) -> int:
        return sum(f.attribute == "deaths" for e in extractions for f in e.facts)

    assert deaths(before) == 0 < deaths(after)


def test_grouping_on_cluster_equals_plain_grouping(local: list[Extraction],
                                                   cluster_address: str) -> None:
    facts = [f for e in local for f in e.facts]
    assert group_facts_dask(facts, scheduler=cluster_address) == plain_groups(facts)


def plain_groups(facts: list[Fact]) -> dict[tuple[str, str], list[Fact]]:
    groups: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        groups.setdefault((fact.entity, fact.attribute), []).append(fact)
    return groups


def test_grouping_keeps_first_appearance_order() -> None:
    rng = random.Random(3)
    facts = [Fact(id=f"f{i}", source=f"s{i % 7}", kind="quantity",
                  entity=rng.choice(["flood", "quake", "storm"]),
                  attribute=rng.choice(["deaths", "injuries"]), value=float(i))
             for i in range(200)]
    grouped = group_facts_dask(facts, scheduler="threads")
    assert grouped == plain_groups(facts)
    assert list(grouped) == list(plain_groups(facts))  # same key order, too
    assert group_facts_dask([], scheduler="sync") == {}


def test_missing_dask_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                       docs: list[Document]) -> None:
    real_import = builtins.__import__

    def without_dask(name: str, *args: object, **kwargs: object) -> object:
        if name == "dask" or name.startswith("dask."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", without_dask)
    with pytest.raises(DaskMissingError, match=r"install factcheck\[dask\]"):
        extract_all_dask(docs, [])


def test_unreachable_scheduler_is_one_clear_error(docs: list[Document]) -> None:
    pytest.importorskip("distributed")
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(SchedulerError, match=r"tcp://127\.0\.0\.1:9: cannot reach"):
        extract_all_dask(docs, [], scheduler="tcp://127.0.0.1:9")


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, a mojibake copy of a story, and JSON Lines records sharing an id (renamed
    by ingest after the workers extracted them)."""
    folder = tmp_path_factory.mktemp("archive")
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    story = ("Harbour fire destroys warehouse\n\n2024-06-03\n\n“We lost everything in "
             "an hour,” the owner said on Monday. Firefighters said 14 crews fought the blaze "
             "at the café district warehouse.\n")
    (folder / "mojibake.txt").write_text(story.encode("utf-8").decode("sloppy-windows-1252"),
                                         encoding="utf-8")
    (folder / "clean.txt").write_text(story.replace("14 crews", "16 crews"), encoding="utf-8")
    records = [{"id": "wire", "text": TEXTS[0], "published": "2024-06-02"},
               {"id": "wire", "text": TEXTS[1], "published": "2024-06-03"}]
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records),
                                       encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\x00\xff" * 20)  # a warning
    return folder


def _json(result: factcheck.Result) -> str:
    return result.to_json(include_facts=True, deterministic=True)


def test_files_are_read_and_extracted_on_the_cluster_with_the_cache(
        archive: Path, cluster_address: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    local = factcheck.check([archive], cache=False)
    assert any(f.rule == "numeric-conflict" for f in local.findings)
    assert any("~2" in d.id for d in local.documents)  # the second "wire" record renamed
    local_facts = [e.facts for e in factcheck.load([archive]).extractions]

    # This process reads no file and extracts only the renamed record: paths go out.
    read_here = factcheck.ingest._read_here
    monkeypatch.setattr(factcheck.ingest, "_read_here",
                        lambda reader, files, ids: read_here(reader, files, ids) if not files
                        else pytest.fail("read in the client"))
    extracted_here: list[str] = []
    real_extract = factcheck.dask_engine.extract_one
    monkeypatch.setattr(factcheck.dask_engine, "extract_one",
                        lambda doc, data: extracted_here.append(doc.id) or real_extract(doc, data))
    stats: list[dict[str, int]] = []

    class Recorded(ExtractionCache):
        def close(self) -> None:
            stats.append(dict(self.stats))
            super().close()

    monkeypatch.setattr(factcheck.api, "ExtractionCache", Recorded)
    cache = tmp_path / "cache"
    cold = factcheck.check([archive], engine="dask", scheduler=cluster_address, cache=cache)
    documents = len(local.documents)
    assert stats[-1]["misses"] == documents and stats[-1]["stored"] == documents
    assert _json(cold) == _json(local)  # the facts are rebuilt from the cache for this
    assert extracted_here == ["wire~2"]
    with ExtractionCache(cache) as store:  # what the workers read and extracted is kept
        assert all(store.get(d, cold.rule_data.digest) for d in cold.documents)
        assert store.get_repair(repair_key(
            (archive / "mojibake.txt").read_text(encoding="utf-8"), True)) is not None

    # Warm: the workers take every extraction from the cache (and the renamed record's is
    # found under its new id); load, unlike check, has no run cache to answer first.
    warm = factcheck.load([archive], engine="dask", scheduler=cluster_address, cache=cache)
    assert [e.facts for e in warm.extractions] == local_facts
    assert stats[-1]["hits"] == documents and stats[-1]["misses"] == 0


def _cli_json(folder: Path, out: Path, *options: str) -> tuple[int, bytes]:
    code = main(["check", str(folder), "--format", "json", "-o", str(out), "--no-cache",
                 "--quiet", *options])
    return code, out.read_bytes()


def test_graph_and_rules_run_on_the_workers_with_byte_identical_output(
        archive: Path, cluster_address: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no configuration file
    local = _cli_json(archive, tmp_path / "local.json")
    assert b"numeric-conflict" in local[1] and b"broken.txt" in local[1]

    def not_here(*args: object, **kwargs: object) -> None:
        pytest.fail("graph or rules ran in the client")

    for module in (factcheck.api, factcheck.dask_engine):  # the workers have their own
        for name in ("build_graph", "start_rules", "run_rules"):
            monkeypatch.setattr(module, name, not_here)
    distributed = pytest.importorskip("distributed")
    with distributed.Client(cluster_address) as client:
        client.get_task_stream()  # the scheduler records tasks from now on
        started = time.time()
        on_cluster = _cli_json(archive, tmp_path / "dask.json", "--engine", "dask",
                               "--scheduler", cluster_address)
        tasks = client.get_task_stream(start=started)
        workers = set(client.scheduler_info()["workers"])
    assert on_cluster == local
    checked = [t for t in tasks if t["key"].startswith("_check_on_worker")]
    assert len(checked) == 1 and checked[0]["worker"] in workers


# Findings that say which process ran the rules, and what the graph held there.
WHERE_RULE = '''import os

from factcheck.model import Finding
from factcheck.rules.engine import rule


@rule("house-where", severity="info")
def where(graph, data):
    return [Finding("", "", "", "", f"pid {os.getpid()} facts {len(graph.facts)}")]
'''


def test_user_rules_run_on_a_worker(archive: Path, cluster_address: str,
                                    tmp_path: Path) -> None:
    (tmp_path / "where.py").write_text(WHERE_RULE, encoding="utf-8")
    local = factcheck.check([archive], rules=[tmp_path])
    on_cluster = factcheck.check([archive], rules=[tmp_path], engine="dask",
                                 scheduler=cluster_address)

    def where(result: factcheck.Result) -> str:
        [finding] = [f for f in result.findings if f.rule == "house-where"]
        return finding.message

    assert where(local) == f"pid {os.getpid()} facts {local.fact_count}"
    pid, facts = where(on_cluster).removeprefix("pid ").split(" facts ")
    distributed = pytest.importorskip("distributed")
    with distributed.Client(cluster_address) as client:
        assert int(pid) in client.run(os.getpid).values()
    assert int(facts) == local.fact_count == on_cluster.fact_count
    # (on the workers the findings are kept in output order)
    assert [f for f in on_cluster.sorted_findings() if f.rule != "house-where"] == \
        [f for f in local.sorted_findings() if f.rule != "house-where"]


def test_unreachable_scheduler_is_one_line_from_the_cli(
        archive: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    import dask

    monkeypatch.chdir(tmp_path)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["check", str(archive), "--no-cache", "--engine", "dask",
                     "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2
    [line] = err.strip().splitlines()
    assert line.startswith("factcheck: error: tcp://127.0.0.1:9: cannot reach the dask "
                           "scheduler")




def _one_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["check", "--no-cache", *args])
    err = capsys.readouterr().err
    assert code == 2, err
    [line] = err.strip().splitlines()
    assert line.startswith("factcheck: error: ") and "Traceback" not in err
    return line.removeprefix("factcheck: error: ")


def test_a_rule_failing_on_a_worker_is_one_line(
        archive: Path, cluster_address: str, capsys: pytest.CaptureFixture[str],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_rule: str) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "broken.py").write_text(failing_rule, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    message = _one_error(capsys, str(archive), "--rules", str(tmp_path / "house"),
                         "--engine", "dask", "--scheduler", cluster_address)
    assert message == (f"{tmp_path / 'house' / 'broken.py'}:7: rule 'house-broken' failed: "
                       "KeyError: 'missing'")
    # A rules folder the workers do not see (relative to this process's working folder).
    message = _one_error(capsys, str(archive), "--rules", "house",
                         "--engine", "dask", "--scheduler", cluster_address)
    assert message.startswith("a dask worker ") and "give every worker the same rules" in message


def test_the_sessions_client_checks_on_its_workers_and_the_facts_come_on_demand(
        archive: Path, cluster_address: str, tmp_path: Path) -> None:
    (tmp_path / "where.py").write_text(WHERE_RULE, encoding="utf-8")
    local = factcheck.check([archive], rules=[tmp_path], select=["numeric-conflict"])
    distributed = pytest.importorskip("distributed")
    with distributed.Client(cluster_address) as client:  # scheduler=None: this client
        on_cluster = factcheck.check([archive], rules=[tmp_path], engine="dask",
                                     select=["house-where", "numeric-conflict"])
        [where] = [f.message for f in on_cluster.findings if f.rule == "house-where"]
        assert int(where.split()[1]) in client.run(os.getpid).values()
        on_cluster.findings = [f for f in on_cluster.findings if f.rule != "house-where"]
        # Without a cache, the facts are extracted again on the cluster when asked for.
        assert _json(on_cluster) == _json(local)


MARKED = ("Landslide in Monte Arcio\n\n2024-06-02\n\nfactcheck: ignore numeric-conflict\n"
          "The landslide that buried part of Monte Arcio on Sunday killed 15 people, the mayor "
          "said.\n")


@pytest.fixture(scope="module")
def marked(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive, and another count of the landslide's dead (the first record of
    wire.jsonl says 9) in a paragraph a marker covers."""
    folder = tmp_path_factory.mktemp("marked")
    shutil.copytree(archive, folder, dirs_exist_ok=True)
    (folder / "marked.txt").write_text(MARKED, encoding="utf-8")
    return folder


def _marked_rules(output: bytes) -> list[str]:
    """The rules of the findings with evidence from the marked document."""
    return [f["rule"] for f in json.loads(output)["findings"]
            if any(e["source"] == "marked" for e in f["evidence"])]


def test_the_texts_stay_on_the_workers_but_for_suppression_markers(
        marked: Path, cluster_address: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    unmarked = tmp_path / "unmarked"
    shutil.copytree(marked, unmarked)
    (unmarked / "marked.txt").write_text(MARKED.replace("factcheck: ignore numeric-conflict\n",
                                                        ""), encoding="utf-8")
    assert "numeric-conflict" in _marked_rules(
        _cli_json(unmarked, tmp_path / "unmarked.json")[1])
    local = _cli_json(marked, tmp_path / "local.json")
    assert "numeric-conflict" not in _marked_rules(local[1])  # the marker accepts it
    assert _cli_json(marked, tmp_path / "dask.json", "--engine", "dask",
                     "--scheduler", cluster_address) == local

    result = factcheck.check([marked], engine="dask", scheduler=cluster_address,
                             keep_texts=False)
    # The marked document, and the renamed record (extracted here, under its new id).
    assert {d.id for d in result.documents if d.text} == {"marked", "wire~2"}
    assert [source_dict(d) for d in result.documents] == \
        [source_dict(d) for d in factcheck.check([marked]).documents]
    with pytest.raises(ValueError, match="keep_texts=False"):
        result.all_facts  # noqa: B018


def test_without_texts_the_workers_key_the_cache_as_this_machine_does(
        marked: Path, cluster_address: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    local = _cli_json(marked, tmp_path / "local.json")
    cold = main(["check", str(marked), "--format", "json", "-o", "cold.json", "--quiet",
                 "--cache-dir", str(cache), "--engine", "dask", "--scheduler", cluster_address])
    assert (cold, (tmp_path / "cold.json").read_bytes()) == local
    loaded = factcheck.load([marked])
    with ExtractionCache(cache) as store:  # under the keys of the documents with their texts
        assert all(store.get(d, loaded.rule_data.digest) for d in loaded.documents)

    # The run's key too: a local run is answered from the run cache, with no graph built.
    def not_built(*args: object, **kwargs: object) -> None:
        pytest.fail("the run cache did not answer")

    monkeypatch.setattr(factcheck.api, "build_graph", not_built)
    warm = main(["check", str(marked), "--format", "json", "-o", "warm.json", "--quiet",
                 "--cache-dir", str(cache)])
    assert (warm, (tmp_path / "warm.json").read_bytes()) == local


def test_findings_that_come_back_share_equal_values() -> None:
    def finding(sentence: str, start: int, value: float) -> Finding:
        evidence = Evidence(source="".join(["d", "1"]), path="/in/d1.txt", line=1, column=1,
                            start=start, end=start + 1000, text="x", sentence=sentence,
                            value=value, low=-0.0, high=1.0)
        return Finding("".join(["numeric", "-conflict"]), "error", "e", "deaths", "m",
                       [evidence], values=["".join(["1", "5"])])

    first, second = finding("".join(["A", " sentence."]), 5000, 15.0), \
        finding("".join(["A", " sentence."]), 5000, 1.0)
    share = factcheck.dask_engine._Shared()
    for f in (first, second):
        share.values_of(f)
    [a], [b] = first.evidence, second.evidence
    assert a.sentence is b.sentence and a.source is b.source and a.start is b.start
    assert a.end is b.end and first.rule is second.rule and first.values[0] is second.values[0]
    assert b.value == b.high == 1.0 and str(b.value) == "1.0"  # an equal int is not a float
    assert str(a.low) == str(b.low) == "-0.0"  # a negative zero stays one
    assert first == finding("A sentence.", 5000, 15.0)


# Two counts of the landslide's dead.
PLAIN = [TEXTS[0], MARKED.split("\n")[-2]]


def test_the_client_imports_no_extraction_modules(cluster_address: str,
                                                 tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "slides", tmp_path / "run"  # the path stays absolute
    folder.mkdir()
    elsewhere.mkdir()
    for number, text in enumerate(PLAIN):
        (folder / f"slide{number}.txt").write_text(
            f"Landslide in Monte Arcio\n\n2024-06-02\n\n{text}\n", encoding="utf-8")
    script = ("import sys\nfrom factcheck.cli import main\n"
              "main(sys.argv[1:])\n"
              "print(sorted(m for m in sys.modules if m in ('dateparser', 'networkx', "
              "'quantulum3', 'factcheck.extract.pipeline', 'factcheck.parallel')))\n")
    args = ["check", str(folder), "--format", "json", "-o", str(tmp_path / "out.json"),
            "--no-cache", "--quiet", "--engine", "dask", "--scheduler", cluster_address]
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, check=False, cwd=elsewhere)
    assert done.stdout.endswith("[]\n") and done.returncode == 0, \
        done.stdout[-500:] + done.stderr[-2000:]
    assert json.loads((tmp_path / "out.json").read_bytes())["findings"]  # it did check
