"""The checks that need no model: numbers, verbatim tokens, copyable segments.

Every number form of issue 18 is tested both ways: a form a translator uses passes, a
wrong number in the same form is flagged. The WMT22 measurement (``shared``) asserts the
targets on real data: few false alarms on human references, most injected errors found.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from transalign.check import (
    check_pair,
    copy_text,
    copyable,
    find_tokens,
    missing_numbers,
    missing_tokens,
)
from transalign.check.numbers import source_mentions
from transalign.check.numwords import english_numbers, german_word_value

ROOT = Path(__file__).resolve().parents[1]

# (German source, English target that is right, English target that is wrong, what the
# wrong one misses)
NUMBER_FORMS = [
    ("Es kamen 12.500 Menschen.", "12,500 people came.", "12,600 people came.", ["12.500"]),
    ("Es kamen 12.500 Menschen.", "12 500 people came.", "12 400 people came.", ["12.500"]),
    ("Es kamen 12.500 Menschen.", "12500 people came.",
     "12.500 people came.", ["12.500"]),  # a German thousands point kept reads as 12.5
    ("Die Rate lag bei 2,5 Prozent.", "The rate was 2.5 percent.",
     "The rate was 25 percent.", ["2,5"]),
    ("Der Bau kostet 2,5 Millionen Euro.", "It costs 2.5 million euros.",
     "It costs 2.5 billion euros.", ["2,5 Millionen"]),
    ("Der Bau kostet 2,5 Millionen Euro.", "It costs €2.5m.", "It costs €2.5bn.",
     ["2,5 Millionen"]),
    ("Der Bau kostet 2,5 Millionen Euro.", "It costs 2,500,000 euros.",
     "It costs 250,000 euros.", ["2,5 Millionen"]),
    ("Der Haushalt umfasst 3,4 Mrd. Euro.", "The budget is 3.4 billion euros.",
     "The budget is 3.4 million euros.", ["3,4 Mrd."]),
    ("Die Schulden betragen 1,2 Billionen Euro.", "The debt is 1.2 trillion euros.",
     "The debt is 1.2 billion euros.", ["1,2 Billionen"]),
    ("Das Spiel beginnt um 19 Uhr.", "The game starts at 7 p.m.",
     "The game starts at 9 p.m.", ["19 Uhr"]),
    ("Das Spiel beginnt um 19 Uhr.", "The game starts at 7 PM.",
     "The game starts at 7 AM.", ["19 Uhr"]),
    ("Das Spiel beginnt um 19 Uhr.", "The game starts at 19:00.",
     "The game starts at 21:00.", ["19 Uhr"]),
    ("Das Spiel beginnt um 19 Uhr.", "The game starts at seven o'clock in the evening.",
     "The game starts at nine o'clock in the evening.", ["19 Uhr"]),
    ("Der Zug fährt um 14.30 Uhr.", "The train leaves at 2:30 pm.",
     "The train leaves at 4:30 pm.", ["14.30 Uhr"]),
    ("Der Zug fährt um 14.30 Uhr.", "The train leaves at 14:30.",
     "The train leaves at 14:45.", ["14.30 Uhr"]),
    ("Geöffnet ist von 10 bis 12 Uhr.", "It is open from 10 a.m. to 12 p.m.",
     "It is open from 10 a.m. to 2 p.m.", ["12 Uhr"]),
    # spoken times: "halb acht" is 7:30, the hour named is the one the time leads to
    ("Wir beginnen um halb acht.", "We start at half past seven.",
     "We start at half past eight.", ["halb acht"]),
    ("Wir beginnen um halb acht.", "We start at 7.30.", "We start at 8.30.", ["halb acht"]),
    ("Wir beginnen um halb acht abends.", "We start at 7:30 pm.", "We start at 7:30 am.",
     ["halb acht abends"]),
    ("Wir beginnen um halb acht.", "We start at half seven.", "We start at half eight.",
     ["halb acht"]),
    ("Wir beginnen um Viertel vor acht.", "We start at a quarter to eight.",
     "We start at a quarter past eight.", ["Viertel vor acht"]),
    ("Wir beginnen um Viertel nach acht.", "We start at 8:15.", "We start at 7:15.",
     ["Viertel nach acht"]),
    ("Wir beginnen um dreiviertel acht.", "We start at 7.45.", "We start at 8.45.",
     ["dreiviertel acht"]),
    ("Um halb eins war Schluss.", "It ended at half past twelve.", "It ended at half past one.",
     ["halb eins"]),
    ("Sie telefonierten am 9. Dezember.", "They spoke on December 9.",
     "They spoke on September 12.", ["9. Dezember"]),
    ("Sie telefonierten am 9. Dezember.", "They spoke on 9 December.",
     "They spoke on 19 December.", ["9. Dezember"]),
    ("Sie telefonierten am 9. Dezember.", "They spoke on the 9th of December.",
     "They spoke on the 9th of November.", ["9. Dezember"]),
    ("Die Garantie gilt ab 01.09.2004.", "The warranty applies from 1 September 2004.",
     "The warranty applies from 1 September 2005.", ["01.09.2004"]),
    ("Die Garantie gilt ab 01.09.2004.", "The warranty applies from September 1, 2004.",
     "The warranty applies from January 9, 2004.", ["01.09.2004"]),
    ("Die Garantie gilt ab 01.09.2004.", "The warranty applies from 09/01/2004.",
     "The warranty applies from 01/09/2004.", ["01.09.2004"]),  # US order: month first
    ("Bestellt am 16.3. und bezahlt.", "Ordered on 03/16 and paid.",
     "Ordered on 03/15 and paid.", ["16.3."]),
    ("Das geschah im 19. Jahrhundert.", "That happened in the 19th century.",
     "That happened in the 18th century.", ["19"]),
    ("Das geschah im 19. Jahrhundert.", "That happened in the nineteenth century.",
     "That happened in the eighteenth century.", ["19"]),
    ("Sie hat 3 Kinder.", "She has three children.", "She has four children.", ["3"]),
    ("Sie hat zwei Kinder.", "She has two children.", "She has three children.", ["zwei"]),
    ("Sie hat zwei Kinder.", "She has 2 children.", "She has 3 children.", ["zwei"]),
    ("Die 74-jährige Frau blieb.", "The 74-year-old woman stayed.",
     "The 47-year-old woman stayed.", ["74"]),
    ("Die 74-jährige Frau blieb.", "The seventy-four-year-old woman stayed.",
     "The seventy-three-year-old woman stayed.", ["74"]),
    ("Der Stau war auf der A 7.", "The traffic jam was on the A7.",
     "The traffic jam was on the A8.", ["7"]),
    ("Das Spiel endete 2:1.", "The match ended 2-1.", "The match ended 1-2.", ["2:1"]),
    ("Das Spiel endete 2:1.", "The match ended 2–1.", "The match ended 3-1.", ["2:1"]),
    ("Das Spiel endete 61:72.", "The game ended 61-72.", "The game ended 61-71.", ["61:72"]),
]


@pytest.mark.parametrize(("source", "right", "wrong", "missing"), NUMBER_FORMS,
                         ids=[f"{i}-{c[0][:24]}" for i, c in enumerate(NUMBER_FORMS)])
def test_number_forms_pass_and_wrong_numbers_are_flagged(
        source: str, right: str, wrong: str, missing: list[str]) -> None:
    assert missing_numbers(source, right) == []
    assert missing_numbers(source, wrong) == missing


# forms of translation that are right but easy to flag by mistake, and mistakes that are
# easy to miss
OTHER_CASES = [
    # (source, target, missing)
    ("Am 9. Dezember um 19 Uhr kamen 12.500 Menschen.",
     "On December 9 at 7 p.m., 12,500 people came.", []),
    ("Wir machten 2 Versuche.", "We made a second attempt.", ["2"]),  # a quantity, not a rank
    ("Sie landete auf Platz drei.", "She finished third.", []),  # a rank may be an ordinal
    ("Wenn K1 allein spielt, ist das gut.", "If the first child plays alone, that's fine.", []),
    ("Er hat 2 Hunde und 2 Katzen.", "He has two dogs and 2 cats.", []),
    ("Er hat 2 Hunde und 2 Katzen.", "He has two dogs and 3 cats.", ["2"]),  # counted
    ("Das besprechen wir unter vier Augen.", "We will discuss it in private.", []),  # idiom
    ("Das war in den 90er-Jahren.", "That was in the 1990s.", []),
    ("Das war in den 90er-Jahren.", "That was in the 1980s.", ["90er"]),
    ("Wir zahlten 19,99 Euro.", "We paid 19.99 euros.", []),
    ("Mehr unter www.example.de/2021/09", "More at www.example.de/2021/09", []),
    ("Das kostet 3 Euro.", "That costs 3 euros.", []),
    ("Der Bus kommt um 0:30.", "The bus comes at 12:30 AM.", []),
    ("Der Bus kommt um 0:30.", "The bus comes at 12:30 PM.", ["0:30"]),
    ("Mittags um 12 Uhr.", "At noon.", []),
    ("Ein Vorsprung von 25 .000 Euro.", "A lead of 25,000 euros.", []),  # a stray space
    ("Es gab 1.000.000 Anfragen.", "There were 1,000,000 requests.", []),
    ("Es gab 1.000.000 Anfragen.", "There were a million requests.", []),
    ("Es ist 5 Grad kalt.", "It is five degrees cold.", []),
    ("Es ist 5 Grad kalt.", "It is 41 degrees Fahrenheit.", ["5"]),  # converted: flagged
    ("Der Preis stieg auf eine Million.", "The price rose to one million.", []),
    ("Der Preis stieg auf eine Million.", "The price rose to one billion.", ["eine Million"]),
    ("Das ist ein guter Satz ohne Zahl.", "That is a good sentence with no number.", []),
    ("Er hat halb so viel.", "He has half as much.", []),
    ("Das Treffen ist um 19.30 Uhr.", "The meeting is at seven thirty in the evening.", []),
    ("Es kamen zehn 30-Jährige.", "About ten thirty-year-olds came.", []),
    # ordinal words after a determiner, and "-mal"
    ("Sie ist die dritte Frau im Amt.", "She is the third woman in office.", []),
    ("Sie ist die dritte Frau im Amt.", "She is the 3rd woman in office.", []),
    ("Sie ist die dritte Frau im Amt.", "She is the fourth woman in office.", ["dritte"]),
    ("Zum zweiten Mal verlor er.", "For the second time he lost.", []),
    ("Zum zweiten Mal verlor er.", "For the third time he lost.", ["zweiten"]),
    ("Jeder dritte Deutsche ist dafür.", "One in three Germans is in favour.", []),
    ("Jeder dritte Deutsche ist dafür.", "One in four Germans is in favour.", ["dritte"]),
    ("Der Umsatz stieg im vierten Quartal.", "Sales rose in Q4.", []),
    ("Der Umsatz stieg im vierten Quartal.", "Sales rose in Q3.", ["vierten"]),
    ("Das kaufte er aus zweiter Hand.", "He bought it second-hand.", []),  # no determiner
    ("Achten Sie auf den Verkehr.", "Watch the traffic.", []),  # the verb
    ("Sie ist die erste Frau im Amt.", "She is the first woman in office.", []),
    ("Sie ist die erste Frau im Amt.", "She is the second woman in office.", ["erste"]),
    ("Er wohnt im ersten Stock.", "He lives on the second floor.", []),  # American floors
    ("Er wohnt im ersten Stock.", "He lives on the third floor.", ["ersten"]),
    ("Die ersten Ergebnisse sind gut.", "The initial results are good.", []),
    ("Er wohnt im 3. Stock.", "He lives on the fourth floor.", []),
    ("Er wohnt im 3. Stock.", "He lives on the fifth floor.", ["3"]),
    ("Er war zweimal Weltmeister.", "He was world champion twice.", []),
    ("Er war zweimal Weltmeister.", "He was world champion two times.", []),
    ("Er war zweimal Weltmeister.", "He was world champion three times.", ["zweimal"]),
    ("Nicht einmal er kam.", "Not even he came.", []),
    # dates, times and scores in words; ranges; fractions; signs (from a probe of
    # hand-written translations)
    ("Das Treffen ist am 3. Mai.", "The meeting is on the third of May.", []),
    ("Das Treffen ist am 3. Mai.", "The meeting is on May the third.", []),
    ("Das Treffen ist am 3. Mai.", "The meeting is on the fourth of May.", ["3. Mai"]),
    ("Der Umsatz stieg auf 2,5 Mio. Euro.", "Sales rose to two and a half million euros.", []),
    ("Der Umsatz stieg auf 2,5 Mio. Euro.", "Sales rose to three and a half million euros.",
     ["2,5 Mio."]),
    ("Es kamen zweieinhalb Millionen.", "Two and a half million came.", []),
    ("Es kamen zweieinhalb Millionen.", "3.5 million came.", ["zweieinhalb Millionen"]),
    ("Es kostet anderthalb Millionen Euro.", "It costs 1.5 million euros.", []),
    ("Es kostet anderthalb Millionen Euro.", "It costs 2.5 million euros.",
     ["anderthalb Millionen"]),
    ("Das dauerte anderthalb Jahre.", "That took a year and a half.", []),
    ("Er kam um 8 Uhr morgens.", "He came at eight in the morning.", []),
    ("Er kam um 20 Uhr.", "He came at 8 in the evening.", []),
    ("Er kam um 20 Uhr.", "He came at 8 in the morning.", ["20 Uhr"]),
    ("Er kam um 8 Uhr.", "He came at eight.", []),
    ("Offen ist von 10 bis 12 Uhr.", "It is open between 10 and 12 o'clock.", []),
    ("Offen ist von 10 bis 12 Uhr.", "It is open from ten until twelve.", []),
    ("Der Umsatz lag bei gut 79 Millionen Euro.", "Sales were about 79 million euros.", []),
    ("Bayern verlor mit 1:3.", "Bayern lost 3-1.", []),  # the winner's score first
    ("Das Spiel endete 2:1.", "The game ended 1-2.", ["2:1"]),  # not after a win
    ("Das Spiel endete 0:0.", "The game ended goalless.", []),
    ("Das Spiel endete 1:1.", "The game ended one-all.", []),
    ("Das Spiel endete 1:1.", "The game ended two-all.", ["1:1"]),
    ("Das Spiel endete 0:0.", "The game ended nil-nil.", []),
    ("Das Spiel endete 1:0.", "The game ended goalless.", ["1:0"]),
    ("Bayern gewann mit 2:1.", "Bayern won two-one.", []),
    # decimal fractions: tenths, hundredths, thousandths
    ("Er war um vier Hundertstelsekunden schneller.",
     "He was four hundredths of a second faster.", []),
    ("Er war um vier Hundertstelsekunden schneller.",
     "He was four tenths of a second faster.", ["vier Hundertstelsekunden"]),
    ("Er wehrte den Angriff um fünf Hundertstel ab.", "He won by five one-hundredth.", []),
    ("Er verlor um 0,04 Sekunden.", "He lost by four hundredths of a second.", []),
    ("Sie gewann mit drei Zehntelsekunden Vorsprung.", "She won by three tenths of a second.",
     []),
    ("Er war um zwei Hundertstelsekunden schneller.", "He was 0.02 seconds faster.", []),
    ("Er war um drei Zehntelsekunden schneller.", "He was 3 tenths of a second faster.", []),
    ("Das ist das 500. Jubiläum.", "It is the five hundredth anniversary.", []),
    # a month with its year: the month is part of the date
    ("Der Juli 2025 war warm.", "July 2025 was warm.", []),
    ("Der Juli 2025 war warm.", "June 2025 was warm.", ["Juli 2025"]),
    ("Im März 2024 stieg der Umsatz.", "In March of 2024, sales rose.", []),
    ("Von Juni bis Juli 2025 blieb es trocken.", "It stayed dry from June to July 2025.", []),
    ("Am 14. Juli 2025 war es warm.", "It was warm on July 14, 2025.", []),
    ("Sie kehrten bis November 1952 zurück.", "They returned in 1952.", ["November 1952"]),
    ("Der Juli 2025 war warm.", "July, 2025 was warm.", []),
    ("Im Juni 2000 neue Fälle.", "2,000 new cases in June.", []),
    ("Im Juni 1800 neue Fälle.", "1,800 new cases in June.", []),
    ("Von 2010 bis 2015 war er Bürgermeister.", "He was mayor from 2010-15.", []),
    ("Von 2010 bis 2015 war er Bürgermeister.", "He was mayor from 2010-16.", ["2015"]),
    ("Die Zinsen stiegen um 0,25 Prozentpunkte.", "Rates rose by a quarter of a point.", []),
    ("Es stammt aus dem 19. Jahrhundert.", "It dates from the 1800s.", []),
    ("Es stammt aus dem 19. Jahrhundert.", "It dates from the 1900s.", ["19"]),
    ("Ein Drittel war dagegen.", "A third were against.", []),
    ("Ein Drittel war dagegen.", "One in three was against.", []),
    ("Ein Drittel war dagegen.", "33% were against.", []),
    ("Ein Drittel war dagegen.", "A quarter were against.", ["Ein Drittel"]),
    ("Rund zwei Drittel stimmten zu.", "Around two-thirds agreed.", []),
    ("Rund zwei Drittel stimmten zu.", "Around two fifths agreed.", ["zwei Drittel"]),
    ("Drei Viertel stimmten zu.", "A quarter agreed.", ["Drei Viertel"]),
    ("Die Hälfte war dagegen.", "Half were against.", []),
    ("Die Hälfte war dagegen.", "50 percent were against.", []),
    ("Die Hälfte war dagegen.", "A third were against.", ["Hälfte"]),
    ("Er schied nach der Hälfte des Rennens aus.", "He retired halfway through the race.", []),
    ("Rund 50 Prozent gingen zur Wahl.", "Around half turned out.", []),
    ("Er wohnt in einem Viertel, das ruhig ist.", "He lives in a quiet district.", []),
    ("In den Zwanzigerjahren boomte die Stadt.", "In the 1920s the city boomed.", []),
    ("In den Zwanzigerjahren boomte die Stadt.", "In the 1930s the city boomed.",
     ["Zwanzigerjahren"]),
    ("Die Temperatur fiel auf minus 12 Grad.", "It fell to minus 12 degrees.", []),
    ("Die Temperatur fiel auf minus 12 Grad.", "It fell to 12 degrees below zero.", []),
    ("Die Temperatur fiel auf minus 12 Grad.", "It fell to -12C.", []),
    ("Die Temperatur fiel auf minus 12 Grad.", "It fell to 12 degrees.", ["minus 12"]),
    ("Der Dax lag bei -0,5 Prozent.", "The Dax was down 0.5 percent.", []),  # a change
    ("Wir treffen uns um viertel neun.", "We meet at a quarter past eight.", []),  # regional
    ("Wir beginnen um Viertel vor acht.", "We start at 7:45.", []),
    # from a review: counts are not times, "half" of a time is no quantity
    ("Es kamen etwa 200 Menschen.", "About two hundred people came.", []),
    ("Es kamen etwa 8000 Menschen.", "About 8 000 people came.", []),
    ("Um 20 Uhr stieg der Index um 8 Punkte.", "At 9 p.m., the index rose by 8 points.",
     ["20 Uhr"]),
    ("Um 8 Uhr kamen 20 Leute.", "At 9 about 20 people came.", ["8 Uhr"]),
    ("Er kam um 8 Uhr und ging um 8 Uhr.", "He came at 8 and left at 9.", ["8 Uhr"]),
    ("Es war minus 12 Grad kalt.", "It was minus twelve degrees.", []),
    ("Es war minus 12 Grad kalt.", "It was twelve degrees below zero.", []),
    ("Der Verlust betrug -12.500 Euro.", "The loss was -12,500 euros.", []),
    ("Die Hälfte von 2 Millionen.", "Half of two million.", []),
    ("Die Kosten sanken um die Hälfte.", "Costs fell by half two months ago.", []),
    ("Der Umsatz stieg in der ersten Jahreshälfte um 50 Prozent.",
     "Sales rose by 40 percent in the first half of the year.", ["50"]),
    ("Die Preise stiegen um 10 Prozent, die Miete um 10 Prozent.",
     "Prices rose 10 percent, rent 12 percent.", ["10"]),
    ("Im 19. Jahrhundert lebten hier 1.800 Menschen.",
     "In the 18th century, 1,800 people lived here.", ["19"]),
    ("Bayern siegte 3:1, Köln verlor.", "Bayern won 1-3, Cologne lost.", ["3:1"]),
    ("In der ersten Hälfte des Jahres.", "In the first six months of the year.", []),
    ("Die Hälfte war dagegen.", "50.0 percent were against.", []),
    # from a second probe of hand-written translations
    ("In den 1960er Jahren zogen viele her.", "In the '60s, many moved here.", []),
    ("In den 1960er Jahren zogen viele her.", "In the sixties, many moved here.", []),
    ("In den 1960er Jahren zogen viele her.", "In the 1970s, many moved here.", ["1960er"]),
    ("Nach dem 0:2 zur Pause siegte Dortmund 3:2.",
     "Trailing 2-0 at half-time, Dortmund won 3-2.", []),  # the higher score first
    ("Er lief die Strecke in 2:05 Stunden.", "He ran it in two hours and five minutes.", []),
    ("Er lief die Strecke in 2:05 Stunden.", "He ran it in two hours and nine minutes.",
     ["2:05"]),
    ("Der Slogan lautet „5 vor 12“.", "The slogan is \"Five minutes to midnight\".", []),
    ("Als Erster erreichte er das Ziel.", "He was the first to cross the line.", []),
    ("Als Erster erreichte er das Ziel.", "He was the second to cross the line.", ["Erster"]),
    ("Im Zweiten Weltkrieg wurde sie zerstört.", "It was destroyed in World War II.", []),
    ("Der Preis hat sich halbiert.", "The price has halved.", []),
    ("Der Preis hat sich halbiert.", "The price has doubled.", ["halbiert"]),
    ("Die Zahl hat sich verdoppelt.", "The number has doubled.", []),
    ("Die Zahl hat sich verdoppelt.", "The number has tripled.", ["verdoppelt"]),
    ("Ein Dutzend Häuser wurde geräumt.", "A dozen houses were evacuated.", []),
    ("Ein Dutzend Häuser wurde geräumt.", "Two dozen houses were evacuated.", ["Ein Dutzend"]),
    # from a second review: names, idioms, bare hours, ratios, durations, decades
    ("Das Zweite Deutsche Fernsehen berichtete.", "ZDF reported.", []),
    ("Die Erste Bank meldet Gewinne.", "Erste Bank reports profits.", []),
    ("Als erstes müssen wir sparen.", "To begin with, we must save.", []),
    ("Er aß die Hälfte.", "He ate half.", []),
    ("Rund 50 Prozent.", "Around half.", []),
    ("Die Zahl wurde halbiert.", "The number has been cut in half.", []),
    ("Es stieg um 50 Prozent.", "It rose at half-time.", ["50"]),
    ("Um 20 Uhr begann das Konzert.", "At eight the concert started.", []),
    ("Er kam gestern um 8 Uhr.", "He came at eight yesterday.", []),
    ("Er kam um 8 Uhr.", "He came after 8 years.", ["8 Uhr"]),
    ("In drei Viertel aller Fälle half es.", "In 75 percent of all cases it helped.", []),
    ("Er verdoppelte seine Anstrengungen.", "He redoubled his efforts.", []),
    ("Das Verhältnis ist 1:3.", "The ratio is 3:1.", ["1:3"]),  # not a match: in order
    ("Er lief in 2:05 Stunden.", "He ran it in 5 hours and 2 minutes.", ["2:05"]),
    ("In den 1960er Jahren zogen 60 Familien her.", "In the 1950s, 60 families moved here.",
     ["1960er"]),
    ("Die 90er waren gut.", "The nineties were good.", []),
    # from a third probe of hand-written translations (wire copy)
    ("Es waren 2,99 Millionen.", "There were 2.99 million.", []),  # was read as 2:99
    ("Es waren 2,99 Millionen.", "There were 2.89 million.", ["2,99 Millionen"]),
    ("Nach dem 2:0 zur Pause drehten die Gäste das Spiel.",
     "The visitors came back from 2-0 down at half-time.", []),
    ("Er gewann in 1:56,34 Minuten.", "He won in 1:56.34.", []),
    ("Er gewann in 1:56,34 Minuten.", "He won in 1 minute 56.34 seconds.", []),
    ("Er gewann in 1:56,34 Minuten.", "He won in 1:57.34.", ["1:56,34"]),
    ("Er brauchte 2:04:12 Stunden.", "He needed two hours, four minutes and 12 seconds.", []),
    ("Nach Auszählung von 299 der 299 Wahlkreise führt sie.",
     "With all 299 constituencies counted she leads.", []),
    ("Jeder vierte Befragte war unentschlossen.", "A quarter of respondents were undecided.",
     []),
    ("Er hat in zehn Jahren sieben Trainer verschlissen.",
     "He got through seven coaches in a decade.", []),
    ("Der Schaden betrug mehr als 500.000 Euro.", "The damage exceeded half a million euros.",
     []),
    ("Sie wurde Fünfte.", "She finished fifth.", []),
    ("Sie wurde Fünfte.", "She finished fourth.", ["Fünfte"]),
    ("Der Juli war der drittwärmste seit 1881.", "July was the third-warmest since 1881.", []),
    ("Der Juli war der drittwärmste seit 1881.", "July was the second-warmest since 1881.",
     ["drittwärmste"]),
    ("Fast doppelt so viele Kinder sind betroffen.", "Almost twice as many are affected.", []),
    ("Fast doppelt so viele Kinder sind betroffen.", "Almost three times as many are affected.",
     ["doppelt"]),
    ("Es brachte das Dreifache des Schätzpreises.", "It fetched twice the estimate.",
     ["das Dreifache"]),
    # from a third review
    ("Er lief in 2:05 Minuten.", "He ran in 2 minutes 5 seconds.", []),
    ("Er lief in 2:05 Stunden.", "He ran in 2h05.", []),
    ("In den 1960er Jahren.", "In the 1860s.", ["1960er"]),
    ("Er war als erster Deutscher im All.", "He was the second German in space.", ["erster"]),
    ("Die Viertelfinalisten stehen fest.", "The quarter-finalists are known.", []),
    ("Das sind die achtlosesten Fahrer.", "These are the most careless drivers.", []),
    ("Die Gäste lagen mit 0:2 zurück.", "The visitors were 2-0 down.", []),
    ("Um 8 Uhr kamen etwa 20 Polizisten.", "At 9, about 20 police came.", ["8 Uhr"]),
    ("Er lief 2:04:12 Stunden.", "He ran 2:04:12.", []),
    ("Er lief 2:04:12 Stunden.", "He ran 2:12:04.", ["2:04:12"]),
    ("Das ist erste Wahl.", "That is top quality.", []),
    ("Ein vierfacher Anstieg.", "A quadruple increase.", []),
    ("Die Mannschaft steht auf Platz eins.", "The team is in first place.", []),
    ("Die Mannschaft steht auf Platz eins.", "The team is in second place.", ["eins"]),
    ("Er wurde neuneinhalb Jahre alt.", "He lived to nine-and-a-half.", []),
    ("Er wurde neuneinhalb Jahre alt.", "He lived to eight-and-a-half.", ["neuneinhalb"]),
]


@pytest.mark.parametrize(("source", "target", "missing"), OTHER_CASES,
                         ids=[f"{i}-{c[0][:24]}" for i, c in enumerate(OTHER_CASES)])
def test_other_number_cases(source: str, target: str, missing: list[str]) -> None:
    assert missing_numbers(source, target) == missing


@pytest.mark.parametrize(("word", "value"), [
    ("zwei", 2), ("zwölf", 12), ("einundzwanzig", 21), ("dreihundert", 300),
    ("zweitausendfünf", 2005), ("hundertzwei", 102), ("ein", None), ("eins", None),
    ("Haus", None), ("achtzehn", 18)])
def test_german_number_words(word: str, value: int | None) -> None:
    assert german_word_value(word) == value


@pytest.mark.parametrize(("text", "values"), [
    ("twenty-one", [(21, False)]), ("a hundred and five", [(105, False)]),
    ("two million", [(2_000_000, False)]), ("the twenty-first", [(21, True)]),
    ("one two", [(1, False), (2, False)]), ("a dozen eggs", [(12, False)]),
    ("twice", [(2, False)]), ("nothing here", [])])
def test_english_number_words(text: str, values: list[tuple[int, bool]]) -> None:
    assert [(int(n.value), n.ordinal) for n in english_numbers(text)] == values


def test_source_mentions_keep_the_text_as_written() -> None:
    text = "Am 9. Dezember um 19 Uhr kamen 2,5 Millionen Menschen auf die A 7."
    assert [m.text for m in source_mentions(text)] == [
        "9. Dezember", "19 Uhr", "2,5 Millionen", "7"]
    for m in source_mentions(text):
        assert text[m.start:m.end] == m.text


# --- verbatim tokens ---------------------------------------------------------------------

TOKEN_CASES = [
    # (source, target, missing)
    ("Mehr unter www.example.de.", "More at www.example.de.", []),
    ("Mehr unter www.example.de.", "More at www.beispiel.de.", ["www.example.de"]),
    ("Siehe https://example.org/a/Seite_(1).", "See https://example.org/a/Seite_(1).", []),
    ("Siehe https://example.org/Seite.", "See https://example.org/page.",
     ["https://example.org/Seite"]),  # a path is compared exactly
    ("Auf Letterboxd.com gibt es Listen.", "There are lists on letterboxd.com.", []),
    ("Schreiben Sie an info@example.de!", "Write to info@example.de!", []),
    ("Schreiben Sie an info@example.de!", "Write to the info address!", ["info@example.de"]),
    ("Unter #Klimaschutz diskutierten viele.", "Many discussed under #Klimaschutz.", []),
    ("Unter #Klimaschutz diskutierten viele.", "Many discussed under #climateprotection.",
     ["#Klimaschutz"]),
    ("Das schrieb @tagesschau gestern.", "@tagesschau wrote that yesterday.", []),
    ("Das schrieb @tagesschau gestern.", "The Tagesschau wrote that yesterday.", ["@tagesschau"]),
    ("Platzhalter #NAME# bleibt.", "Placeholder #NAME# stays.", []),
]


@pytest.mark.parametrize(("source", "target", "missing"), TOKEN_CASES,
                         ids=[f"{i}-{c[1][:20]}" for i, c in enumerate(TOKEN_CASES)])
def test_tokens_must_be_kept_verbatim(source: str, target: str, missing: list[str]) -> None:
    assert missing_tokens(source, target) == missing


@pytest.mark.parametrize(("text", "kinds"), [
    ("Mail: a.b@example.de, Web: www.example.de", [("email", "a.b@example.de"),
                                                   ("url", "www.example.de")]),
    ("(www.palast-orchester.de)", [("url", "www.palast-orchester.de")]),
    ("#Wahl2021 und @bundestag", [("hashtag", "#Wahl2021"), ("handle", "@bundestag")]),
    ("Preis 2.5.de und #1", []),  # a number, not a domain; "#1" is no hashtag
])
def test_find_tokens(text: str, kinds: list[tuple[str, str]]) -> None:
    assert [(t.kind, t.text) for t in find_tokens(text)] == kinds


# --- copyable segments -------------------------------------------------------------------

COPYABLE = [
    ("punctuation", "* * *", True),
    ("digits", "12.03.2021", True),
    ("separators", "– / –", True),
    ("number with unit sign", "19,99 €", True),
    ("url", "www.example.de/info", True),
    ("email", "info@example.de", True),
    ("hashtags and handles", "#Wahl2021 #Klimaschutz @tagesschau", True),
    ("score", "2:1 (1:0)", True),
    ("url and date", "www.example.de – 12.03.2021", True),
    ("words", "Foto: dpa", False),
    ("a sentence", "Das ist ein Satz.", False),
    ("a word after a score", "2:1 nach Verlängerung", False),
    ("empty", "", False),
    ("spaces only", "  \u200b ", False),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in COPYABLE],
                         ids=[c[0] for c in COPYABLE])
def test_copyable(text: str, expected: bool) -> None:
    assert copyable(text) is expected


@pytest.mark.parametrize(("text", "copy"), [
    ("2,5", "2.5"), ("19,99 €", "19.99 €"), ("1.234,50", "1,234.50"),
    ("1.000.000", "1,000,000"), ("12.500", "12.500"), ("1,500", "1,500"),
    ("1,2,3", "1,2,3"), ("12.03.2021", "12.03.2021"), ("2:1 (1:0)", "2:1 (1:0)"),
    ("www.example.de/a,5", "www.example.de/a,5")])
def test_copy_text_puts_numbers_in_english_form_only_where_unambiguous(
        text: str, copy: str) -> None:
    assert copy_text(text) == copy


def test_check_pair_reports_flags_and_what_is_missing() -> None:
    result = check_pair("Um 19 Uhr auf www.example.de.", "At 9 p.m. on www.beispiel.de.",
                        checks=("numbers", "tokens"))
    assert result.to_json() == {
        "flags": ["number_mismatch", "missing_token"],
        "checks": {"number_mismatch": ["19 Uhr"], "missing_token": ["www.example.de"]}}
    assert check_pair("12.500", "12.500", checks=("numbers",)).flags == ()  # a copy


# --- WMT22: false alarms on human references, recall of injected errors ----------------

def _eval_checks():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import eval_checks
    finally:
        sys.path.pop(0)
    return eval_checks


@pytest.mark.shared
def test_wmt22_false_alarms_and_recall_meet_the_targets(shared_data: Path) -> None:
    ev = _eval_checks()
    source = ev.read_lines(shared_data / ev.SOURCE)
    for name, path in ev.REFERENCES.items():
        target = ev.read_lines(shared_data / path)
        rate = ev.flag_rate(name, source, target, ev.REFERENCE_ERRORS[name])
        assert rate.with_digits == 396
        # every flag read by hand as an error of the reference is still raised
        assert set(ev.REFERENCE_ERRORS[name]) <= set(rate.flagged), name
        assert ev.false_alarm_percent(rate) <= ev.TARGET_FALSE_ALARMS, (name, rate.flagged)
        # far below the naive digit check (33 and 21 sentences)
        assert rate.naive >= 20 and len(rate.flagged) < rate.naive / 2
        recall = ev.injection_recall(name, source, target, seed=12345)
        injected, flagged = ev.total_recall(recall)
        assert injected > 500
        assert 100.0 * flagged / injected >= ev.TARGET_RECALL, recall
        for row in recall:
            assert row.injected > 0, row
            if row.injected >= 100:
                assert row.percent >= ev.TARGET_RECALL, row
