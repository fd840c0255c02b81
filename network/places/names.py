"""Place names folded for search: no case, accents, hyphens or Cyrillic letters."""
import unicodedata

# Russian and Ukrainian letters as French spells them in names ("Лион" -> "lion").
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    ["a", "b", "v", "g", "d", "e", "e", "j", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "ou", "f", "kh", "ts", "tch", "ch", "chtch", "", "y", "", "e", "iou",
     "ia", "i", "i", "ie", "g"]))
_SAINT = {"st": "saint", "ste": "sainte"}


def fold(name):
    """The name as search compares it: lower case, unaccented, Latin, words split by spaces."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(_SAINT.get(word, word) for word in text.split())
