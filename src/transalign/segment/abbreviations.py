"""Word lists behind the German sentence-boundary rules (data, no logic).

Written for this project from general German orthography (Duden's lists of
common abbreviations, DIN 5008 date and number conventions); no test text was
copied. Entries are written without their final period. A lowercase entry also
matches its capitalised form at the start of a sentence ("Lt. Vertrag" like
"lt. Vertrag"); capitalised entries match only as written, so that ordinary
words ("Art", "So") are not mistaken for abbreviations.

Three kinds of abbreviation are distinguished, because they behave differently
when a capitalised word follows (German capitalises every noun, so a capital
letter after a period says little on its own):

* ``NONFINAL``: abbreviations that stand before what they modify ("Dr. Meier",
  "z. B. Wasser", "ca. 5.000", "kath. Schule"); a period after them is never a
  sentence end.
* ``FINAL``: abbreviations that typically close a phrase and so often end a
  sentence ("usw.", "etc.", "ff.", "v. Chr."); split when a capitalised word or
  a quotation follows, not before a number or a lowercase word.
* ``BEFORE_NUMBER``: words that are abbreviations only in front of a number
  ("Art. 5", "Abs. 2") and ordinary words otherwise ("auf diese Art. Dann").
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Month abbreviations: never a sentence end before a number ("Dec. 5"); before a German
# or English sentence-start word they end one ("in Dec. Her deputy"; the rules).
MONTH_ABBREVIATIONS: frozenset[str] = _words(
    "Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez Jän Mar Oct Dec")

NONFINAL: frozenset[str] = MONTH_ABBREVIATIONS | _words(
    """
    Abb Abg Abk Abt Adr Anh Anl Anm Anw Aufl Az Hl Bd Bde Bearb Bek Betr Bez Bhf Bsp Bspw
    Co Dipl Doz Dr Dres Drs Fa Fam Fr Frl Gebr Ges Gew Hbf Hg Hgg Hr Hrn Hrsg Ing Inh
    Kap Kfm Kfz Kl Kpt Kto Lfg Lfd Lkr Lt Mag Maj Mio Mrd Mwst MwSt Nachf Nr Nrn Obb Pfr Pkt
    Präs Prof Prok Prov Reg Rep Sek Sen Slg Spk St Std Str Tab Tel Tsd Univ Verf Verl Vors Wwe
    Ziff Dt Frhr Gde Gf Inst Landkr Ortst Ref Stv Ztg Verw Gem Bib
    Abschn Anz Ausg Gymn Jg Jgg Mitarb Mitgl Orig Pers Pos Proz Übers Verz Wdh Whg Ztr
    abzgl allg amtl bes beil betr bspw bzgl bzw ca dgl dt dtsch ebd ehem eigtl einschl engl
    entspr erg ev evtl exkl frz geb gegr gem gesch gest ggf ggfs gez hl inkl insb jun kath
    kgl lat lt luth max med min mtl nat od öff op phil rd rer resp röm sen sog spez
    stellv stv tägl u.a urspr verh verw vgl vs wg zit zus zw zzgl incl exkl excl ausschl
    griech jur
    anschl ersch europ franz hist internat ital jährl männl mögl monatl mündl näml
    natürl öffentl österr polit priv russ schriftl schweiz selbstst staatl städt statist
    theol tlw türk unverb vollst weibl wiss wissenschaftl wöchentl zahlr zzt
    iur habil oec pol techn paed agr ggü
    tel re li erm Urt Beschl Buchst BGBl GVBl RGBl ABl Hd lfd
    niederl schwed norw dän poln tschech ung arab jap hebr
    akk dat nom pl sg adj adv präp konj ugs jew jmd jmdm jmdn jmds eig verst vorm nachm
    nördl südl östl westl mittl
    approx esp cf ibid dept govt misc
    Rt Ald Suppl Proc Natl Acad Sci Biol Phys Chem Lett Utd Intl Assn Ave Blvd
    Mo Di Mi Do Sa
    Mr Mrs Ms Messrs Jr Sr Mt Ft Gov Sen Rep Rev Col Capt Sgt Lt Supt
    """
)

FINAL: frozenset[str] = _words(
    """
    usw usf uvm u.v.m v.m etc ff f al Chr Jh Jhd Jahrh u.ä u.Ä o.ä o.Ä p.a Inc Ltd Corp Bros
    n.V n.E v.H d.M c.t s.t plc
    """
)

BEFORE_NUMBER: frozenset[str] = _words(
    """
    Art Abs Rn Rz Bl Sp Nummer No no Vol vol Fig fig Anlage Teil lit Eq eq Sec sec para Para
    Apt apt Zi UAbs Uabs Hs Var Tz
    """
)

# Words that continue an academic title only after the title written before them ("Dr.
# med. vet.", "Dr. med. dent.", "Prof. em. Dr.") and are words elsewhere ("to the vet.
# Then", "I told 'em. Then"): not in NONFINAL.
AFTER_TITLE: dict[str, str] = {"vet": "med.", "dent": "med.", "em": "Prof.", "emer": "Prof."}

# Abbreviations of a number's unit ("3,4 Mrd. Euro", "nach 3 Std. Pause"): listed in NONFINAL, but a
# period after them ends the sentence when a word of ``SENTENCE_STARTS`` follows
# ("stieg auf 3,4 Mrd. Die Aktie fiel.").
AFTER_NUMBER: frozenset[str] = _words("Mio Mrd Tsd Std Min Sek std min sek Pkt")

# Abbreviated adverbs of time ("3x tägl.", "tägl. geöffnet"): listed in NONFINAL, but they
# often end a sentence, so a period after them ends it before a capitalised word unless
# an article shows an attributive use ("der tägl. Bedarf").
ADVERB_FINAL: frozenset[str] = _words("tägl wöchentl monatl jährl stündl")

# Titles before a name that are also words ("Gen. Mark Milley", but "ein neues Gen.
# Forscher …", "nach Brig. Reisende …"): a period after them continues before a name
# (two capitalised words, or another title) and is otherwise decided as after a word.
TITLES_OR_WORDS: frozenset[str] = _words("Gen Adm Brig Cmdr Cpl Pvt Det Insp Amb Atty Pres Hon")

# Abbreviations that close a place name or a title ("Frankfurt a. M.", "Freiburg i. Br.",
# "Oberst a. D."), spaced or not: a period after them ends the sentence only when a word
# of ``SENTENCE_STARTS`` follows ("in Frankfurt a. M. Der Umsatz …"), not before a name
# or a noun ("Oberst a. D. Hans Krause", "Frankfurt a. M. Bürgermeister …" is rarer).
# ("d. J.": dieses Jahres, or der Jüngere: "Cranach d. J. Bildnis …"; "& Co. Die",
# "inkl. MwSt. Wir", "s. o. Die", "James Whitfield, Ph.D. He")
NAME_FINAL: frozenset[str] = _words(
    "a.M a.Rh a.N a.D i.Br i.Brsg v.d.H a.d.O i.R e.V e.K Hbf Bhf sen jun Jr Sr ebd ibid"
    " d.J v.J Co MwSt s.o s.u Ph.D M.D M.A B.A B.Sc M.Sc Rbge OPf Opf Westf Württ Hann Schwäb"
    # legal writing: "a. F." (alte Fassung), "n. F.", "h. M." (herrschende Meinung), "a. A."
    # (andere Ansicht), "h. L.", "m. w. N." (mit weiteren Nachweisen), "st. Rspr."
    " a.F n.F h.M a.A h.L m.w.N st.Rspr Rspr")

# Capitalised function words that begin sentences and never follow a unit inside one:
# articles, pronouns, conjunctions, sentence adverbs, prepositions.
SENTENCE_STARTS: frozenset[str] = _words(
    """
    Der Die Das Dem Den Des Ein Eine Einer Einem Einen Eines
    Er Sie Es Wir Ich Ihr Man Dies Diese Dieser Dieses Dabei Damit Danach Dann Daher Darum
    Deshalb Dennoch Doch Aber Auch Und Oder Denn So Nun Jetzt Zudem Außerdem Allerdings
    Jedoch Trotzdem Laut Im Am In Auf Bei Mit Nach Vor Seit Zum Zur Für Als Wie Wenn Weil
    Insgesamt Dahinter Davor Dort Hier Heute Gestern Zuvor Später Schließlich Anschließend
    Bisher Inzwischen Mittlerweile Seitdem Daraufhin Somit Zunächst Bereits Immerhin
    Vielleicht Leider Gerne Gern Bitte Mehr Weitere Alle Viele Einige
    Alternativ Zusätzlich Ebenso Andernfalls Stattdessen Ansonsten Übrigens Natürlich
    Tatsächlich Vom Beim Ins Ist Sind War Hat Wird Kann Gleich Bald Erst Noch Nur Dass Ob
    Was Wer Wo Wann Warum Welche Welcher
    Ab Von Bis Um Aus Unter Über Ohne Gegen Durch Trotz Wegen Während Zwischen Neben
    """
)

# Start words that are also surnames or may follow an initial ("Michael J. Gleich",
# "Peter A. Noch"): after a single capital letter they do not make it a sentence end
NAME_LIKE_STARTS: frozenset[str] = _words(
    "Gleich Bald Nur Wo Noch Erst Wer Was Ob Dass Ist War Hat Wird Kann Sind Ins Beim Vom Wann"
    " Warum Welche Welcher Man Mehr Weitere Alle Viele Einige Von")

# Capitalised ordinals that start a sentence before a lowercase word ("Zweite wurde …"),
# not in a title ("Erster Vorsitzender", "Letzte Generation")
ORDINAL_STARTS: frozenset[str] = _words(
    "Erster Erste Zweiter Zweite Dritter Dritte Vierter Vierte Letzter Letzte")

# English dotted abbreviations that often close a sentence ("at 9 a.m. It arrived",
# "moved to the U.S. She …"), and the English words that then begin the next one: the
# closed classes (pronouns, determiners, conjunctions, prepositions) and sentence
# adverbs. After a country the period ends the sentence only before one of these (never
# before a name: "U.S. Army"); after a time, before any capitalised word but a day, a
# month or a time zone ("9 a.m. Monday", "5 p.m. EST").
DOTTED_FINAL: frozenset[str] = _words("a.m p.m A.M P.M U.S U.K D.C U.N E.U")
DOTTED_TIMES: frozenset[str] = _words("a.m p.m A.M P.M")
ENGLISH_STARTS: frozenset[str] = _words(
    """
    The A An It He She They We I You This That These Those There Its His Her Their Our My
    Your But However And Or So Yet Then Now Still Also Meanwhile Afterwards Later Earlier
    Instead Indeed Moreover Furthermore Nevertheless Nonetheless Otherwise Thus Therefore
    Today Tomorrow Yesterday Most Many Some All Both Each Every Few Several Such No None
    Neither Nor Not Only In On At For From With Without After Before When While If As
    Since Although Though Because Until Despite During Over Under Among Between About
    According
    """
)
TIME_CONTINUES: frozenset[str] = _words(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Jan Feb Mar Apr Jun Jul Aug
    Sep Sept Oct Nov Dec ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT BST UTC CET CEST
    Eastern Central Mountain Pacific
    """
)

# Words after which "<number>. <Capitalised word>" is an ordinal, not a sentence
# end: articles, contracted prepositions, possessives ("im 19. Jahrhundert",
# "den 45. Präsidenten", "seinem 80. Geburtstag"). Compared in lowercase.
ORDINAL_GOVERNORS: frozenset[str] = _words(
    """
    der die das dem den des ein eine einer einem einen eines
    im am zum zur vom beim ins ans aufs ums
    sein seine seiner seinem seinen seines ihr ihre ihrer ihrem ihren ihres
    unser unsere unserer unserem unseren unseres euer eure eurem euren eures
    mein meine meinem meinen meiner meines dein deine deinem deinen deiner deines
    jeder jede jedem jeden jedes dieser diese diesem diesen dieses
    jener jene jenem jenen jenes welcher welche welchem welchen welches
    """
)

# Nouns that follow ordinal numbers ("im 19. Jahrhundert", "zum 3. Mal"). The
# suffixes are compared in lowercase, so compounds ("Bundesliga", "Parteitag")
# match too; short or ambiguous ones are only matched as whole words.
ORDINAL_NOUN_SUFFIXES: tuple[str, ...] = (
    "jahrhundert", "jahrhunderts", "jahrtausend", "jahrtausends", "jahrestag", "jahrestages",
    "geburtstag", "geburtstages", "geburtstags", "todestag", "todestages", "jubiläum",
    "lebensjahr", "lebensjahres", "jahrgang", "jahrgangs", "liga", "klasse", "runde",
    "spieltag", "spieltages", "auflage", "kapitel", "weltkrieg", "weltkrieges", "weltkriegs",
    "quartal", "quartals", "halbjahr", "halbjahres", "halbzeit", "etage", "stockwerk",
    "amtszeit", "legislaturperiode", "sitzung", "parteitag", "sinfonie", "symphonie",
    "armee", "division", "regiment", "kongress", "kongresses", "bundestag", "bundestages",
    "bundestags", "wahlperiode", "ausgabe", "staffel", "semester", "schuljahr", "schuljahres",
    "etappe", "jahr", "jahrs", "jahres", "sieg", "siegs", "sieges", "generation", "ordnung",
)
ORDINAL_NOUNS: frozenset[str] = _words(
    """mal male minute stock platz rang band akt satz lauf folge korps flotte tor treffer titel
    grad grades wahl hand og ug obergeschoss aufl bd jh jhd jhdt"""
)

MONTHS: frozenset[str] = MONTH_ABBREVIATIONS | _words(
    """
    Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November
    Dezember
    """
)

# English street words, which end a sentence after a street's name ("on Elm St. Neighbours
# …") but not before one ("in St. Louis")
ENGLISH_STREETS: frozenset[str] = _words("St Ave Blvd Rd")

# Weekday abbreviations, for ranges ("Di.–So. 10–18 Uhr"; "So" alone is a word).
WEEKDAYS: frozenset[str] = _words("Mo Di Mi Do Fr Sa So")

# Characters that open a list item at the start of a line or sentence.
BULLETS: frozenset[str] = frozenset("•◦▪▫‣●○■□►▶➢➤✓✔*-–—·")
