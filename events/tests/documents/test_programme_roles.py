"""Organisations holding a person's role print with the people, in the programme's role order (issue #11)."""

import re

from events.tests.documents.helpers import text_of


def test_the_2019_programme_prints_the_icat_moderators_between_the_openings_and_the_speakers(rendered):
    text = text_of(rendered("alliance-19-2019", "programme"))
    icat = text[
        text.index("OPENING ADDRESSES John Richmond") : text.index("Side event organized by the United Nations")
    ]
    labels = re.findall(r"\b(OPENING ADDRESSES|MODERATORS?|SPEAKERS)\b", icat)
    assert (labels, "MODERATOR OSCE and UN Women, 2019 ICAT Co-Chairs SPEAKERS" in icat) == (
        ["OPENING ADDRESSES", "MODERATOR", "SPEAKERS"],
        True,
    )
