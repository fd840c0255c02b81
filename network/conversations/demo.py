"""The demo's conversations: the demo pair's, and one for each of the history's first matches."""
from datetime import timedelta

from ..core.batches import batches
from ..crypto import Ciphertext, encrypt
from ..db import db
from ..models import Conversation, Match, Message

# Conversations of the history's matches and messages in each: 10,000 of 100 on the large scale.
CONVERSATIONS = {"small": (80, 6), "large": (10000, 100)}
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
    for chunk in batches(list(zip(ids, matches)), 200):
        rows = []
        for conversation_id, match in chunk:
            # Encrypting is most of the work: each conversation's few lines once, stored as
            # tokens, so a million messages seed in seconds, never sharing a token between two.
            tokens = [Ciphertext(encrypt(line)) for line in LINES]
            sides = (match.newcomer_id, match.volunteer_id)
            rows.extend((conversation_id, sides[n % 2], rng.choice(tokens),
                         match.responded_at + timedelta(hours=5 * n), False)
                        for n in range(per_conversation))
        _insert_messages(rows)


def _insert_messages(rows, size=1000):
    """Many-row INSERTs of one shape: peewee would build each value's SQL, most of the time of
    a million rows."""
    columns = "conversation_id, sender_id, body, created_at, reported"
    row = f"({', '.join([db.param] * 5)})"
    for batch in batches(rows, size):
        db.execute_sql(f'INSERT INTO "{Message._meta.table_name}" ({columns}) VALUES '
                       + ", ".join([row] * len(batch)), [value for r in batch for value in r])


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
