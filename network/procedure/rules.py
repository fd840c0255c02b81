"""The steps of the asylum procedure and its deadline rules, as data, each beside its legal source.

`source` names the texts and the pages read for each rule; CHECKED says, rule by rule, what was
read on 2026-12-01 and what was not (a primary text on Légifrance, ofpra.gouv.fr, cnda.fr or
service-public.fr, or only a copy or a secondary page). The reader's explanation of each rule is
its note in pages.py.
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
         "CESEDA, art. R.531-2 (en vigueur depuis le 18 juillet 2024) — "
         "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000050014816/2024-09-01 ; "
         "CESEDA, art. L.531-2 — https://lexbase.fr/index/source/111248313-l5312"),
    Rule("attestation_renewal", "attestation", "attestation_expires", 0, "days", False, PREVIOUS,
         True,
         "Arrêté du 5 mai 2020, NOR INTV2011008A (ASH n° 3161) — "
         "https://ash.tm.fr/hebdo/3161/actualites-juridiques/"
         "duree-initiale-de-lattestation-de-demande-dasile-553240.php ; "
         "Dublin : service-public.fr F2717 — "
         "https://www.service-public.fr/particuliers/vosdroits/F2717"),
    Rule("inbox_check", "ofpra_inbox", "inbox_checked", 15, "days", False, NONE, True,
         "CESEDA, art. R.531-17 — "
         "https://weka.fr/base-juridique-weka/code_CENTGERL_LEGISCTA000042806508.html ; "
         "CE, 6 juin 2023, n° 464768 (convocations) ; "
         "Arrêté du 8 juillet 2020, art. 4 (LEGIARTI000042208135) — "
         "https://legal.tricoteuses.fr/articles/LEGIARTI000042208135 ; "
         "CESEDA, ancien art. R.723-19 — https://juriblio.fr/codes/"
         "code-de-l-entree-et-du-sejour-des-etrangers-et-du-droit-d-asile/"
         "partie-reglementaire-ancienne/livre-vii/titre-ii/chapitre-iii/section-5/article-r723-19"),
    Rule("lawyer_notice", "ofpra_interview", "interview", -7, "days", False, PREVIOUS, True,
         "https://ofpra.gouv.fr/faq/interview ; CESEDA, ancien art. L.723-6 — "
         "https://www.village-justice.com/articles/role-avocat-depuis-reforme,20650.html ; "
         "https://domasile.info/fr/jai-eu-le-dossier-ofpra-je-me-prepare-pour-lentretien/"),
    Rule("legal_aid", "legal_aid", "decision_notified", 15, "days", False, PREVIOUS, True,
         "Loi n° 91-647 du 10 juillet 1991, art. 9-4 — "
         "https://legal.tricoteuses.fr/articles/LEGIARTI000030951625 ; "
         "https://www.doctrine.fr/l/texts/lois/JORFTEXT000000537611/articles/"
         "LEGIARTI000030951625?version=LEGIARTI000037398437 ; "
         "CE, 13 nov. 2023, n° 467595 — "
         "https://www.conseil-etat.fr/fr/arianeweb/CE/analyse/2023-11-13/467595"),
    Rule("cnda_appeal", "cnda_appeal", "decision_notified", 1, "months", True, NEXT, True,
         "CESEDA, art. L.532-1 ; loi n° 91-647, art. 9-4 ; CNDA — "
         "http://www.cnda.fr/Demarches-et-procedures/Introduire-un-recours-devant-la-CNDA ; "
         + FRANC + " ; " + CPC_642 + " ; "
         "https://www.mlgm-avocat.fr/etrangers/intervenant-social/calculer-un-d%C3%A9lai-de-recours/"),
    Rule("puma", "ofii", "registered", 3, "months", False, NONE, False,
         "CSS, art. D.160-2 — https://juriblio.fr/codes/code-de-la-securite-sociale/"
         "partie-reglementaire-decrets-simples/livre-i/titre-vi/chapitre-preliminaire/section-1/"
         "article-d160-2 ; Décret n° 2019-1531 du 30 décembre 2019 — "
         "https://info-droits-etrangers.org/30-decembre-2019-delai-de-carence-de-trois-mois-"
         "louverture-droits-a-lassurance-maladie-demandeurs-dasile-majeurs"),
    Rule("work_authorisation", "ofpra_file", "ofpra_filed", 6, "months", False, NONE, False,
         "CESEDA, art. L.554-1 — "
         "https://weka.fr/base-juridique-weka/code_CENTGERL_LEGISCTA000042775808.html ; "
         "https://tricoteuses.fr/legifrance/sections/JORFSCTA000042754976"),
)
# What was read for each rule on 2026-12-01, and what was not: a figure is "checked" only against
# a text read in full.
CHECKED = {
    "late_registration": "Not read: L.531-27 itself. Read: the Conseil d'État's analysis "
                         "(conseil-etat.fr), which applies its 90 days from entry.",
    "ofpra_file": "Read on Légifrance: R.531-2 in force since 18 July 2024, 21 days from the "
                  "attestation. L.531-2 (delay set by decree) read on lexbase.fr only.",
    "attestation_renewal": "Not read: the arrêté of 5 May 2020 (validity 10, 6 or 1 months, "
                           "renewals 6 or 4): figures from ASH and service-public.fr F2717.",
    "inbox_check": "Read as reproduced on weka.fr (not on Légifrance): R.531-17, a decision left "
                   "unopened 15 days after it is made available counts as notified.",
    "lawyer_notice": "Read on ofpra.gouv.fr: a lawyer or an association may come to the "
                     "interview. Not found in an official text: the 7 days (3 or 4 accelerated), "
                     "from lawyers' and associations' pages only.",
    "legal_aid": "Read: art. 9-4 in its 2019 version (doctrine.fr, legal.tricoteuses.fr) and the "
                 "Conseil d'État's 2023 analysis. Not read: the version in force since 1 August "
                 "2024 and the legal-aid decree in force since 2024.",
    "cnda_appeal": "Read on cnda.fr: one month, stopped by a legal aid request made before the "
                   "appeal and running again for what was left. Not read: L.532-1 itself.",
    "puma": "Read as reproduced on juriblio.fr (not on Légifrance): D.160-2 asks adults for more "
            "than three months' uninterrupted residence in France; the timeline counts them from "
            "registration, the first day the attestation proves, which is the later, safer day.",
    "work_authorisation": "Read as reproduced on weka.fr (not on Légifrance): L.554-1 in its 2021 "
                          "version, six months from the OFPRA file. Changes since 2024 not read.",
}
RULES_BY_CODE = {rule.code: rule for rule in RULES}
# A Dublin procedure has no OFPRA file to send. A transfer decision has its own short appeal
# clock, which the timeline does not count: L.572-5 (15 days, 48 hours under house arrest or in
# detention) was read only as reproduced on juriblio.fr, beside a newer L.572-4 that sends the
# appeal to the procedure of L.921-1, whose delay was not read. A note to see a lawyer at once is
# shown instead.
DUBLIN_SOURCE = ("Dublin : CESEDA, art. L.572-4 à L.572-6 — https://juriblio.fr/codes/"
                 "code-de-l-entree-et-du-sejour-des-etrangers-et-du-droit-d-asile/"
                 "partie-legislative/livre-v/titre-vii/chapitre-ii/section-2 ; "
                 "service-public.fr F2717 — "
                 "https://www.service-public.fr/particuliers/vosdroits/F2717")
# Rules whose date opens a right: nothing is due on it, so it is never a deadline to meet.
RIGHTS = ("puma", "work_authorisation")
# The first attestation's validity and each renewal's, in months, by procedure.
ATTESTATION_MONTHS = {"normal": 10, "accelerated": 6, "dublin": 1}
RENEWAL_MONTHS = {"normal": 6, "accelerated": 6, "dublin": 4}
# Alsace and Moselle keep two more public holidays (Good Friday, 26 December): the subdivision
# of `holidays.France` for a commune's département.
LOCAL_CALENDARS = {"57": "57", "67": "6AE", "68": "6AE"}
