"""Lookalike text: the confusable skeleton of an address or a name, and mixed alphabets."""
import functools
import json
import unicodedata
from importlib import resources

from confusable_homoglyphs import categories

# Bidirectional marks wrap some right-to-left entries of the data; they are no letters.
_MARKS = "\u200e\u200f"


def _data():
    return json.loads(resources.files("confusable_homoglyphs")
                      .joinpath("confusables.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _prototypes():
    # confusable-homoglyphs ships Unicode's confusables.txt as pairs but no skeleton function.
    # A character is drawn to the ASCII it looks like; ASCII that looks alike ("0" and "O",
    # "1", "I" and "l") meets in one lower-case letter; "m" reads as "rn", as Unicode says.
    data = {char: [entry["c"].strip(_MARKS) for entry in entries]
            for char, entries in _data().items() if len(char) == 1}
    ascii_like = {}
    for char, others in data.items():
        if char.isascii():
            group = {char, *(o for o in others if len(o) == 1 and o.isascii())}
            letters = (sorted(c for c in group if c.islower())
                       or sorted(c.lower() for c in group if c.isalpha()) or sorted(group))
            ascii_like.update({c: letters[0] for c in group})
    prototype = {}
    for char, others in data.items():
        near = sorted(o for o in others if len(o) == 1 and o.isascii())
        if not char.isascii() and near:
            prototype[char] = ascii_like.get(near[0], near[0]).lower()
    prototype.update(ascii_like)
    for char, others in data.items():
        for other in others:
            if char.isascii() and len(other) == 2 and other.isascii() and other.isalpha():
                prototype[char] = other
    return prototype


def skeleton(text):
    """What the text looks like: equal skeletons read the same to the eye (UTS #39 style)."""
    prototype = _prototypes()
    # Mapped before folding too: a capital "I" looks like "l", its lower case does not.
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text or ""))
    text = "".join(prototype.get(c, c) for c in text
                   if unicodedata.category(c) not in ("Mn", "Cf")).casefold()
    return " ".join("".join(prototype.get(c, c) for c in text).split())


def mixes_alphabets(address):
    """Whether a part of the address mixes letters of several scripts (Latin and Cyrillic...)."""
    parts = (address or "").replace("@", ".").split(".")
    return any(len(categories.unique_aliases(part) - {"COMMON"}) > 1 for part in parts)
