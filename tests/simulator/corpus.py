"""The fixture corpus: four small Wikipedias about cats, plus synthetic articles.

Titles are real article titles (two category names excepted); page ids,
revisions, counts, page views, topics and countries are plausible but made up,
except enwiki "Cat"'s raw quality features, which are the ones LiftWing
reported (score 0.98258, FA).

Pages worth knowing by name (English Wikipedia unless marked):
- "Cat": featured-quality (FA), the most viewed page.
- "Borneo bay cat": a stub.
- "Jungle cat": carries a maintenance banner (messagebox true).
- "Cat gap": no infobox, no categories, no images, no other language editions,
  no Wikidata item, only a few views a day (so some days have none).
- "List of cat breeds": only tables, no paragraph text, so LiftWing
  articlequality fails for it.
- "Cat (disambiguation)": a disambiguation page.
- Redirects: "Felis catus", "Domestic cat" -> "Cat"; "Housecat" -> "Domestic
  cat" -> "Cat" (a double redirect); "Cat reproduction" -> "Cat#Reproduction";
  es "Jaguar" -> "Panthera onca"; ar "هر" -> "قط"; ja "猫" -> "ネコ".
- Categories: "Felids" (30 articles, a subcategory and a template) next to
  "Felines", "Feline diseases" and "Felis" for autocomplete; "Cats" and "Cat
  breeds"; "Extinct felids of Antarctica" is empty; "Synthetic test articles"
  (on every wiki) holds every synthetic article, more rows than one response
  can carry.
- Every wiki: "Synthetic article 0001" … (see synthetic.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from tests.simulator.quality import RawFeatures as F
from tests.simulator.synthetic import SyntheticArticles
from tests.simulator.wiki import (
    Article,
    Category,
    CountryFact,
    Member,
    Redirect,
    Wiki,
    member,
    members_of,
    sortkey_of,
)

BIG_CATEGORY = "Synthetic test articles"
# Templates sorted with the sort key " " come before every article; with them
# the first response of a namespace-0 listing is short although more follows.
BIG_CATEGORY_TEMPLATES = 25


@dataclass
class Corpus:
    """Every simulated wiki, by language code."""

    wikis: dict[str, Wiki]
    synthetic: SyntheticArticles

    def wiki(self, lang: str) -> Wiki | None:
        return self.wikis.get(lang)

    @property
    def langs(self) -> list[str]:
        return sorted(self.wikis)


def build_corpus(synthetic_count: int = 1200, seed: int = 0) -> Corpus:
    """The fixture wikis, with `synthetic_count` synthetic articles on each."""
    synthetic = SyntheticArticles(count=synthetic_count, seed=seed)
    wikis = [_english(), _spanish(), _arabic(), _japanese()]
    for wiki in wikis:
        wiki.extra_page = synthetic.article
        wiki.extra_revision = synthetic.by_revid
        wiki.add_category(_big_category(wiki, synthetic))
    return Corpus({wiki.lang: wiki for wiki in wikis}, synthetic)


def _a(
    title: str,
    pageid: int,
    revid: int,
    days: float,
    length: int,
    langlinks: int,
    qid: str | None,
    views: int,
    features: F,
    topics: Mapping[str, float],
    countries: tuple[CountryFact, ...] = (),
    disambiguation: bool = False,
) -> Article:
    """One article row; `days` since the last edit, `views` per day."""
    return Article(
        title=title,
        pageid=pageid,
        revid=revid,
        age=timedelta(days=days),
        length=length,
        langlinks=langlinks,
        wikidata_item=qid,
        views=views,
        features=features,
        topics=tuple(sorted(topics.items(), key=lambda pair: -pair[1])),
        countries=countries,
        disambiguation=disambiguation,
    )


def _country(name: str, score: float, prop: str = "", links: int = 0) -> CountryFact:
    """A country result; `prop` is a Wikidata property id with a known label."""
    labels = {
        "P17": "country",
        "P27": "country of citizenship",
        "P495": "country of origin",
    }
    properties = ((prop, labels[prop]),) if prop else ()
    return CountryFact(name, score, wikidata_properties=properties, links=links)


BIO = "STEM.Biology"
STEM = "STEM.STEM*"
AFRICA = "Geography.Regions.Africa.Africa*"
ASIA = "Geography.Regions.Asia.Asia*"
S_ASIA = "Geography.Regions.Asia.South_Asia"
C_ASIA = "Geography.Regions.Asia.Central_Asia"
W_ASIA = "Geography.Regions.Asia.West_Asia"
E_AFRICA = "Geography.Regions.Africa.Eastern_Africa"
EUROPE = "Geography.Regions.Europe.Europe*"
SE_ASIA = "Geography.Regions.Asia.Southeast_Asia"
AMERICAS_N = "Geography.Regions.Americas.North_America"
AMERICAS_S = "Geography.Regions.Americas.South_America"
EUROPE_S = "Geography.Regions.Europe.Southern_Europe"
MEDICINE = "STEM.Medicine_&_Health"
EARTH = "STEM.Earth_and_environment"


def _english() -> Wiki:
    namespaces = {4: "Wikipedia", 10: "Template", 14: "Category", 100: "Portal"}
    wiki = Wiki("en", "ltr", namespaces, aliases={"WP": 4})
    wiki.add(
        # title, pageid, revid, days since edit, bytes, langlinks, item, views/day,
        # F(characters, refs, wikilinks, categories, media, headings, sources,
        #   infobox, messagebox), topics
        _a("Cat", 6678, 1290468237, 2.1, 189514, 276, "Q146", 15200,
           F(49245, 318, 448, 7, 36, 44, 271, True, False),
           {BIO: 0.97, STEM: 0.93, "Culture.Visual_arts.Visual_arts*": 0.12}),
        _a("Tiger", 30503, 1289011733, 0.4, 176230, 231, "Q19939", 9100,
           F(52013, 290, 420, 18, 28, 38, 240, True, False),
           {BIO: 0.96, STEM: 0.9, ASIA: 0.71, S_ASIA: 0.58},
           (_country("India", 1.0, links=61), _country("Indonesia", 0.33, links=12))),
        _a("Cheetah", 6891, 1287330905, 9.0, 163004, 152, "Q35694", 5100,
           F(47120, 260, 390, 9, 24, 36, 221, True, False),
           {BIO: 0.97, STEM: 0.88, AFRICA: 0.77, E_AFRICA: 0.41},
           (_country("Kenya", 1.0, links=22), _country("Tanzania", 0.5, links=9))),
        _a("Lion", 36896, 1288120411, 5.5, 158311, 238, "Q140", 8100,
           F(45018, 150, 200, 12, 20, 28, 130, True, False),
           {BIO: 0.95, STEM: 0.87, AFRICA: 0.64}),
        _a("Leopard", 17751, 1285502177, 21.0, 140122, 177, "Q34706", 4500,
           F(41230, 160, 190, 11, 19, 27, 141, True, False),
           {BIO: 0.96, STEM: 0.86, AFRICA: 0.52, ASIA: 0.49}),
        _a("Jaguar", 16331, 1284440032, 33.0, 131982, 155, "Q41776", 3500,
           F(39880, 148, 205, 10, 17, 25, 122, True, False),
           {BIO: 0.96, STEM: 0.85, AMERICAS_S: 0.68},
           (_country("Brazil", 1.0, links=30), _country("Mexico", 0.4, links=8))),
        _a("Snow leopard", 27819, 1286007110, 12.0, 118406, 120, "Q30197", 2100,
           F(36012, 140, 180, 12, 15, 24, 118, True, False),
           {BIO: 0.95, STEM: 0.84, C_ASIA: 0.66}),
        _a("Cougar", 64429, 1283110240, 48.0, 98220, 112, "Q35255", 3000,
           F(30022, 60, 180, 10, 8, 20, 55, True, False),
           {BIO: 0.94, STEM: 0.83, AMERICAS_N: 0.61, AMERICAS_S: 0.44},
           (_country("United States", 1.0, links=41),)),
        _a("Clouded leopard", 358154, 1281930777, 70.0, 76015, 64, "Q191339", 900,
           F(24110, 52, 140, 9, 7, 17, 48, True, False),
           {BIO: 0.95, STEM: 0.82, SE_ASIA: 0.72}),
        _a("Eurasian lynx", 1227553, 1282266031, 61.0, 82377, 81, "Q43306", 1300,
           F(26450, 57, 150, 11, 9, 19, 50, True, False),
           {BIO: 0.95, STEM: 0.8, EUROPE: 0.57}),
        _a("Bobcat", 166364, 1280048316, 95.0, 80211, 70, "Q185030", 1700,
           F(25102, 55, 150, 10, 8, 18, 47, True, False),
           {BIO: 0.95, STEM: 0.83, AMERICAS_N: 0.74},
           (_country("United States", 1.0, links=38), _country("Mexico", 0.25))),
        _a("Caracal", 214497, 1279955400, 130.0, 71044, 66, "Q185077", 1100,
           F(22870, 50, 130, 9, 7, 16, 44, True, False),
           {BIO: 0.96, STEM: 0.81, AFRICA: 0.6, W_ASIA: 0.38}),
        _a("Serval", 234591, 1278820093, 160.0, 66003, 63, "Q166208", 1500,
           F(21311, 48, 128, 8, 7, 15, 41, True, False),
           {BIO: 0.96, STEM: 0.8, AFRICA: 0.7}),
        _a("Ocelot", 172633, 1277312985, 210.0, 64120, 71, "Q40808", 1200,
           F(20540, 45, 120, 9, 6, 15, 40, True, False),
           {BIO: 0.96, STEM: 0.8, AMERICAS_S: 0.69}),
        _a("Iberian lynx", 311004, 1286540219, 17.0, 101338, 58, "Q43310", 800,
           F(33007, 150, 230, 13, 14, 27, 133, True, False),
           {BIO: 0.94, STEM: 0.81, EUROPE_S: 0.79, EARTH: 0.35},
           (_country("Spain", 1.0, "P17", 44), _country("Portugal", 0.5, links=11))),
        _a("Canada lynx", 216612, 1276001344, 250.0, 42311, 45, "Q40844", 700,
           F(12004, 20, 90, 8, 3, 12, 18, True, False),
           {BIO: 0.95, STEM: 0.79, AMERICAS_N: 0.77},
           (_country("Canada", 1.0, links=25),)),
        _a("Margay", 392231, 1275000022, 301.0, 35008, 40, "Q132186", 450,
           F(10240, 16, 70, 7, 2, 10, 15, True, False),
           {BIO: 0.95, STEM: 0.79, "Geography.Regions.Americas.Central_America": 0.55}),
        _a("Jaguarundi", 448032, 1274522901, 340.0, 33200, 44, "Q208012", 600,
           F(9870, 14, 66, 7, 2, 10, 12, True, False),
           {BIO: 0.95, STEM: 0.79, AMERICAS_S: 0.52}),
        _a("Sand cat", 1199310, 1190203344, 905.0, 31455, 39, "Q185045", 700,
           F(9402, 15, 60, 6, 2, 9, 13, True, False),
           {BIO: 0.95, STEM: 0.78, "Geography.Regions.Africa.Northern_Africa": 0.51}),
        _a("Pallas's cat", 1069904, 1273331187, 380.0, 30877, 48, "Q132863", 900,
           F(9205, 13, 58, 6, 3, 9, 12, True, False),
           {BIO: 0.95, STEM: 0.78, C_ASIA: 0.6}),
        _a("Fishing cat", 1019284, 1272019833, 420.0, 29004, 37, "Q167974", 500,
           F(8801, 12, 55, 6, 2, 8, 11, True, False),
           {BIO: 0.95, STEM: 0.78, S_ASIA: 0.63}),
        _a("Black-footed cat", 1016335, 1271110042, 455.0, 27332, 35, "Q190542", 550,
           F(8350, 12, 50, 5, 2, 8, 10, True, False),
           {BIO: 0.95, STEM: 0.78, "Geography.Regions.Africa.Southern_Africa": 0.7},
           (_country("Botswana", 1.0, links=6),)),
        # The maintenance banner ("This article needs additional citations").
        _a("Jungle cat", 1011907, 1270400118, 13.0, 36990, 52, "Q187113", 650,
           F(11050, 9, 80, 7, 3, 11, 9, True, True),
           {BIO: 0.95, STEM: 0.78, S_ASIA: 0.45, W_ASIA: 0.32}),
        _a("Flat-headed cat", 1017060, 1262232290, 610.0, 9214, 30, "Q191328", 60,
           F(3010, 6, 30, 5, 1, 4, 5, True, False),
           {BIO: 0.95, STEM: 0.77, SE_ASIA: 0.58}),
        _a("Rusty-spotted cat", 1016931, 1263002207, 580.0, 10150, 33, "Q191372", 120,
           F(3350, 6, 33, 5, 1, 4, 6, True, False),
           {BIO: 0.95, STEM: 0.77, S_ASIA: 0.68}),
        _a("Marbled cat", 1018120, 1260771400, 690.0, 8802, 28, "Q192073", 80,
           F(2810, 5, 28, 4, 1, 4, 5, True, False),
           {BIO: 0.95, STEM: 0.77, SE_ASIA: 0.5}),
        _a("Asian golden cat", 1017871, 1259933013, 720.0, 9630, 31, "Q242521", 90,
           F(3120, 6, 31, 5, 1, 4, 5, True, False),
           {BIO: 0.95, STEM: 0.77, SE_ASIA: 0.46, ASIA: 0.41}),
        _a("African golden cat", 1017542, 1258800129, 760.0, 9008, 29, "Q199840", 70,
           F(2950, 5, 29, 5, 1, 4, 5, True, False),
           {BIO: 0.95, STEM: 0.77, "Geography.Regions.Africa.Central_Africa": 0.62}),
        _a("Geoffroy's cat", 1016902, 1257780001, 800.0, 8410, 27, "Q242460", 85,
           F(2700, 5, 27, 4, 1, 4, 5, True, False),
           {BIO: 0.95, STEM: 0.77, AMERICAS_S: 0.66},
           (_country("Argentina", 1.0, links=5),)),
        _a("Borneo bay cat", 1019760, 1241007320, 1200.0, 2411, 19, "Q184873", 40,
           F(610, 1, 8, 3, 0, 0, 1, False, False),
           {BIO: 0.93, STEM: 0.74, SE_ASIA: 0.55},
           (_country("Malaysia", 1.0, "P17"), _country("Indonesia", 0.5))),
        # Other pages about cats, and the odd ones out.
        _a("Feline leukemia virus", 1163281, 1265500321, 530.0, 28330, 22, "Q1142447",
           260, F(8901, 30, 50, 6, 2, 9, 26, True, False),
           {MEDICINE: 0.88, BIO: 0.83, STEM: 0.8}),
        _a("Feline immunodeficiency virus", 1130023, 1266000770, 505.0, 30110, 25,
           "Q1149574", 310, F(9520, 34, 55, 6, 2, 9, 29, True, False),
           {MEDICINE: 0.9, BIO: 0.82, STEM: 0.8}),
        _a("Feline infectious peritonitis", 1350233, 1267111930, 470.0, 26504, 18,
           "Q1400987", 380, F(8120, 31, 44, 5, 1, 8, 27, False, False),
           {MEDICINE: 0.92, BIO: 0.71, STEM: 0.78}),
        _a("Siamese cat", 29074, 1284907711, 26.0, 61233, 58, "Q42359", 2300,
           F(19880, 70, 120, 8, 12, 16, 64, True, False),
           {BIO: 0.74, STEM: 0.61, SE_ASIA: 0.4}),
        _a("Maine Coon", 300231, 1285000187, 19.0, 54710, 51, "Q42425", 2600,
           F(17830, 64, 110, 7, 11, 15, 58, True, False),
           {BIO: 0.76, STEM: 0.6, AMERICAS_N: 0.51},
           (_country("United States", 1.0, "P495", 7),)),
        _a("Persian cat", 229431, 1283504322, 40.0, 49007, 60, "Q42606", 2400,
           F(16420, 52, 101, 7, 10, 14, 47, True, False),
           {BIO: 0.73, STEM: 0.59, W_ASIA: 0.33}),
        # Only tables: LiftWing finds no paragraph text and cannot score it.
        _a("List of cat breeds", 2271311, 1283999012, 8.0, 84321, 41, "Q1036497",
           1900, F(0, 0, 0, 0, 0, 0, 0, False, False),
           {BIO: 0.7, STEM: 0.55, "Culture.Visual_arts.Visual_arts*": 0.1}),
        _a("Cat gap", 7355104, 1201130322, 1430.0, 2890, 0, None, 1,
           F(1412, 4, 12, 0, 0, 2, 4, False, False),
           {EARTH: 0.81, STEM: 0.77, BIO: 0.58, "History_and_Society.History": 0.2}),
        _a("Cat (disambiguation)", 152901, 1280110033, 150.0, 5120, 45, "Q223230",
           160, F(980, 0, 70, 1, 0, 3, 0, False, False),
           {STEM: 0.41, "Culture.Media.Media*": 0.38}, disambiguation=True),
    )  # fmt: skip
    wiki.add_redirects(
        Redirect("Felis catus", "Cat", 146510, 1101200301),
        Redirect("Domestic cat", "Cat", 146511, 1101200302),
        Redirect("Housecat", "Domestic cat", 146512, 1101200303),
        Redirect("Cat reproduction", "Cat", 146513, 1101200304, "Reproduction"),
        Redirect("Panthera leo", "Lion", 146514, 1101200305),
    )

    felines = _felines(wiki)
    wiki.add_category(felines)
    wiki.add_category(
        Category(
            "Category:Felids",
            702211,
            members_of(wiki, (*_FELIDS, felines.title))
            + (Member("Template:Felidae", 10, 702299, sortkey_of("Felidae")),),
        )
    )
    _add_categories(
        wiki,
        {
            ("Felis", 702212): ("Cat", "Sand cat", "Jungle cat", "Black-footed cat"),
            ("Feline diseases", 702213): (
                "Feline leukemia virus",
                "Feline immunodeficiency virus",
                "Feline infectious peritonitis",
            ),
            ("Cat breeds", 702214): (
                "List of cat breeds",
                "Siamese cat",
                "Maine Coon",
                "Persian cat",
            ),
            ("Extinct felids of Antarctica", 702216): (),
        },
    )
    _add_categories(
        wiki,
        {("Cats", 702215): ("Cat", "List of cat breeds", "Category:Cat breeds")},
    )
    return wiki


_FELIDS = (
    "Cat", "Lion", "Tiger", "Leopard", "Jaguar", "Cheetah", "Cougar", "Snow leopard",
    "Clouded leopard", "Eurasian lynx", "Canada lynx", "Iberian lynx", "Bobcat",
    "Caracal", "Serval", "Ocelot", "Margay", "Jaguarundi", "Sand cat", "Jungle cat",
    "Black-footed cat", "Pallas's cat", "Fishing cat", "Flat-headed cat",
    "Rusty-spotted cat", "Marbled cat", "Asian golden cat", "African golden cat",
    "Geoffroy's cat", "Borneo bay cat",
)  # fmt: skip


def _felines(wiki: Wiki) -> Category:
    """The subcategory of Felids: every felid but the big cats (Pantherinae)."""
    pantherinae = {
        "Lion",
        "Tiger",
        "Leopard",
        "Jaguar",
        "Snow leopard",
        "Clouded leopard",
    }
    titles = [title for title in _FELIDS if title not in pantherinae]
    return Category("Category:Felines", 702210, members_of(wiki, titles))


def _spanish() -> Wiki:
    namespaces = {4: "Wikipedia", 10: "Plantilla", 14: "Categoría", 100: "Portal"}
    wiki = Wiki("es", "ltr", namespaces, aliases={"WP": 4})
    wiki.add(
        _a("Gato", 2013, 161203344, 3.2, 150022, 276, "Q146", 4100,
           F(40110, 120, 350, 12, 20, 30, 100, True, False),
           {BIO: 0.97, STEM: 0.93}),
        _a("León", 7142, 160988127, 11.0, 101200, 238, "Q140", 2300,
           F(31020, 70, 190, 9, 12, 22, 60, True, False),
           {BIO: 0.95, STEM: 0.87, AFRICA: 0.63}),
        _a("Tigre", 7150, 160770311, 31.0, 80230, 231, "Q19939", 1800,
           F(25105, 40, 150, 8, 9, 18, 33, True, False),
           {BIO: 0.96, STEM: 0.9, ASIA: 0.7},
           (_country("India", 1.0, links=19),)),
        _a("Panthera onca", 56021, 160500874, 45.0, 60110, 155, "Q41776", 1200,
           F(19200, 30, 120, 7, 6, 14, 26, True, False),
           {BIO: 0.96, STEM: 0.85, AMERICAS_S: 0.7},
           (_country("Brazil", 1.0, links=14), _country("Mexico", 0.5, links=6))),
        _a("Guepardo", 30122, 159230112, 120.0, 30022, 152, "Q35694", 700,
           F(9100, 10, 60, 5, 3, 8, 9, True, False),
           {BIO: 0.96, STEM: 0.86, AFRICA: 0.71}),
        _a("Lince ibérico", 81203, 161100765, 6.0, 90331, 58, "Q43310", 900,
           F(28330, 95, 210, 11, 14, 25, 85, True, False),
           {BIO: 0.94, STEM: 0.8, EUROPE_S: 0.83},
           (_country("Spain", 1.0, "P17", 31), _country("Portugal", 0.5, links=9))),
        _a("Leopardo", 30130, 157020443, 260.0, 12034, 177, "Q34706", 500,
           F(3302, 4, 30, 4, 1, 4, 4, True, False),
           {BIO: 0.96, STEM: 0.86, AFRICA: 0.5}),
    )  # fmt: skip
    wiki.add_redirects(
        Redirect("Felis catus", "Gato", 90311, 10200301),
        Redirect("Gato doméstico", "Gato", 90312, 10200302),
        Redirect("Jaguar", "Panthera onca", 90313, 10200303),
    )
    _add_categories(
        wiki,
        {
            ("Felinae", 4010221): ("Gato", "Lince ibérico", "Guepardo"),
            ("Pantherinae", 4010222): ("León", "Tigre", "Panthera onca", "Leopardo"),
        },
    )
    return wiki


def _arabic() -> Wiki:
    namespaces = {
        4: "ويكيبيديا",
        10: "قالب",
        14: "تصنيف",
        100: "بوابة",
    }
    wiki = Wiki("ar", "rtl", namespaces)
    wiki.add(
        _a("قط", 14071, 70123380, 4.0, 120330, 276, "Q146", 1300,
           F(36022, 110, 260, 22, 15, 24, 95, True, False),
           {BIO: 0.97, STEM: 0.92}),
        _a("أسد", 14512, 69811022, 36.0, 70011, 238, "Q140", 800,
           F(21030, 30, 100, 12, 5, 13, 25, True, False),
           {BIO: 0.95, STEM: 0.87, AFRICA: 0.66}),
        _a("نمر", 17330, 68902101, 140.0, 40502, 231, "Q19939", 500,
           F(11020, 12, 50, 8, 2, 7, 10, True, False),
           {BIO: 0.96, STEM: 0.88, ASIA: 0.69},
           (_country("India", 1.0, links=8),)),
        _a("فهد", 18821, 66300045, 520.0, 8120, 152, "Q35694", 200,
           F(2480, 3, 16, 4, 1, 3, 3, True, False),
           {BIO: 0.96, STEM: 0.85, AFRICA: 0.7}),
    )  # fmt: skip
    wiki.add_redirects(
        Redirect("هر", "قط", 300121, 5012001),
        Redirect("قطة", "قط", 300122, 5012002),
    )
    felidae = ("قط", "أسد", "نمر", "فهد")
    _add_categories(wiki, {("سنوريات", 1203301): felidae})
    return wiki


def _japanese() -> Wiki:
    namespaces = {4: "Wikipedia", 10: "Template", 14: "Category", 100: "Portal"}
    wiki = Wiki("ja", "ltr", namespaces)
    wiki.add(
        _a("ネコ", 2204, 101220334, 1.5, 160223, 276, "Q146", 5200,
           F(21030, 150, 460, 14, 18, 46, 120, True, False),
           {BIO: 0.97, STEM: 0.93, "Geography.Regions.Asia.East_Asia": 0.21}),
        _a("ライオン", 4461, 100834421, 27.0, 70554, 238, "Q140", 1400,
           F(9800, 40, 180, 9, 6, 18, 33, True, False),
           {BIO: 0.95, STEM: 0.87, AFRICA: 0.6}),
        _a("トラ", 4490, 100120330, 60.0, 65021, 231, "Q19939", 1600,
           F(9020, 30, 150, 8, 5, 15, 25, True, False),
           {BIO: 0.96, STEM: 0.88, ASIA: 0.66}),
        _a("チーター", 26770, 98120076, 333.0, 20110, 152, "Q35694", 600,
           F(2805, 8, 50, 5, 2, 6, 7, True, False),
           {BIO: 0.96, STEM: 0.86, AFRICA: 0.68}),
        _a("ユキヒョウ", 78003, 90110223, 990.0, 3012, 120, "Q30197", 150,
           F(420, 0, 9, 2, 1, 0, 0, False, False),
           {BIO: 0.95, STEM: 0.84, C_ASIA: 0.57}),
    )  # fmt: skip
    wiki.add_redirects(Redirect("猫", "ネコ", 3120, 5501221))
    felidae = ("ネコ", "ライオン", "トラ", "チーター", "ユキヒョウ")
    _add_categories(wiki, {("ネコ科", 330021): felidae})
    return wiki


def _add_categories(
    wiki: Wiki, table: Mapping[tuple[str, int], tuple[str, ...]]
) -> None:
    """Categories by (name without namespace, page id) -> member titles."""
    for (name, pageid), titles in table.items():
        wiki.add_category(
            Category(wiki.category_title(name), pageid, members_of(wiki, titles))
        )


def _big_category(wiki: Wiki, synthetic: SyntheticArticles) -> Category:
    """Every synthetic article, plus templates and project pages in between.

    The templates use the sort key " " and so come first; every hundredth
    article is followed by a project page. A listing restricted to namespace 0
    therefore gets fewer rows than it asked for while more are still to come,
    the way MediaWiki filters namespaces after the database query.
    """
    rows = [
        Member(
            f"{wiki.namespaces[10]}:{BIG_CATEGORY}/row {n:02d}",
            10,
            80_000_000 + n,
            " " + sortkey_of(f"{BIG_CATEGORY}/row {n:02d}"),
        )
        for n in range(1, BIG_CATEGORY_TEMPLATES + 1)
    ]
    for number in range(1, synthetic.count + 1):
        article = synthetic.article(wiki.lang, synthetic.title(number))
        assert article is not None
        rows.append(member(article))
        if number % 100 == 0:
            log = f"{wiki.namespaces[4]}:{BIG_CATEGORY}/log {number}"
            rows.append(
                Member(log, 4, 81_000_000 + number, article.title.upper() + " LOG")
            )
    return Category(wiki.category_title(BIG_CATEGORY), 70_000_001, tuple(rows))
