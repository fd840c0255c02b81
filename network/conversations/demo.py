"""The demo's conversations: the demo pair's, and one for each of the history's first matches."""
from datetime import timedelta

from ..core.batches import batches
from ..models import Conversation, Match, Message

# Conversations of the history's matches and messages in each: every message is encrypted,
# so the large scale holds 10,000 conversations of 10 messages (a few seconds to seed).
CONVERSATIONS = {"small": (80, 6), "large": (10000, 10)}
LINES = ["Здравствуйте! Как вы?", "Bonjour, tout va bien ?", "Спасибо, всё хорошо.",
         "Встретимся в четверг у метро?", "D'accord, à jeudi.", "Я получил письмо из OFPRA.",
         "On le lit ensemble ?", "Да, конечно."]


def seed_conversations(rng, count, per_conversation):
    """A conversation for each of the first matches, closed where the match ended."""
    matches = list(Match.select(Match.id, Match.newcomer, Match.volunteer, Match.status,
                                Match.responded_at)
                   .where(Match.status.in_(("active", "ended"))
                          & Match.id.not_in(Conversation.select(Conversation.match)
                                            .where(Conversation.match.is_null(False))))
                   .order_by(Match.id).limit(count))
    rows = [dict(kind="match", match=m.id, newcomer=m.newcomer_id, volunteer=m.volunteer_id,
                 status="open" if m.status == "active" else "closed", created_at=m.responded_at)
            for m in matches]
    ids = [c.id for batch in batches(rows, 500)
           for c in Conversation.insert_many(batch).returning(Conversation.id).execute()]
    messages = []
    for conversation_id, match in zip(ids, matches):
        sides = (match.newcomer_id, match.volunteer_id)
        for n in range(per_conversation):
            messages.append(dict(conversation=conversation_id, sender=sides[n % 2],
                                 body=rng.choice(LINES),
                                 created_at=match.responded_at + timedelta(hours=5 * n)))
    for batch in batches(messages, 2000):
        Message.insert_many(batch).execute()


def demo_conversation(match, now):
    """The demo newcomer and mentor have been writing to each other."""
    conversation = Conversation.create(kind="match", match=match, newcomer=match.newcomer_id,
                                       volunteer=match.volunteer_id,
                                       created_at=now - timedelta(days=20))
    newcomer, mentor = match.newcomer_id, match.volunteer_id
    for hours, sender, text in ((70, newcomer, "Здравствуйте! Спасибо, что согласились помочь."),
                                (69, mentor, "Bonjour ! Je vous appelle demain à 18h ?"),
                                (2, newcomer, "Мне пришло письмо из OFPRA, можно показать вам?")):
        Message.create(conversation=conversation, sender=sender, body=text,
                       created_at=now - timedelta(hours=hours))
