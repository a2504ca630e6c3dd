"""Quantities in report text: each number as the interval it allows, its unit and what it counts.

Two reports rarely write a figure the same way: "more than 3,000 kilometers" and
"a nearly 3,200-kilometer border" speak of one border and do not contradict each
other. So a quantity keeps the words that qualify it and becomes an interval that
`Quantity.overlaps` can test; general number parsers (quantulum3 among them) drop
those words.

Intervals, for a number X as written (scale applied):

====================================================================  ==================
qualifier                                                             interval
====================================================================  ==================
none ("3,000")                                                        [X, X]
"more than", "over", "above", "más de"                                (X, inf)
"at least", "no less than", "al menos", "X or more", "X-plus"         [X, inf)
"nearly", "almost", "just under", "casi", "poco menos de"             [0.9 X, X)
"about", "around", "roughly", "approximately", "some", "cerca de",
"alrededor de", "unos", "aproximadamente", "X or so"                  [0.9 X, 1.1 X]
"just over", "slightly more than", "poco más de"                      (X, 1.1 X]
"up to", "as many as", "at most", "hasta", "X or fewer"               [0, X]
"less than", "fewer than", "under", "menos de"                        [0, X)
ranges: "between 10 and 12", "10 to 12", "10-12", "two or three",
"entre 10 y 12", "10 a 12"                                            [10, 12]
plurals: "hundreds of", "thousands of", "miles de", "dozens of"       [200, 1000), ...
====================================================================  ==================

A range keeps a qualifier written before it but not its effect: "about 10 to 12"
is [10, 12]. "from 10 to 12" and "de 10 a 12" are a change, two quantities, not a
range. The `value` of a range or a plural is its first or lower number.

Numbers are read by language. English groups thousands with commas and marks
decimals with a point ("82,000", "2.7"; "3.200" is 3.2). Spanish is written both
ways ("82.000" in Spain, "82,000" in Mexico; "2,7 millones" and "1.5 millones"):
a separator followed by exactly three digits groups thousands, any other marks
decimals. Number words are read with text2num ("sixty-two", "tres mil", "sesenta y
dos"); "a"/"an"/"un"/"una" count as one only before a scale word ("a dozen", "un
millón"); Spanish "mil millones" is 10^9 and "billón" 10^12. `language=None`
detects the language; a language without tables here reads digits and symbols only.

Units are normalized ("km", "mi", "kg", "t", "%", "pp" for percentage points,
"year", "day", ...); currencies are ISO codes. "$" is USD unless a prefix ("MX$",
"C$") or a currency word after the number says otherwise ("$5,000 pesos" is MXN);
"pesos" are MXN unless another peso is named; "pounds" are GBP after a scale word
("5 million pounds") and weight (lb) otherwise. "310 mdd" is 310 million USD.

What is counted: for a quantity without a unit, the words that follow it (after
"of"/"de" for "millions of", "millones de") up to a word that ends a noun phrase
(a preposition, conjunction, determiner, pronoun, auxiliary, number or
punctuation), at most six words, lowercased. In English the head noun comes last,
so the phrase is cut after its last plural-looking word ("2.7 million AstraZeneca
Covid-19 vaccines with Mexico" counts "astrazeneca covid-19 vaccines"; "thousands
of migrants flee violence" counts "migrants"); with no plural, trailing verb-like
words (-ed, -ing, -ly) are dropped. In Spanish the head noun comes first and the
adjectives after it agree with it in number ("82.000 personas desaparecidas en
México" counts "personas desaparecidas"). `head_noun` gives the head of a
`counts` in either language, so reports in both can be compared.

Not quantities: years (a plain four-digit number from 1500 to 2100 with no unit,
unless a plural noun follows it and no date word precedes it: "2500 personas" is
a count, "the 2020 elections" a year), dates ("June 8", "May 7, 2021", "8 de
junio"), clock times ("1:32 PM", "10 a.m."), ordinals ("2nd", "1.º"; "first" is no
number word), decades ("1990s"), numbers inside names and codes ("COVID-19",
"G7", "@VP", links, "Route 66", "Boeing 737", "No. 5"), list markers ("1." at the
start of a line, "(2)"), and scores ("3-1"). "one"/"uno" is a quantity only when
a unit or a counted noun follows and no determiner precedes ("one of the", "the
one", "no one" are not); a number written in words with no unit, nothing counted
and no qualifier ("the two agreed") is not reported; "both" is never a quantity,
while "two countries" is 2 "countries".

The tables of each language (number words, qualifiers, units, currencies, stop
words, date patterns) are data, in `newsweave/data/quantities.toml`. The package:
`tokens` (tokens and their look-up keys), `lexicon` (the tables, read once),
`language` (a language's tables and the spans whose numbers are no quantity),
`view` (a text's tokens as the rules see them), `numbers` (digits, words, plurals,
scales, ranges), `units` (units and currencies), `counted` (what is counted),
`intervals` (qualifier to interval) and `reader` (one quantity after another).
"""

from newsweave.extract.quantities.counted import head_noun
from newsweave.extract.quantities.reader import find_quantities

__all__ = ["find_quantities", "head_noun"]
