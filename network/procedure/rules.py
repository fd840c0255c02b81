"""The steps of the asylum procedure and its deadline rules, as data, each beside its legal source.

Figures were checked on 2026-12-01 against the texts quoted in `source`; where an official text
was not at hand, `source` says what was read instead.
"""
from collections import namedtuple

Step = namedtuple("Step", "code helper")
Rule = namedtuple("Rule", "code step start amount unit roll urgent source")

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
NEXT = "next"  # to the next working day: code de procédure civile art. 642, applied by courts
PREVIOUS = "previous"  # no text extends it: we aim at the last working day before, to be safe
NONE = "none"          # a date a right opens or a habit falls due: any day counts

CPC_642 = ("Code de procédure civile art. 642 (a deadline ending on a Saturday, Sunday or public "
           "holiday is extended to the next working day; not applied to deadlines counted back) — "
           "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006411003")
# The CESEDA on Légifrance, for the articles whose own page was not at hand when checked.
CESEDA = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070158"

# `start` names the date the rule counts from; `unit` is "days" or "months"; a negative amount
# counts back. `urgent`: shown first to organizers and on the dashboard within 7 days.
RULES = (
    Rule("late_registration", "guda", "entered", 90, "days", NONE, False,
         "CESEDA L.531-27 3° (registration more than 90 days after entry allows the accelerated "
         "procedure; the article's own page was not at hand) — " + CESEDA),
    Rule("ofpra_file", "ofpra_file", "registered", 21, "days", PREVIOUS, True,
         "CESEDA R.531-2 (21 days from the attestation to send the complete file to OFPRA; "
         "L.531-2 leaves the delay to decree) — "
         "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000050014816"),
    Rule("attestation_renewal", "attestation", "attestation_expires", 0, "days", PREVIOUS, False,
         "Arrêté du 5 mai 2020 (NOR INTV2011008A): first attestation valid 10 months (normal) or "
         "6 months (accelerated), then renewed for 6 months; the Dublin validity was not at hand "
         "and is not computed (read in ASH of 12 May 2020 and on haute-saone.gouv.fr; the arrêté "
         "itself was not at hand) — https://www.haute-saone.gouv.fr/Demarches/Sejour-des-etrangers"
         "-en-France/Je-demande-l-asile/2-Je-souhaite-renouveler-mon-attestation-de-demande-d-asile"),
    Rule("inbox_check", "ofpra_inbox", "inbox_checked", 15, "days", NONE, True,
         "CESEDA R.531-17 (a document in the OFPRA online account counts as notified at its first "
         "reading or, unread, 15 days after it was put there; read on weka.fr, the Légifrance page "
         "was not at hand) — " + CESEDA),
    Rule("lawyer_notice", "ofpra_interview", "interview", -7, "days", PREVIOUS, True,
         "CESEDA L.531-15 and OFPRA practice: tell OFPRA of a lawyer or association 7 days before "
         "the interview (fewer in accelerated procedure; the decree text was not at hand, so 7 "
         "days is used for all; 7 and 3 or 4 days are quoted by associations and lawyers) — "
         "https://ofpra.gouv.fr/faq/interview"),
    Rule("legal_aid", "legal_aid", "decision_notified", 15, "days", PREVIOUS, True,
         "Loi 91-647 art. 9-4 and CESEDA L.532-1: legal aid asked within 15 days of the OFPRA "
         "decision suspends the appeal month (no text extends the 15 days: we aim earlier; read in "
         "the 2018 parliamentary debates, the article pages were not at hand) — " + CESEDA),
    Rule("cnda_appeal", "cnda_appeal", "decision_notified", 1, "months", NEXT, True,
         "CESEDA L.532-1 (one month from notification of the OFPRA decision), suspended from the "
         "legal-aid request to the legal-aid decision (counted as a lawyer's worked example does: "
         "mlgm-avocat.fr); " + CPC_642 + " — " + CESEDA),
    Rule("puma", "ofii", "arrived", 3, "months", NONE, False,
         "Code de la sécurité sociale L.160-1 and D.160-2: health cover (PUMa) after 3 months of "
         "residence (neither the code's page nor service-public.fr's was at hand: to check) — "
         "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006073189"),
    Rule("work_authorisation", "ofpra_file", "ofpra_filed", 6, "months", NONE, False,
         "CESEDA L.554-1 (work authorisation may be asked when OFPRA has not decided within 6 "
         "months of the file) — https://www.service-public.fr/particuliers/vosdroits/F2741"),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
ATTESTATION_MONTHS = {"normal": 10, "accelerated": 6}
RENEWAL_MONTHS = 6
