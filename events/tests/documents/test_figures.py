"""Statistics printed beside the passages that discuss them (events.documents.content.place_figures)."""

from events.documents.content import place_figures
from events.models import Statistic
from events.tests.documents.helpers import reader_of

KIT_EVENT = "combating-online-sex-trafficking-2018"
LONG = "<p>" + "Words that fill a passage long enough for a column of figures beside it. " * 12 + "</p>"
VIOLENCE = f"<h2>A Violence</h2><p>Exploited persons suffer physical and sexual abuse and violence.</p>{LONG}"
MARKET = f"<h2>A Market</h2><p>The industry grosses billions of dollars of profits every year.</p>{LONG}"


def figure(text: str, label: str, heading: str = "") -> Statistic:
    return Statistic(figure=text, label=label, heading=heading)


def figures_of(placed: list[tuple[list, list]]) -> list[tuple[list[str], list[str]]]:
    return [([f.figure for f in beside], [f.figure for f in under]) for beside, under in placed]


def test_each_figure_goes_beside_the_passage_sharing_its_words():
    placed = place_figures(
        [VIOLENCE, MARKET],
        [figure("66%", "of the profits of the industry"), figure("60 to 80%", "victims of physical abuse")],
    )
    assert figures_of(placed) == [(["60 to 80%"], []), (["66%"], [])]


def test_a_figure_matching_no_passage_follows_the_one_before_it():
    placed = place_figures(
        [VIOLENCE, MARKET], [figure("66%", "of the profits"), figure("VERY FEW", "convictions (source: nobody)")]
    )
    assert figures_of(placed) == [([], []), (["66%", "VERY FEW"], [])]


def test_figures_beyond_the_room_beside_a_short_passage_go_under_it_whole_and_in_order():
    short = "<h2>A Violence</h2><p>Physical abuse." + " Room for one figure beside this passage." * 6 + "</p>"
    child = [
        figure(n, country, "CHILD PROSTITUTION") for n, country in (("16,000", "Mexico"), ("1,2 million", "India"))
    ]
    placed = place_figures([short], [figure("60 to 80%", "physical abuse"), *child])
    assert figures_of(placed) == [(["60 to 80%"], ["16,000", "1,2 million"])]


def test_figures_without_text_are_one_row():
    assert figures_of(place_figures([], [figure("97%", "women")])) == [([], ["97%"])]


def test_the_2018_kit_prints_its_figures_on_the_pages_of_their_passages(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]

    def page_of(text: str) -> int:
        return next(number for number, page in enumerate(texts, 1) if text in page)

    pairs = [
        ("fastest growing", "An International Organized Crime"),
        ("over 20 MILLION", "A Market for Human Beings"),
        ("+3 billion", "Increasing Role of Technology"),
    ]
    assert [page_of(figure) for figure, _passage in pairs] == [page_of(passage) for _figure, passage in pairs]
