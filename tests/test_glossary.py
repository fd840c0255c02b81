"""The agreed words: every catalog renders each glossary term one way, and no known wrong one.

The terms are kept here as data (from the shared GLOSSARY.md), since CI sees the clone alone.
"""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "network" / "translations"
LOCALES = ("ru", "uk", "fr")

# term: (the English word in a msgid, {locale: what every translation of that msgid holds}).
TERMS = {
    "newcomer": (r"\bnewcomers?\b",
                 {"ru": r"новоприбывш", "uk": r"новоприбул", "fr": r"nouv\w* arrivant"}),
    "mentor": (r"\bmentors?\b", {"ru": r"наставни", "uk": r"наставни", "fr": r"mentor"}),
    "volunteer": (r"\bvolunteers?\b", {"ru": r"волонтёр", "uk": r"волонтер", "fr": r"bénévole"}),
    "guest": (r"\bguests?\b", {"ru": r"гост", "uk": r"гост|гість", "fr": r"accueilli"}),
    "organizer": (r"\borganizers?\b",
                  {"ru": r"организатор", "uk": r"організатор", "fr": r"organis"}),
    "request for help": (r"\brequests? for help\b",
                         {"ru": r"заявк", "uk": r"заявк", "fr": r"demande"}),
    "check-in": (r"\bcheck-ins?\b",
                 {"ru": r"бесед", "uk": r"розмов", "fr": r"points? de suivi"}),
    # One date of a series is a séance, not a rencontre.
    "meeting": (r"\bmeetings?\b(?! online| date)",
                {"ru": r"встреч", "uk": r"зустріч", "fr": r"rencontre"}),
    "facilitator": (r"\bfacilitat", {"ru": r"вед[уёе]|вести", "uk": r"вед[уе]|вести",
                                     "fr": r"anim"}),
    "waitlist": (r"\bwaitlist",
                 {"ru": r"спис\w* ожидания", "uk": r"спис\w* очікування",
                  "fr": r"liste d['’]attente"}),
    "vetted": (r"\bvett", {"ru": r"провер", "uk": r"перевір", "fr": r"vérifi"}),
    "procedure date": (r"\bprocedure dates?\b",
                       {"ru": r"дат\w* процедуры", "uk": r"дат\w* процедури",
                        "fr": r"dates? de (la )?procédure"}),
    "appeal": (r"\bappeal", {"ru": r"апелляц", "uk": r"апеляц", "fr": r"recours"}),
    # The OFII's reception offer is not an offer of help from the network.
    "offer (of help)": (r"^(?!.*\bOFII\b).*\b(?:this|your|an|the|paused|active) offers?\b",
                        {"ru": r"предложени\w* помощи|помощ", "uk": r"пропозиці\w* допомоги",
                         "fr": r"offre"}),
    "OFPRA interview": (r"OFPRA interview", {"ru": r"интервью в OFPRA", "uk": r"співбесіда в OFPRA",
                                             "fr": r"entretien à l['’]OFPRA"}),
    "CNDA hearing": (r"CNDA hearing", {"ru": r"заседание \(audience\)",
                                       "uk": r"засідання \(audience\)",
                                       "fr": r"audience à la CNDA"}),
    "prefecture appointment": (r"prefecture appointment",
                               {"ru": r"встреча в префектуре \(rendez-vous\)",
                                "uk": r"зустріч у префектурі \(rendez-vous\)",
                                "fr": r"rendez-vous à la préfecture"}),
    "certificate renewal": (r"certificate renewal",
                            {"ru": r"справки просителя убежища \(attestation",
                             "uk": r"довідки шукача притулку \(attestation",
                             "fr": r"renouvellement de l['’]attestation de demande d['’]asile"}),
    "legal aid": (r"legal aid",
                  {"ru": r"бесплатн\w* юридическ\w* помощ\w*(?: CNDA)? "
                         r"\((?:bureau d['’])?aide juridictionnelle\)",
                   "uk": r"безоплатн\w* правов\w* допомог\w*(?: CNDA)? "
                         r"\((?:bureau d['’])?aide juridictionnelle\)",
                   "fr": r"aide juridictionnelle"}),
    "match (n.)": (r"\b(?:the|this|a|an|your|my|its|their|those|live|active|new|mentor) "
                   r"match(?:es)?\b|\bmatches\b|^Match$",
                   {"ru": r"\bпар", "uk": r"\bпар",
                    "fr": r"accompagnement|mise en relation|binôme"}),
    "interview": (r"\binterview",
                  {"ru": r"интервью|собеседовани", "uk": r"співбесід", "fr": r"entretien"}),
    "lawyer": (r"\blawyer", {"ru": r"адвокат", "uk": r"адвокат", "fr": r"avocat"}),
    "take in": (r"\btaken? in\b", {"ru": r"приня|прим|приём|сет[ьи]",
                                   "uk": r"прийня|прийм|мереж", "fr": r"accueil|réseau"}),
    "residence permit": (r"residence permit",
                         {"ru": r"вид\w* на жительство \(titre de séjour\)",
                          "uk": r"посвідк\w* на проживання \(titre de séjour\)",
                          "fr": r"titre de séjour"}),
    "refugee status": (r"refugee status", {"ru": r"статус беженца \(statut de réfugié\)",
                                           "uk": r"статус біженця \(statut de réfugié\)",
                                           "fr": r"statut de réfugié"}),
    "subsidiary protection": (r"subsidiary protection",
                              {"ru": r"субсидиарн\w* защит\w* \(protection subsidiaire\)",
                               "uk": r"додатков\w* захист\w* \(protection subsidiaire\)",
                               "fr": r"protection subsidiaire"}),
    # The French word or acronym stands beside its translation, as people see it on papers.
    "domiciliation": (r"domiciliation",
                      {"ru": r"почтов\w* адрес\w* для документов \(domiciliation\)",
                       "uk": r"поштов\w* адрес\w* для документів \(domiciliation\)",
                       "fr": r"domiciliation"}),
    "ADA": (r"\bADA\b", {"ru": r"\(ADA\)", "uk": r"\(ADA\)", "fr": r"\(ADA\)"}),
    "SPADA": (r"SPADA|plateforme d'accueil",
              {"ru": r"платформ\w* первичного приёма \(SPADA\)",
               "uk": r"платформ\w* первинного прийому \(SPADA\)",
               "fr": r"plateforme d['’]accueil \(SPADA\)"}),
    "GUDA": (r"GUDA|guichet unique",
             {"ru": r"един\w* окн\w* в префектуре \(GUDA\)",
              "uk": r"єдин\w* вікн\w* в префектурі \(GUDA\)",
              "fr": r"guichet unique \(GUDA\)"}),
    # A host is a family or a volunteer who takes someone in, never a house.
    "host": (r"\b(?:a|the|every|no|volunteer) hosts?\b|\bhosts\b",
             {"ru": r"принимающ\w* сем|принимает у себя",
              "uk": r"родин\w*,? що прийма|господар|прийма\w* у себе",
              "fr": r"foyer|accueil|héberge"}),
    # A proposal is «предложение», never the «предложение помощи» that is an offer.
    "proposal": (r"\bproposals?\b",
                 {"ru": r"предложени[а-яё]*(?![а-яё]| помощи)",
                  "uk": r"пропозиці[а-яіїєґ]*(?![а-яіїєґ]| допомоги)", "fr": r"proposition"}),
    "OFPRA": (r"OFPRA", {"ru": r"OFPRA", "uk": r"OFPRA", "fr": r"OFPRA"}),
    "CNDA": (r"CNDA", {"ru": r"CNDA", "uk": r"CNDA", "fr": r"CNDA"}),
}
# Where one English word names a series in one place and one of its dates in another, the
# message carries a context (pgettext), and the date is a «séance», never a «rencontre».
CONTEXTS = {
    "meeting date": {"meeting": {"ru": r"встреч|дат", "uk": r"зустріч|дат", "fr": r"séance"}},
    "meeting series": {"meeting": {"ru": r"встреч", "uk": r"зустріч", "fr": r"rencontre"}},
}
# The glossary's "known wrong renderings": (locale, what no translation may say, why, and where
# the English names what the word rightly says: a residence permit after protection is «вид на
# жительство», and a deadline «срок», as the glossary has them).
WRONG = [
    ("ru", r"жалоб", "the CNDA appeal is an appeal (апелляция), not a complaint"),
    ("uk", r"скарг", "the CNDA appeal is an appeal (апеляція), not a complaint"),
    ("ru", r"вида? на жительство", "an asylum seeker renews an attestation, not a permit",
     r"residence permit"),
    ("uk", r"посвідк", "an asylum seeker renews an attestation, not a permit",
     r"residence permit"),
    ("fr", r"renouvellement du titre de séjour", "an asylum seeker renews an attestation"),
    ("ru", r"\bсрок(?:и|ов|ам|ами|ах)\b", "«сроки» also reads as prison terms", r"deadline"),
    ("uk", r"\bтермін(?:и|ів|ам|ами|ах)\b", "«терміни» also reads as prison terms",
     r"deadline"),
    ("ru", r"подопечн", "paternalistic"),
    ("uk", r"підопічн", "paternalistic"),
    ("ru", r"подбор пар|подобрать пар", "reads like dating"),
    ("uk", r"підбір пар|підібрати пар", "reads like dating"),
    ("ru", r"\bпар[аыу]\b[^.]*распад", "a couple breaking up: the work in a pair ends"),
    ("uk", r"\bпар[аиу]\b[^.]*розпад", "a couple breaking up: the work in a pair ends"),
    ("ru", r"журнал\w* аудит", "the audit trail is «журнал действий» everywhere"),
    ("uk", r"журнал\w* аудит", "the audit trail is «журнал дій» everywhere"),
    ("ru", r"[а-яё]\((?:-?[а-яё]{1,3})\)", "a gender in brackets: rephrase without one"),
    ("uk", r"[а-яіїєґ]\((?:-?[а-яіїєґ]{1,3})\)", "a gender in brackets: rephrase without one"),
    ("ru", r"виноват", "no guilt words for people who fled: «Дело не в вас»"),
    ("uk", r"\bвинн", "no guilt words for people who fled: «Річ не у вас»"),
    ("ru", r"у вас есть место", "«Вы записаны»"),
    ("uk", r"у вас є місце", "«Ви записані»"),
    ("ru", r"лист\w* ожидания", "список ожидания"),
    ("ru", r"^(?:Активен|Одобрен|Отклонён|Приостановлен|Заблокирован|Восстановлен)$",
     "a badge next to a name assumes a gender"),
    ("uk", r"^(?:Активний|Схвалений|Відхилений|Призупинений|Заблокований|Відновлений)$",
     "a badge next to a name assumes a gender"),
    ("ru", r"(?:волонтёр|наставник|ведущий)\w* (?:согласился|отказался|ответил|принял)",
     "assumes the volunteer's gender"),
    ("uk", r"(?:волонтер|наставник|ведучий)\w* (?:погодився|відмовився|відповів|прийняв)",
     "assumes the volunteer's gender"),
    ("uk", r"приймаючих домівок", "a calque: родини, що приймають"),
    # «повідомлення організаторам» (a message shown to them) is right: the verb takes whom.
    ("uk", r"повідом(?!лен)\w* організаторам", "повідомити кого: організаторів"),
    ("uk", r"\bтелефона\b", "телефону"),
    ("uk", r"\bв себе\b", "у себе"),
    ("fr", r"personne ne sera recherch", "reads as wanted by the police"),
    ("fr", r"^Faite$", "un point de suivi: Fait"),
    ("fr", r"la marque est retirée", "says nothing to the reader"),
    ("fr", r"délai[^.]*\bdéposé", "a recours is lodged, not a délai"),
    ("fr", r"faire (?:un|le) recours|recours à la CNDA", "former un recours devant la CNDA"),
    ("fr", r"\bréunions?\b", "peer-support meetings are «rencontres»"),
    ("ru", r"принимающ\w* дом", "a host is a family: «принимающая семья»"),
    ("ru", r"\bдал согласие", "assumes the volunteer's gender: «Получено согласие»"),
    ("uk", r"\bдав згоду", "assumes the volunteer's gender: «Отримано згоду»"),
    ("ru", r"ведущ\w* организатор", "«ведущий» leads a meeting: «ответственный организатор»"),
    ("uk", r"провідн\w* організатор", "«відповідальний організатор»"),
    # A word, then its feminine in brackets: «один (одна)», «сам (сама)», «готов (готова)».
    ("ru", r"(?<!\w)(\w{2,})\w{0,3} \(\1\w{1,3}\)", "a gender in brackets: rephrase without one"),
    ("uk", r"(?<!\w)(\w{2,})\w{0,3} \(\1\w{1,3}\)", "a gender in brackets: rephrase without one"),
    ("ru", r"\bпар[аы] слов", "«пара» is a match: «несколько слов»"),
    ("ru", r"выпис(?:ал|ать|ыва)", "a hospital discharge: «отменить запись»"),
    ("uk", r"виписа", "a hospital discharge: «скасувати запис»"),
    ("ru", r"сообщ\w* о сообщени", "«показать сообщение организаторам»"),
    ("uk", r"повідом\w* про (?:які )?повідомл|про які повідомили", "«передані організаторам»"),
]
# A person the reader has not met is "they" in English: no он/его (він/його) in ru/uk.
THEY = re.compile(r"\b(?:they|them|their)\b", re.I)
HE = {"ru": re.compile(r"(?<!\w)(?:он|его|ему|ним|него)(?!\w)", re.I),
      "uk": re.compile(r"(?<!\w)(?:він|його|йому|ним|нього)(?!\w)", re.I)}
# Where "they" is not a person, or the pronoun stands for a thing (a decision, a link).
NOT_A_PERSON = {
    "Write the day you received the decision: it cannot be in the future.",
    "For a decision: the day you received it. The appeal deadline is computed from it.",
    "Write the dates of what already happened: every deadline is computed from them, moved off "
    "weekends and public holidays as the law says, and reminders come 7 days and 1 day before.",
    "For %(name)s. Give it in person, on their own phone: whoever opens it first chooses the "
    "password of this account.",
}


def _messages(path):
    """(context, msgids, translations) of every message of a catalog."""
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=path.parent.parent.name)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message.context, ids, strings


def _entries(path):
    """(msgids, translations) of every message of a catalog."""
    for _, ids, strings in _messages(path):
        yield ids, strings


def _po(locale):
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def _terms_missing(path, locale):
    problems = []
    for context, ids, strings in _messages(path):
        for term, (english, agreed) in TERMS.items():
            flags = 0 if english.isupper() else re.I
            if term in CONTEXTS.get(context, {}):
                agreed = CONTEXTS[context][term]
            if any(re.search(english, msgid, flags) for msgid in ids):
                problems += [f"[{term}] {ids[0]!r}: {string!r}" for string in strings
                             if not re.search(agreed[locale], string, re.I)]
    return problems


def _one_entry(folder, locale, msgid, msgstr):
    """A catalog of one translated entry, where the tests read catalogs."""
    po = folder / locale / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(f'msgid ""\nmsgstr ""\n\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return po


def _wrong_found(path, locale):
    wrong = [(re.compile(pattern, re.I), why, rest[0] if rest else None)
             for lang, pattern, why, *rest in WRONG if lang == locale]
    return [f"{string!r} ({why})" for ids, strings in _entries(path) for string in strings
            for pattern, why, rightly in wrong if pattern.search(string)
            and not (rightly and re.search(rightly, ids[0], re.I))]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_glossary_term_has_its_agreed_rendering(locale):
    problems = _terms_missing(_po(locale), locale)
    assert not problems, f"{locale}:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_known_wrong_rendering_is_left(locale):
    problems = _wrong_found(_po(locale), locale)
    assert not problems, f"{locale}:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", ["ru", "uk"])
def test_a_person_called_they_is_never_he(locale):
    problems = [f"{ids[0]!r}: {string!r}" for ids, strings in _entries(_po(locale))
                if THEY.search(ids[0]) and ids[0] not in NOT_A_PERSON
                for string in strings if HE[locale].search(string)]
    assert not problems, f"{locale}:\n" + "\n".join(problems)


def test_a_drifting_term_is_caught(tmp_path):
    """A catalog that says «жалоба» again, or drops the appeal, fails the glossary."""
    drifted = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    drifted.parent.mkdir(parents=True)
    text = _po("ru").read_text(encoding="utf-8")
    kept = 'msgstr "Апелляция отмечена как поданная"'
    assert kept in text
    drifted.write_text(text.replace(kept, 'msgstr "Жалоба отмечена как поданная"'),
                       encoding="utf-8")
    assert _wrong_found(drifted, "ru") == ["'Жалоба отмечена как поданная' (the CNDA appeal is "
                                           "an appeal (апелляция), not a complaint)"]
    assert [p for p in _terms_missing(drifted, "ru") if "Жалоба" in p] == [
        "[appeal] 'Appeal recorded as lodged': 'Жалоба отмечена как поданная'"]


@pytest.mark.parametrize("locale, msgid, wrong", [
    ("ru", "asked by %(name)s", "запросил(а) %(name)s"),
    ("uk", "Reported by %(name)s", "Повідомив(ла): %(name)s"),
    ("ru", "Propose matches", "Подобрать пары"),
    ("ru", "If you withdraw, your match with this volunteer ends.",
     "Если вы отзовёте заявку, ваша пара с этим волонтёром распадётся."),
    ("uk", "Your reading is recorded in the audit trail.", "Це читання записано в журнал аудиту."),
    ("ru", "Reinstated", "Восстановлен"),
    ("ru", "Alone", "Я один (одна)"),
    ("uk", "Alone", "Я сам (сама)"),
    ("ru", "A few words about you", "Пара слов о себе"),
    ("ru", "A volunteer accepted.", "Волонтёр дал согласие."),
    ("uk", "Lead organizer", "Провідний організатор"),
    ("ru", "Every host excludes pets.", "Правила всех принимающих домов: без животных."),
    ("ru", "Leave the group", "Выписаться из серии встреч"),
    ("uk", "Reported messages", "Повідомлення, про які повідомили"),
])
def test_each_known_wrong_rendering_is_caught(tmp_path, locale, msgid, wrong):
    po = _one_entry(tmp_path, locale, msgid, wrong)
    assert len(_wrong_found(po, locale)) == 1


@pytest.mark.parametrize("locale, msgid, drifted", [
    ("uk", "The match", "Допомога"),
    ("ru", "Fingerprints, an interview about your journey.", "Отпечатки пальцев, беседа о пути."),
    ("uk", "Free lawyer for the CNDA appeal.", "Безоплатний юрист для апеляції до CNDA."),
    ("ru", "This proposal was already answered.", "На это предложение помощи уже ответили."),
    ("uk", "The host wrote no house rules.", "Приймаючий дім не вказав правил."),
    ("ru", "Registration at the guichet unique (GUDA)", "Регистрация в GUDA"),
    ("uk", "The SPADA, or the housing centre.", "SPADA або центр."),
    ("ru", "Legal aid asked for", "Запрошена юридическая помощь (aide juridictionnelle)"),
    ("ru", "Where you have your domiciliation.", "Где ваш адрес (domiciliation)."),
])
def test_each_term_that_drifts_is_caught(tmp_path, locale, msgid, drifted):
    assert _terms_missing(_one_entry(tmp_path, locale, msgid, drifted), locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_series_and_one_of_its_dates_are_told_apart(locale):
    """Every message given a meeting context says the series or the date as the glossary has it,
    whichever English word it uses ("meeting", "group", "date")."""
    seen, problems = set(), []
    for context, ids, strings in _messages(_po(locale)):
        if context in CONTEXTS:
            seen.add(context)
            agreed = CONTEXTS[context]["meeting"][locale]
            problems += [f"[{context}] {ids[0]!r}: {string!r}" for string in strings
                         if not re.search(agreed, string, re.I)]
    assert seen == set(CONTEXTS)
    assert not problems, f"{locale}:\n" + "\n".join(problems)
