"""The steps of the asylum procedure and its deadline rules, as data, each beside its legal source.

Figures were checked on 2026-12-01 against the texts named in `source` (the URL is the page that
was read). The reader's explanation of each rule, with what could not be read, is its note in
pages.py.
"""
from collections import namedtuple

Step = namedtuple("Step", "code helper")
Rule = namedtuple("Rule", "code step start amount unit franc roll urgent source")

# Who helps at each step: the organisation the newcomer deals with.
STEPS = (
    Step("spada", "SPADA"),
    Step("guda", "GUDA (préfecture + OFII)"),
    Step("attestation", "préfecture"),
    Step("ofii", "OFII"),
    Step("domiciliation", "SPADA"),
    Step("ofpra_file", "OFPRA"),
    Step("ofpra_inbox", "OFPRA"),
    Step("ofpra_interview", "OFPRA"),
    Step("ofpra_decision", "OFPRA"),
    Step("legal_aid", "CNDA (bureau d'aide juridictionnelle)"),
    Step("cnda_appeal", "CNDA"),
    Step("cnda_hearing", "CNDA"),
    Step("cnda_decision", "CNDA"),
    Step("residence_permit", "préfecture"),
)
STEP_CODES = tuple(step.code for step in STEPS)
HELPERS = {step.code: step.helper for step in STEPS}

# How a deadline that falls on a Saturday, Sunday or French public holiday moves.
NEXT = "next"  # to the next working day: CPC art. 642, and administrative courts' délais francs
PREVIOUS = "previous"  # no text extends it: we aim at the last working day before, to be safe
NONE = "none"          # a date a right opens or a habit falls due: any day counts

CPC_642 = ("Code de procédure civile, art. 642 — "
           "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006411003")
FRANC = ("CE, 15 déc. 2023, n° 472836 (délais francs devant les juridictions administratives) — "
         "https://actualitesdudroitpublic.fr/droit-public/procedure-administrative/"
         "code-de-justice-administrative/delai-de-recours-jour-franc")

# `start` names the date the rule counts from; `unit` is "days" or "months"; a negative amount
# counts back. `franc`: the délai starts the day after its event and ends the day after its term.
# `urgent`: shown first to organizers and on the dashboard within 7 days (an attestation whose
# printed expiry is recorded, by the dashboard's own list of them).
RULES = (
    Rule("late_registration", "guda", "entered", 90, "days", False, NONE, False,
         "CESEDA, art. L.531-27 ; CE, 27 nov. 2023, n° 467705 — "
         "https://www.conseil-etat.fr/fr/arianeweb/CE/analyse/2023-11-27/467705"),
    Rule("ofpra_file", "ofpra_file", "registered", 21, "days", False, PREVIOUS, True,
         "CESEDA, art. R.531-2 — "
         "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000050014816"),
    Rule("attestation_renewal", "attestation", "attestation_expires", 0, "days", False, PREVIOUS,
         True,
         "Arrêté du 5 mai 2020, NOR INTV2011008A (ASH n° 3161) — "
         "https://ash.tm.fr/hebdo/3161/actualites-juridiques/"
         "duree-initiale-de-lattestation-de-demande-dasile-553240.php ; "
         "Dublin : service-public.fr F2717 — "
         "https://www.service-public.fr/particuliers/vosdroits/F2717"),
    Rule("inbox_check", "ofpra_inbox", "inbox_checked", 15, "days", False, NONE, True,
         "Arrêté du 8 juillet 2020, art. 4 (LEGIARTI000042208135) — "
         "https://legal.tricoteuses.fr/articles/LEGIARTI000042208135 ; "
         "CESEDA, ancien art. R.723-19 — https://juriblio.fr/codes/"
         "code-de-l-entree-et-du-sejour-des-etrangers-et-du-droit-d-asile/"
         "partie-reglementaire-ancienne/livre-vii/titre-ii/chapitre-iii/section-5/article-r723-19"),
    Rule("lawyer_notice", "ofpra_interview", "interview", -7, "days", False, PREVIOUS, True,
         "CESEDA, ancien art. L.723-6 — "
         "https://www.village-justice.com/articles/role-avocat-depuis-reforme,20650.html ; "
         "https://domasile.info/fr/jai-eu-le-dossier-ofpra-je-me-prepare-pour-lentretien/"),
    Rule("legal_aid", "legal_aid", "decision_notified", 15, "days", False, PREVIOUS, True,
         "Loi n° 91-647 du 10 juillet 1991, art. 9-4 — "
         "https://www.doctrine.fr/l/texts/lois/JORFTEXT000000537611/articles/"
         "LEGIARTI000030951625?version=LEGIARTI000037398437 ; "
         "CE, 13 nov. 2023, n° 467595 — "
         "https://www.conseil-etat.fr/fr/arianeweb/CE/analyse/2023-11-13/467595"),
    Rule("cnda_appeal", "cnda_appeal", "decision_notified", 1, "months", True, NEXT, True,
         "CESEDA, art. L.532-1 ; loi n° 91-647, art. 9-4 ; " + FRANC + " ; " + CPC_642 + " ; "
         "https://www.mlgm-avocat.fr/etrangers/intervenant-social/calculer-un-d%C3%A9lai-de-recours/"),
    Rule("puma", "ofii", "registered", 3, "months", False, NONE, False,
         "Décret n° 2019-1531 du 30 décembre 2019 (CSS, art. D.160-2) — "
         "https://info-droits-etrangers.org/30-decembre-2019-delai-de-carence-de-trois-mois-"
         "louverture-droits-a-lassurance-maladie-demandeurs-dasile-majeurs"),
    Rule("work_authorisation", "ofpra_file", "ofpra_filed", 6, "months", False, NONE, False,
         "CESEDA, art. L.554-1 — "
         "https://tricoteuses.fr/legifrance/sections/JORFSCTA000042754976"),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
# A Dublin procedure has no OFPRA file to send; a transfer decision has its own short appeal
# clock, which the timeline does not count (see the note shown instead).
DUBLIN_SOURCE = ("Dublin : service-public.fr F2717 — "
                 "https://www.service-public.fr/particuliers/vosdroits/F2717")
# Rules whose date opens a right: nothing is due on it, so it is never a deadline to meet.
RIGHTS = ("puma", "work_authorisation")
# The first attestation's validity and each renewal's, in months, by procedure.
ATTESTATION_MONTHS = {"normal": 10, "accelerated": 6, "dublin": 1}
RENEWAL_MONTHS = {"normal": 6, "accelerated": 6, "dublin": 4}
# Alsace and Moselle keep two more public holidays (Good Friday, 26 December): the subdivision
# of `holidays.France` for a commune's département.
LOCAL_CALENDARS = {"57": "57", "67": "6AE", "68": "6AE"}
