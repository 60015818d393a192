"""German and English text written for this project (no third-party text).

Used to train the SentencePiece models of the tiny test checkpoints and as the
benchmark input: ``german_sentences(n)`` builds ``n`` deterministic German
sentences of varied length from hand-written parts.
"""

from __future__ import annotations

import random
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

_DE_SUBJECTS = [
    "Der Stadtrat", "Die Bürgermeisterin", "Ein Sprecher des Ministeriums", "Die Polizei",
    "Der Verband der Einzelhändler", "Die Regierung in Berlin", "Eine Mehrheit der Befragten",
    "Das Gericht", "Die Gewerkschaft", "Der Vorstand des Unternehmens", "Die Forscherinnen",
    "Ein Nachbar", "Die Feuerwehr", "Der Trainer", "Die Schulleitung", "Dr. A. Berger",
]
_DE_VERBS = [
    "kündigte am Montag an,", "erklärte in einer Mitteilung,", "betonte nach der Sitzung,",
    "warnte am Abend davor,", "bestätigte auf Nachfrage,", "teilte überraschend mit,",
    "kritisierte scharf,", "begrüßte ausdrücklich,",
]
_DE_CLAUSES = [
    "dass die Pläne noch einmal geprüft werden", "dass die Kosten deutlich steigen werden",
    "dass die Arbeiten bis zum 3. Oktober abgeschlossen sein sollen",
    "dass rund 2.000 Menschen betroffen sind", "dass man die Lage genau beobachte",
    "dass die Entscheidung im kommenden Jahr fallen soll",
    "dass die Zahl der Unfälle um 3,5 Prozent gesunken ist",
    "dass weitere Gespräche mit allen Beteiligten geplant sind",
    "dass die neue Brücke erst im Frühjahr eröffnet wird",
    "dass der Haushalt für das Jahr 2025 ausgeglichen ist",
]
_DE_TAILS = [
    "", "", " und dass die Bürger früh informiert werden",
    " und dass es keine schnelle Lösung geben wird",
    ", obwohl viele Anwohner seit Monaten auf eine Antwort warten",
    ", weil sich die Lieferung der Bauteile erneut verzögert hat",
    ", nachdem ein Gutachten zu einem anderen Ergebnis gekommen war und die Verwaltung "
    "ihre Berechnungen im Sommer noch einmal vollständig überarbeiten musste",
]
_DE_SHORT = [
    "Das Wetter bleibt unbeständig.", "Die Sitzung ist öffentlich.", "Niemand wurde verletzt.",
    "Die Ergebnisse werden am Freitag erwartet.", "Der Eintritt ist frei.",
    "Weitere Informationen gibt es im Rathaus.", "Die Straße bleibt bis Sonntag gesperrt.",
    "Wie geht es weiter?", "Das Spiel endete 2:1.", "Vielen Dank für Ihre Aufmerksamkeit.",
]

_DE_SHORT_PREDICATES = [
    "bleibt geschlossen", "lehnte ab", "stimmte zu", "war nicht zu erreichen",
    "äußerte sich nicht", "reagierte gelassen", "zeigte sich zufrieden", "widersprach",
    "kündigte Widerstand an", "bat um Geduld", "verwies auf das Gericht", "hält sich bedeckt",
]
_DE_WHEN = ["", " am Montag", " am Abend", " zunächst", " erneut", " bislang"]

_EN_TEXT = """The city council met on Monday to discuss the new budget.
A spokesman for the ministry said that the plans would be reviewed again.
The police confirmed that nobody was injured in the accident.
Around 2,000 people are affected by the closure of the bridge.
The weather will remain changeable until the weekend.
The results are expected on Friday, the union said.
The court ruled that the decision must be taken next year.
Many residents have been waiting for an answer for months.
The mayor welcomed the decision and thanked the volunteers.
The retail association warned that costs would rise sharply.
Further talks with all parties are planned for the spring.
The number of accidents fell by 3.5 percent last year.
The school management informed the parents in a letter.
The fire brigade was called to the scene shortly after midnight.
The new bridge will not open until the spring.
Admission is free, and the meeting is open to the public.
The game ended 2-1 after a dramatic second half.
Thank you for your attention.
The government in Berlin announced new rules for public transport.
Researchers found that the river water is cleaner than ten years ago."""


def german_sentences(n: int, seed: int = 1) -> list[str]:
    """``n`` German sentences, deterministic for a seed, about 4 to 60 tokens long.

    About one in ten is an exact repeat of an earlier sentence, as in real news
    collections (datelines, boilerplate, repeated quotes), so deduplication has
    something to do but does not dominate a benchmark.
    """
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(n):
        roll = rng.random()
        if out and roll < 0.05:
            out.append(rng.choice(out))
        elif roll < 0.08:
            out.append(rng.choice(_DE_SHORT))
        elif roll < 0.35:
            out.append(f"{rng.choice(_DE_SUBJECTS)} {rng.choice(_DE_SHORT_PREDICATES)}"
                       f"{rng.choice(_DE_WHEN)}.")
        else:
            out.append(f"{rng.choice(_DE_SUBJECTS)} {rng.choice(_DE_VERBS)} "
                       f"{rng.choice(_DE_CLAUSES)}{rng.choice(_DE_TAILS)}.")
    return out


def german_text() -> str:
    """All German text of the project, for tokenizer training."""
    parts = [(EXAMPLES / "article.de.txt").read_text(encoding="utf-8")]
    parts += _DE_SHORT + _DE_SUBJECTS + _DE_VERBS + _DE_CLAUSES + _DE_TAILS
    parts += german_sentences(300, seed=7)
    return "\n".join(p for p in parts if p.strip())


def english_text() -> str:
    """All English text of the project, for tokenizer training."""
    return (EXAMPLES / "article.en.txt").read_text(encoding="utf-8") + "\n" + _EN_TEXT
