"""Conversations: who takes part, sending and reading, reports, closing and disappearing."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from peewee import JOIN, Case, IntegrityError, fn

from ..audit.service import record
from ..cases.service import open_case
from ..compiled import Compiled
from ..core.access import conversation_view
from ..core.errors import NotFound, ServiceError
from ..db import write_transaction
from ..models import Conversation, Message, ReadMark, Report, ReportedMessage, User
from ..notify.service import alert_organizers, link, notify_many
from ..people import approvals
from ..push import service as push

MAX_LENGTH = 4000
# A page of a conversation holds this many messages; earlier ones are a link away.
PAGE_SIZE = 30
# A report may include this many messages on each side of the one reported.
AROUND = 5


def open_for_match(match):
    """The match became active: its newcomer and volunteer get a conversation (once)."""
    Conversation.insert(kind="match", match=match.id, newcomer=match.newcomer_id,
                        volunteer=match.volunteer_id).on_conflict_ignore().execute()


def close_for_match(match_id):
    """The match ended: its conversation stays readable to the two of them, closed to writing."""
    Conversation.update(status="closed").where(Conversation.match == match_id).execute()


def close_for_volunteer(volunteer):
    """A suspended volunteer writes and reads no more: every conversation of theirs closes."""
    Conversation.update(status="closed").where(Conversation.volunteer == volunteer.id).execute()


def may_write_to_organizers(user, conversations):
    """A newcomer with no conversation with the organizers yet may open one."""
    return user.role == "newcomer" and user.status == "active" and not any(
        c.kind == "organizers" and c.newcomer_id == user.id for c in conversations)


def with_organizers(newcomer):
    """The newcomer's conversation with the organizers, opened at the first ask."""
    Conversation.insert(kind="organizers", newcomer=newcomer.id).on_conflict_ignore().execute()
    return Conversation.get((Conversation.newcomer == newcomer.id)
                            & (Conversation.kind == "organizers"))


def view_of(user, conversation):
    """What this person may do in this conversation (core.access), or None."""
    return conversation_view(user, conversation, confirmed=lambda: may_read(user, conversation))


def get_for(user, conversation_id):
    """The conversation, or NotFound for anyone it shows nothing to."""
    conversation = Conversation.get_or_none(Conversation.id == conversation_id)
    if conversation is None or view_of(user, conversation) is None:
        raise NotFound()
    return conversation


def _participating(user, conversation):
    view = view_of(user, conversation)
    if view is None or not view.participant:
        raise NotFound()
    return view


def may_read(organizer, conversation):
    """A second organizer confirmed this organizer's request to read the conversations."""
    return approvals.may_reveal(organizer, conversation.newcomer, kind="read_conversation")


def ask_to_read(organizer, conversation):
    """An organizer asks a second one to let them read a conversation they take no part in."""
    if not organizer.is_organizer or conversation_view(
            organizer, conversation, confirmed=lambda: False) is not None:
        raise NotFound()
    return approvals.request("read_conversation", conversation.newcomer, organizer)


def conversation_for_organizer(organizer, conversation_id):
    """A conversation an organizer may ask to read: any, since asking shows nothing."""
    conversation = Conversation.get_or_none(Conversation.id == conversation_id)
    if conversation is None or not organizer.is_organizer:
        raise NotFound()
    return conversation


def messages_before(conversation, before=None):
    """The PAGE_SIZE messages before message `before` (the latest without it), newest last,
    with their senders' pseudonyms; and whether earlier ones remain."""
    query = (Message.select(Message, User.id, User.display_name)
             .join(User, JOIN.LEFT_OUTER, on=(Message.sender == User.id))
             .where(Message.conversation == conversation.id))
    if before:
        query = query.where(Message.id < before)
    rows = list(query.order_by(Message.id.desc()).limit(PAGE_SIZE + 1))
    return rows[:PAGE_SIZE][::-1], len(rows) > PAGE_SIZE


def send(conversation, sender, body):
    """A participant writes; the others hear that there is a message, never what it says."""
    message, recipients = write(conversation, sender, body)
    push.announce(recipients)
    return message


def write(conversation, sender, body):
    """(message, recipients): the message stored and announced in Passage; the caller pushes
    it to the recipients' phones (push.announce) once its transaction is committed."""
    body = (body or "").strip()
    if not _participating(sender, conversation).write:
        raise ServiceError(_l("This conversation is closed: its match has ended."))
    if not body:
        raise ServiceError(_l("Write a message first."))
    if len(body) > MAX_LENGTH:
        raise ServiceError(_l("A message is at most %(max)d characters.", max=MAX_LENGTH))
    with write_transaction():
        message = Message.create(conversation=conversation.id, sender=sender.id, body=body)
        _mark(conversation, sender, message.id)
        recipients = _recipients(conversation, sender)
        where = link("conversations.show", conversation_id=conversation.id)
        notify_many(dict(recipient=recipient, kind="message", code="new_message", link=where,
                         key=f"message:{message.id}:{recipient}") for recipient in recipients)
    return message, recipients


def _recipients(conversation, sender):
    if conversation.kind == "organizers" and sender.id == conversation.newcomer_id:
        return [o.id for o in User.select(User.id).where((User.role == "organizer")
                                                         & (User.status == "active"))]
    return sorted({conversation.newcomer_id, conversation.volunteer_id} - {sender.id, None})


def mark_read(conversation, view, user, messages):
    """A participant has seen these messages (an organizer reading with a confirmation, no)."""
    if messages and view.participant:
        _mark(conversation, user, messages[-1].id)


def _mark(conversation, user, last_id):
    (ReadMark.insert(conversation=conversation.id, user=user.id, last_read=last_id)
     .on_conflict(conflict_target=[ReadMark.conversation, ReadMark.user],
                  update={ReadMark.last_read: last_id}, where=(ReadMark.last_read < last_id))
     .execute())


def _mine(user_id, team):
    """The ids of the conversations this person takes part in, and the team's (`team`).

    A union of index reads: inside one OR, the team's `kind` made both databases read every
    conversation.
    """
    own = Conversation.select(Conversation.id).where(
        (Conversation.newcomer == user_id) | (Conversation.volunteer == user_id))
    if not team:
        return own
    return own | Conversation.select(Conversation.id).where(Conversation.kind == "organizers")


def _in_team(user):
    return user.is_organizer and user.status == "active"


def _unread(team):
    mark = ReadMark.alias()
    return Compiled(lambda user_id: (
        Message.select(fn.COUNT(Message.id))
        .join(mark, JOIN.LEFT_OUTER, on=((mark.conversation == Message.conversation)
                                         & (mark.user == user_id)))
        .where(Message.conversation.in_(_mine(user_id, team))
               & (fn.COALESCE(Message.sender, 0) != user_id)
               & (Message.id > fn.COALESCE(mark.last_read, 0)))), -1)


# The navigation shows it on every page: its SQL is written once, for organizers and the others.
UNREAD = {team: _unread(team) for team in (False, True)}


def unread_count(user):
    """Messages from others this person has not seen yet, in one query."""
    if user.status != "active":
        return 0
    return UNREAD[_in_team(user)].scalar(user.id)


def conversations(user):
    """This person's conversations with the other side's pseudonym and the unread count each."""
    other = User.alias()
    mark = ReadMark.alias()
    unread = (Message.select(fn.COUNT(Message.id))
              .where((Message.conversation == Conversation.id)
                     & (fn.COALESCE(Message.sender, 0) != user.id)
                     & (Message.id > fn.COALESCE(mark.last_read, 0))))
    return list(Conversation.select(Conversation, other.display_name.alias("other_name"),
                                    unread.alias("unread"))
                .join(other, JOIN.LEFT_OUTER,
                      on=(other.id == Case(None, [(Conversation.newcomer == user.id,
                                                   Conversation.volunteer)],
                                           Conversation.newcomer)))
                .switch(Conversation)
                .join(mark, JOIN.LEFT_OUTER, on=((mark.conversation == Conversation.id)
                                                 & (mark.user == user.id)))
                .where(Conversation.id.in_(_mine(user.id, _in_team(user))))
                .order_by(Conversation.status.desc(), Conversation.id.desc())
                .limit(200).objects())


def set_disappearing(conversation, user, days):
    """A participant chooses after how long messages disappear (0: never)."""
    if not _participating(user, conversation).write:
        raise ServiceError(_l("This conversation is closed: its match has ended."))
    if days not in (0, 1, 7, 30):
        raise ServiceError(_l("Choose one of the offered times."))
    Conversation.update(disappear_days=days).where(Conversation.id == conversation.id).execute()
    record("conversation.disappearing", target=conversation, actor=user, detail=str(days))


def remove_expired(now):
    """Messages older than their conversation's time disappear, except those reported."""
    removed = 0
    for days in (1, 7, 30):
        removed += (Message.delete()
                    .where(Message.conversation.in_(Conversation.select(Conversation.id)
                                                    .where(Conversation.disappear_days == days))
                           & (Message.created_at < now - timedelta(days=days))
                           & (Message.reported == False))  # noqa: E712 (SQL, not Python)
                    .execute())
    return removed


def conversation_of(user, message_id):
    """The conversation a participant may report this message in, or NotFound."""
    message = Message.get_or_none(Message.id == message_id)
    if message is None:
        raise NotFound()
    conversation = Conversation.get_by_id(message.conversation_id)
    _participating(user, conversation)
    return conversation


def around(conversation, message_id):
    """The reported message and those around it that the reporter may choose to include."""
    message = Message.get_or_none((Message.id == message_id)
                                  & (Message.conversation == conversation.id))
    if message is None:
        raise NotFound()
    before = list(Message.select().where((Message.conversation == conversation.id)
                                         & (Message.id < message.id))
                  .order_by(Message.id.desc()).limit(AROUND))
    after = list(Message.select().where((Message.conversation == conversation.id)
                                        & (Message.id > message.id))
                 .order_by(Message.id).limit(AROUND))
    return message, before[::-1] + after


def report(conversation, reporter, message_id, include=()):
    """A participant reports a message: it and the neighbours they chose go to the organizers."""
    _participating(reporter, conversation)
    message, neighbours = around(conversation, message_id)
    allowed = {m.id for m in neighbours}
    chosen = {int(i) for i in include} & allowed
    shown = sorted(chosen | {message.id})
    try:
        with write_transaction():
            created = Report.create(conversation=conversation.id, message=message.id,
                                    reporter=reporter.id)
            ReportedMessage.insert_many(
                [dict(report=created.id, message=i) for i in shown]).execute()
            Message.update(reported=True).where(Message.id.in_(shown)).execute()
            record("conversation.reported", target=conversation, actor=reporter,
                   detail=f"message {message.id}")
            alert_organizers(f"message-reported:{created.id}", "message_reported",
                             link=link("conversations.reported"))
            # Safeguarding is casework: an organizer takes it, notes and closes it.
            open_case("message", newcomer=conversation.newcomer_id, match=conversation.match_id,
                      reporter=reporter, key=f"message:{created.id}")
    except IntegrityError:
        raise ServiceError(_l("The report could not be saved. Please try again."))
    return created


def reported_messages(limit=50):
    """Reports, newest first, each with `messages`: what the reporter chose to show, in order."""
    reporter = User.alias()
    reports = list(Report.select(Report, reporter.id, reporter.display_name)
                   .join(reporter, JOIN.LEFT_OUTER, on=(Report.reporter == reporter.id))
                   .order_by(Report.id.desc()).limit(limit))
    by_report = {r.id: r for r in reports}
    for item in reports:
        item.messages = []
    sender = User.alias()
    shown = (ReportedMessage.select(ReportedMessage.report, Message, sender.id, sender.display_name)
             .join(Message, on=(ReportedMessage.message == Message.id))
             .join(sender, JOIN.LEFT_OUTER, on=(Message.sender == sender.id))
             .where(ReportedMessage.report.in_(list(by_report)))
             .order_by(Message.id)) if by_report else []
    for row in shown:
        by_report[row.report_id].messages.append(row.message)
    return reports


def written_by(user):
    """What this person wrote, for their data export (the others' words are theirs)."""
    return [{"conversation": m.conversation_id, "sent": m.created_at.isoformat(), "text": m.body}
            for m in Message.select(Message.conversation, Message.created_at, Message.body)
            .where(Message.sender == user.id).order_by(Message.id)]


def erase_for(newcomer):
    """The newcomer's data is erased: so are their conversations and every message in them."""
    Conversation.delete().where(Conversation.newcomer == newcomer.id).execute()
