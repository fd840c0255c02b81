"""The words of the procedure: step names, rule names, and each step's short page."""
from collections import namedtuple

from flask_babel import lazy_gettext as _l

Page = namedtuple("Page", "what bring happens where")

STEP_LABELS = {
    "spada": _l("Pre-registration at the plateforme d'accueil (SPADA)"),
    "guda": _l("Registration at the guichet unique (GUDA)"),
    "attestation": _l("Attestation de demande d'asile"),
    "ofii": _l("OFII reception offer: housing and allowance (ADA)"),
    "domiciliation": _l("Postal address (domiciliation)"),
    "ofpra_file": _l("OFPRA file"),
    "ofpra_inbox": _l("OFPRA online account"),
    "ofpra_interview": _l("OFPRA interview"),
    "ofpra_decision": _l("OFPRA decision"),
    "legal_aid": _l("Legal aid (aide juridictionnelle)"),
    "cnda_appeal": _l("CNDA appeal"),
    "cnda_hearing": _l("CNDA hearing"),
    "cnda_decision": _l("CNDA decision"),
    "residence_permit": _l("Residence permit (titre de séjour)"),
}
RULE_LABELS = {
    "late_registration": _l("90 days after arrival: registering later allows the accelerated "
                            "procedure"),
    "ofpra_file": _l("Last day to send the file to OFPRA"),
    "attestation_renewal": _l("Renew the attestation before it expires"),
    "inbox_check": _l("Log in to the OFPRA online account by this day"),
    "lawyer_notice": _l("Tell OFPRA about your lawyer or association by this day"),
    "legal_aid": _l("Last day to ask for legal aid and keep the appeal month"),
    "cnda_appeal": _l("Last day to appeal to the CNDA"),
    "puma": _l("Health cover (PUMa) can be asked from this day"),
    "work_authorisation": _l("Work authorisation can be asked from this day if OFPRA has not "
                             "decided"),
}
# What each rule means for the reader, and what could not be read when it was checked: the
# legal source itself (rules.py) stays in French, as the newcomer's papers name it.
RULE_NOTES = {
    "late_registration": _l(
        "Registering at the préfecture more than 90 days after entering France, without a "
        "legitimate reason, allows OFPRA to use the accelerated procedure; the day that counts is "
        "the day you presented your request at the préfecture (Conseil d'État, 2023). The article "
        "itself was not at hand when this was checked."),
    "ofpra_file": _l(
        "You have 21 days from the day the attestation is handed to you to send the complete "
        "file to OFPRA. No text moves this deadline off a weekend or public holiday, so the "
        "working day before is shown."),
    "attestation_renewal": _l(
        "The first attestation is valid 10 months (normal procedure), 6 months (accelerated) or "
        "1 month (Dublin); each renewal is valid 6 months (Dublin: 4). Ask for the renewal before "
        "it expires. The arrêté itself was not at hand: these figures come from ASH and "
        "service-public.fr."),
    "inbox_check": _l(
        "Log in to the OFPRA online account at least once every 15 days: a document left unopened "
        "for 15 days counts as received, and the time to answer or to appeal can start from it. "
        "The article in force today (R.531-17) was not at hand; its former version, R.723-19, "
        "says the same."),
    "lawyer_notice": _l(
        "If a lawyer or an association comes with you to the OFPRA interview, OFPRA must be told "
        "beforehand: 7 days before in the normal procedure, 3 or 4 days in the accelerated one, "
        "according to lawyers and associations. The OFPRA text was not at hand, so 7 days is "
        "shown in every procedure."),
    "legal_aid": _l(
        "Ask the CNDA for legal aid (aide juridictionnelle) within 15 days of receiving the OFPRA "
        "decision: the appeal month then stops until the answer. These 15 days end on the "
        "fifteenth day after you received the decision, with no extra day (Conseil d'État, 2023), "
        "and no text moves them off a weekend, so the working day before is shown. The version "
        "of the law in force since 1 August 2024 was not at hand."),
    "cnda_appeal": _l(
        "The appeal to the CNDA: one month from receiving the OFPRA decision, counted from the "
        "next day, so it ends the day after the same date a month later; on a Saturday, Sunday or "
        "public holiday it moves to the next working day. Legal aid asked within 15 days stops "
        "the month; what was left of it runs again from the day after the legal aid answer."),
    "puma": _l(
        "Health cover (PUMa) can be asked for after three months of regular presence with the "
        "attestation; before that, urgent care only (the PASS of a hospital). The social security "
        "code itself was not at hand."),
    "work_authorisation": _l(
        "If OFPRA has not decided within six months of the file, for reasons that are not yours, "
        "you may be allowed to work: the employer asks for the authorisation."),
}
STATE_LABELS = {
    "done": _l("Done"),
    "planned": _l("Planned"),
    "open": _l("To do"),
    "met": _l("Done in time"),
    "late": _l("Done late"),
    "suspended": _l("Suspended until the legal aid answer"),
    "warning": _l("Registered more than 90 days after arrival"),
}
EMERGENCY = _l("Emergency: 112 (any emergency), 115 (a place to sleep tonight). Free legal help: "
               "the legal help point (point-justice) of your town, La Cimade, and the lawyers of "
               "your local bar association (permanences d'avocats).")

PAGES = {
    "spada": Page(
        _l("The first stop: the plateforme d'accueil (SPADA) fills in your asylum request and "
           "gives you an appointment at the guichet unique (GUDA)."),
        _l("Any identity document you have, and any paper from your journey."),
        _l("They take your details and photos and give you the date of the GUDA appointment."),
        _l("The SPADA of your département; in Île-de-France the appointment is made by calling "
           "the OFII."),
    ),
    "guda": Page(
        _l("The guichet unique (GUDA), in the préfecture with the OFII, registers your request "
           "and decides the procedure: normal, accelerated or Dublin."),
        _l("The SPADA convocation, your identity papers, four photos, the address where you live."),
        _l("Fingerprints, an interview about your journey, then the attestation de demande "
           "d'asile and the OFPRA form."),
        _l("The préfecture written on your convocation."),
    ),
    "attestation": Page(
        _l("The attestation de demande d'asile lets you stay in France while your request is "
           "examined. Renew it before it expires."),
        _l("The current attestation, photos, proof of your address, OFPRA letters."),
        _l("The préfecture gives a new attestation for six months."),
        _l("The préfecture of the département where you live or have your domiciliation."),
    ),
    "ofii": Page(
        _l("The OFII offers housing and the allocation pour demandeur d'asile (ADA). Refusing "
           "the offer can end both."),
        _l("Your attestation and any paper about your resources."),
        _l("An interview about your needs and vulnerability, then a place in a centre or a "
           "monthly allowance card."),
        _l("The OFII office, on the same day as the GUDA."),
    ),
    "domiciliation": Page(
        _l("A postal address (domiciliation) where OFPRA, the préfecture and the CNDA write to "
           "you. A missed letter can lose the case."),
        _l("Your attestation."),
        _l("Go and read your mail often: letters are kept only a short time."),
        _l("The SPADA, or the housing centre where you live."),
    ),
    "ofpra_file": Page(
        _l("The OFPRA form with your story, written in French, sent within 21 days of the "
           "attestation."),
        _l("The filled form, two photos, a copy of the attestation, your passport if you have "
           "one, evidence of mobilisation and desertion."),
        _l("OFPRA sends a letter saying the file is complete and opens your online account."),
        _l("By post to OFPRA, 201 rue Carnot, 94136 Fontenay-sous-Bois; keep the receipt."),
    ),
    "ofpra_inbox": Page(
        _l("OFPRA sends its letters, convocations and decision to your online account (espace "
           "personnel). A document unread for 15 days counts as received."),
        _l("Your login and password, kept safe."),
        _l("Log in at least every 15 days and read every new document."),
        _l("The OFPRA website, on your phone or at the SPADA."),
    ),
    "ofpra_interview": Page(
        _l("The interview at OFPRA: an officer asks about your life, your reasons for leaving "
           "and your fears if you go back."),
        _l("The convocation, your attestation, the originals of your evidence. Tell OFPRA about "
           "a lawyer or association before the interview."),
        _l("An interpreter in your language; the interview is recorded and confidential."),
        _l("OFPRA, 201 rue Carnot, Fontenay-sous-Bois, unless the convocation says otherwise."),
    ),
    "ofpra_decision": Page(
        _l("OFPRA grants refugee status (statut de réfugié), subsidiary protection "
           "(protection subsidiaire), or refuses."),
        _l("Keep the decision and the day you received it: it starts the appeal month."),
        _l("If refused: ask for legal aid within 15 days and appeal to the CNDA within a month."),
        _l("Your OFPRA online account or your postal address."),
    ),
    "legal_aid": Page(
        _l("Free lawyer for the CNDA appeal (aide juridictionnelle). Asked within 15 days of "
           "the decision, it stops the appeal month until its answer."),
        _l("The OFPRA decision and the form of the CNDA legal aid office."),
        _l("A lawyer is named for you; the rest of the month runs from the answer."),
        _l("The CNDA legal aid office (bureau d'aide juridictionnelle), online or by post."),
    ),
    "cnda_appeal": Page(
        _l("The appeal (recours) to the CNDA, the asylum court, against the OFPRA refusal."),
        _l("The OFPRA decision, the interview report, all your evidence, translated."),
        _l("Your lawyer writes the appeal; the CNDA sends a receipt that renews your attestation."),
        _l("CNDA, Montreuil, through your lawyer."),
    ),
    "cnda_hearing": Page(
        _l("The hearing (audience) at the CNDA: judges listen to you and your lawyer."),
        _l("The convocation, your attestation, originals of your evidence."),
        _l("An interpreter is there; the decision is given about three weeks later."),
        _l("CNDA, 35 rue Cuvier, Montreuil, or a hearing by video."),
    ),
    "cnda_decision": Page(
        _l("The CNDA grants protection or confirms the refusal."),
        _l("Keep the decision."),
        _l("With protection: ask for the residence permit. After a refusal: see a lawyer (avocat) "
           "at once; legal aid (aide juridictionnelle) can pay the lawyer."),
        _l("By post to your address, and on the CNDA website."),
    ),
    "residence_permit": Page(
        _l("After protection, the préfecture gives a residence permit (titre de séjour)."),
        _l("The protection decision, photos, proof of address, the civil status papers OFPRA "
           "sends you."),
        _l("A receipt first, then the card: ten years for refugees, four for subsidiary "
           "protection."),
        _l("The préfecture where you live, or online on the ANEF website."),
    ),
}
