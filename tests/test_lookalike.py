"""The skeleton of an address: lookalikes meet, different addresses stay apart."""
import pytest

from network.lookalike import mixes_alphabets, skeleton


@pytest.mark.parametrize("real, lookalike", [
    ("organizer@demo.test", "оrganizer@demo.test"),  # Cyrillic о
    ("organizer@demo.test", "ｏrganizer@demo.test"),  # full-width o
    ("mentor@demo.test", "rnentor@demo.test"),
    ("john@mail.fr", "j0hn@mail.fr"),
    ("leon@mail.fr", "1eon@mail.fr"),
    ("ape@mail.fr", "аре@mail.fr"),  # all Cyrillic
    ("rene@mail.fr", "rené@mail.fr"),
])
def test_lookalikes_share_a_skeleton(real, lookalike):
    assert real != lookalike and skeleton(real) == skeleton(lookalike)


@pytest.mark.parametrize("one, other", [
    ("anna@mail.fr", "anna2@mail.fr"), ("ivan@mail.fr", "iwan@mail.fr"),
    ("иван@почта.рф", "ivan@mail.fr"),
])
def test_different_addresses_keep_different_skeletons(one, other):
    assert skeleton(one) != skeleton(other)


def test_only_a_part_that_mixes_alphabets_is_flagged():
    assert mixes_alphabets("оrganizer@demo.test")
    assert mixes_alphabets("organizer@dеmo.test")
    assert not mixes_alphabets("иван@почта.рф") and not mixes_alphabets("ivan@почта.рф")
