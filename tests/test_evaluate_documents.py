"""Document mode: segment, pair with the monolingual aligner, score; unpaired sentences hurt."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from transalign.cli import main
from transalign.errors import AlignmentError, InputError, UsageError
from transalign.evaluate import evaluate_documents, match_documents, pair_documents
from transalign.records import Bead, Document, Sentence

# --- fakes for the segmenter and the aligner (contract-level unit tests) --------------


def _fake_segment(text: str, doc_id: str = "", *, unwrap_lines: bool = False) -> list[Sentence]:
    out = []
    for m in re.finditer(r"[^.!?]+[.!?]?", text):
        s = m.group().strip()
        if s:
            start = text.index(s, m.start())
            out.append(Sentence(doc_id, 0, len(out), start, start + len(s), s))
    return out


def _fake_align_factory(beads_per_call: list[list[Bead]] | None = None):
    calls: list[tuple[list[str], list[str], bool]] = []

    def fake_align(src, tgt, *, bridge=None, same_language=False, options=None):
        calls.append((list(src), list(tgt), same_language))
        if beads_per_call is not None:
            return beads_per_call[len(calls) - 1]
        # diagonal 1-1, leftovers as 1-0 / 0-1
        n = min(len(src), len(tgt))
        beads = [Bead((i,), (i,), 1.0) for i in range(n)]
        beads += [Bead((i,), (), -1.0) for i in range(n, len(src))]
        beads += [Bead((), (j,), -1.0) for j in range(n, len(tgt))]
        return beads

    return fake_align, calls


@pytest.fixture()
def fakes(monkeypatch):
    import transalign.align
    import transalign.segment

    def install(beads_per_call=None):
        fake_align, calls = _fake_align_factory(beads_per_call)
        monkeypatch.setattr(transalign.segment, "segment", _fake_segment, raising=False)
        monkeypatch.setattr(transalign.align, "align", fake_align, raising=False)
        return calls

    return install


HYP_DOC = "The council met on Monday. It approved the plan. Work starts in May. A bonus line."
REF_DOC = "On Monday the council met and approved the plan. Work will start in May. Extra."


def test_beads_become_segment_pairs(fakes):
    # hyp: 0 council, 1 approved, 2 work, 3 bonus; ref: 0 council+approved, 1 work, 2 extra
    calls = fakes([[Bead((0, 1), (0,), 0.9), Bead((2,), (1,), 0.8), Bead((3,), ()),
                    Bead((), (2,))]])
    pairing = pair_documents([Document("d1", HYP_DOC)], [Document("d1", REF_DOC)])
    assert calls[0][2] is True  # monolingual mode
    assert [p.kind for p in pairing.pairs] == ["2-1", "1-1", "1-0", "0-1"]
    first = pairing.pairs[0]
    assert first.hyp == "The council met on Monday. It approved the plan."
    assert first.ref == "On Monday the council met and approved the plan."
    assert first.score == 0.9
    assert pairing.pairs[2].ref == "" and pairing.pairs[3].hyp == ""
    assert (pairing.hyp_sentences, pairing.ref_sentences) == (4, 3)
    assert (pairing.unpaired_hyp, pairing.unpaired_ref) == (1, 1)
    assert pairing.paired_segments == 2
    assert pairing.bead_types == {"2-1": 1, "1-1": 1, "1-0": 1, "0-1": 1}


@pytest.mark.parametrize("unpaired", ["score", "ignore"])
def test_scores_equal_sacrebleu_on_the_pairs(fakes, unpaired):
    fakes([[Bead((0, 1), (0,)), Bead((2,), (1,)), Bead((3,), ()), Bead((), (2,))]])
    res = evaluate_documents([Document("d1", HYP_DOC)], [Document("d1", REF_DOC)],
                             metrics="bleu,chrf,ter", unpaired=unpaired, per_sentence=True)
    hyps = ["The council met on Monday. It approved the plan.", "Work starts in May."]
    refs = ["On Monday the council met and approved the plan.", "Work will start in May."]
    if unpaired == "score":
        hyps += ["A bonus line.", ""]
        refs += ["", "Extra."]
    for key, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        assert res.result[key].score == pytest.approx(metric.corpus_score(hyps, [refs]).score)
    assert res.result.n_segments == len(hyps) == len(res.scored)
    assert res.result.sentences is not None and len(res.result.sentences) == len(hyps)


@pytest.mark.parametrize("key", ["bleu", "chrf"])
def test_unpaired_sentences_lower_the_score(fakes, key):
    beads = [Bead((0, 1), (0,)), Bead((2,), (1,)), Bead((3,), ()), Bead((), (2,))]
    fakes([beads, beads])
    docs = ([Document("d", HYP_DOC)], [Document("d", REF_DOC)])
    scored = evaluate_documents(*docs, metrics=key, unpaired="score").result[key].score
    ignored = evaluate_documents(*docs, metrics=key, unpaired="ignore").result[key].score
    assert scored < ignored


def test_documents_matched_by_id_in_reference_order(fakes):
    calls = fakes()
    first, second = "The first text is about cats.", "The second text is about dogs."
    hyp = [Document("b", second), Document("a", first)]
    ref = [Document("a", first), Document("b", second)]
    res = evaluate_documents(hyp, ref, metrics="bleu")
    assert [c[0] for c in calls] == [[first], [second]]
    assert res.result["bleu"].score == pytest.approx(100.0)
    assert [p.doc_id for p in res.scored] == ["a", "b"]


@pytest.mark.parametrize(("hyp_ids", "ref_ids", "fragment"), [
    (["a", "c"], ["a", "b"], "1 reference id missing from hypothesis (e.g. 'b')"),
    (["a", "b", "c"], ["a", "b"], "1 id of hypothesis not in reference (e.g. 'c')"),
    ([], ["a"], "hypothesis: no documents"),
    (["a"], [], "reference: no documents"),
    (["x", "x"], ["x", "y"], "hypothesis: duplicate document id 'x'"),
    (["x", "y"], ["y", "y"], "reference: duplicate document id 'y'"),
])
def test_match_documents_rejects(hyp_ids, ref_ids, fragment):
    with pytest.raises(InputError, match=re.escape(fragment)):
        match_documents([Document(i, "x") for i in hyp_ids], [Document(i, "x") for i in ref_ids])


def test_single_documents_pair_whatever_their_ids():
    pairs = match_documents([Document("hyp.txt", "x")], [Document("ref.txt", "y")])
    assert [(h.id, r.id) for h, r in pairs] == [("hyp.txt", "ref.txt")]


@pytest.mark.parametrize(("hyp", "ref", "unpaired", "fragment"), [
    ("", "", "score", "no sentence to score"),
    ("One. Two.", "", "ignore", "no sentence to score"),
])
def test_nothing_to_score(fakes, hyp, ref, unpaired, fragment):
    fakes()
    with pytest.raises(InputError, match=fragment):
        evaluate_documents([Document("d", hyp)], [Document("d", ref)], unpaired=unpaired)


def test_empty_hypothesis_document_scores_zero(fakes):
    fakes()
    res = evaluate_documents([Document("d", "   ")], [Document("d", "One. Two.")], metrics="bleu")
    assert res.pairing.unpaired_ref == 2
    assert res.result["bleu"].score == 0.0


def test_beads_that_skip_a_sentence_are_an_error(fakes):
    fakes([[Bead((0,), (0,))]])  # hypothesis sentence 1 is lost
    with pytest.raises(AlignmentError, match="do not cover every sentence"):
        pair_documents([Document("d", "One. Two.")], [Document("d", "One.")])


def test_unknown_unpaired_policy():
    with pytest.raises(UsageError, match="unknown policy"):
        evaluate_documents([Document("d", "x")], [Document("d", "x")], unpaired="drop")


def _jsonl(path: Path, docs: dict[str, str]) -> str:
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in docs.items()),
                    encoding="utf-8")
    return str(path)


def test_cli_documents_jsonl_report_and_per_sentence(fakes, tmp_path, capsys):
    fakes()
    hyp = _jsonl(tmp_path / "hyp.jsonl", {"a": "One sentence here. Another one.", "b": "Third."})
    ref = _jsonl(tmp_path / "ref.jsonl", {"a": "One sentence here. Another one.", "b": "Third. X."})
    per = tmp_path / "per.jsonl"
    assert main(["evaluate", "--documents", "--hyp", hyp, "--ref", ref, "--format", "json",
                 "--metrics", "bleu", "--per-sentence", str(per)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["mode"] == "documents"
    docs = report["systems"][0]["documents"]
    assert docs["documents"] == 2 and docs["unpaired_ref_sentences"] == 1
    assert docs["unpaired_hyp_sentences"] == 0 and docs["paired_segments"] == 3
    assert report["settings"]["unpaired"] == "score"
    assert report["inputs"]["hypotheses"][0]["documents"] == 2
    rows = [json.loads(x) for x in per.read_text().strip().split("\n")]
    assert [(r["doc_id"], r["type"]) for r in rows] == [("a", "1-1"), ("a", "1-1"), ("b", "1-1"),
                                                         ("b", "0-1")]
    assert rows[3]["hyp"] == "" and rows[3]["refs"] == ["X."]

    assert main(["evaluate", "--documents", "--hyp", hyp, "--ref", ref]) == 0
    text = capsys.readouterr().out
    assert "could not be paired: 0 hypothesis sentences and 1 reference sentence (" in text


def test_cli_documents_text_files(fakes, tmp_path, capsys):
    fakes()
    (tmp_path / "h.txt").write_text("Alpha beta gamma. Delta epsilon.\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("Alpha beta gamma. Delta epsilon.\n", encoding="utf-8")
    assert main(["evaluate", "--documents", "--hyp", str(tmp_path / "h.txt"), "--ref",
                 str(tmp_path / "r.txt"), "--metrics", "bleu", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["systems"][0]["scores"]["BLEU"]["score"] == pytest.approx(100.0)


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "input is empty"),
    (b"\xff\xfe bad", "invalid UTF-8"),
    (b'{"id": "a", "text": 3}\n', "missing string field 'text'"),
])
def test_cli_documents_input_errors(fakes, tmp_path, capsys, content, fragment):
    fakes()
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    ref = _jsonl(tmp_path / "ref.jsonl", {"a": "Text."})
    assert main(["evaluate", "--documents", "--hyp", str(bad), "--ref", ref]) == 2
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err


# --- the real segmenter and aligner -----------------------------------------------------

def _real_modules_or_skip():
    from transalign.align import align
    from transalign.segment import segment

    return segment, align


HYP_ARTICLE = (
    "The city council met on Monday evening. After a long debate it approved the budget for "
    "next year. The mayor called the result a good compromise. Opposition members criticised "
    "the cuts to public libraries. They announced a petition. Construction of the new school "
    "will begin in March. It is expected to cost twelve million euros.\n"
    "Residents can comment on the plans until the end of the month."
)
REF_ARTICLE = (
    "On Monday evening the city council met. After a long debate, it passed next year's "
    "budget. The mayor described the result as a good compromise. Members of the opposition "
    "criticised the cuts to public libraries and announced a petition. Work on the new school "
    "will start in March. The cost is expected to be twelve million euros.\n"
    "Until the end of the month, residents can comment on the plans."
)


def test_real_pipeline_pairs_a_differently_segmented_reference():
    _real_modules_or_skip()
    res = evaluate_documents([Document("d", HYP_ARTICLE)], [Document("d", REF_ARTICLE)],
                             metrics="bleu,chrf")
    pairing = res.pairing
    assert pairing.hyp_sentences == 8 and pairing.ref_sentences == 7
    assert pairing.unpaired_hyp == 0 and pairing.unpaired_ref == 0
    assert "2-1" in pairing.bead_types
    merged = next(p for p in pairing.pairs if p.kind == "2-1")
    assert merged.hyp.startswith("Opposition members") and merged.ref.startswith("Members")
    # an unrelated reference scores far lower than the right one
    wrong = evaluate_documents([Document("d", HYP_ARTICLE)],
                               [Document("d", "Completely different text. Nothing matches.")],
                               metrics="chrf")
    assert wrong.result["chrf"].score < res.result["chrf"].score - 30


def test_real_pipeline_same_text_resegmented_scores_100():
    _real_modules_or_skip()
    one_line = HYP_ARTICLE.replace("\n", " ")
    res = evaluate_documents([Document("d", HYP_ARTICLE)], [Document("d", one_line)],
                             metrics="bleu")
    assert res.result["bleu"].score == pytest.approx(100.0)
    assert res.pairing.unpaired_hyp == res.pairing.unpaired_ref == 0


def test_unwrap_lines_reaches_the_segmenter(monkeypatch):
    import transalign.align
    import transalign.segment

    seen = []

    def segment(text, doc_id="", *, unwrap_lines=False):
        seen.append(unwrap_lines)
        return _fake_segment(text, doc_id)

    monkeypatch.setattr(transalign.segment, "segment", segment, raising=False)
    monkeypatch.setattr(transalign.align, "align", _fake_align_factory()[0], raising=False)
    docs = [Document("d", "A wrapped\nline of text.")]
    evaluate_documents(docs, docs, metrics="chrf", unwrap_lines=True)
    assert seen == [True, True]
