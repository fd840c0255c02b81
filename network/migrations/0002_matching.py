"""Help requests, volunteer offers, matches; the newcomer profile grows what matching needs."""
from peewee import *


def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class HelpRequest(Model):
        newcomer = ForeignKeyField(User, on_delete='CASCADE')
        kind = CharField(max_length=16, constraints=[Check("kind IN ('mentor', 'housing', 'language')")])
        status = CharField(max_length=16, default='open', constraints=[Check("status IN ('open', 'proposed', 'matched', 'closed', 'cancelled')")])
        urgency = CharField(max_length=16, default='later', constraints=[Check("urgency IN ('tonight', 'this_week', 'later')")])
        start = DateField(null=True)
        nights = IntegerField(default=1, constraints=[Check('nights BETWEEN 1 AND 365')])
        people = IntegerField(default=1, constraints=[Check('people BETWEEN 1 AND 12')])
        wants = CharField(max_length=8, default='')
        level = CharField(max_length=8, default='')
        online_ok = BooleanField(default=False)
        note = TextField(default='')
        created_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'help_request'
            indexes = ((('kind', 'status', 'created_at'), False),)
    db.create_tables([HelpRequest])

    class Offer(Model):
        volunteer = ForeignKeyField(User, on_delete='CASCADE')
        kind = CharField(max_length=16, constraints=[Check("kind IN ('mentor', 'housing', 'language')")])
        status = CharField(max_length=16, default='active', constraints=[Check("status IN ('active', 'paused', 'ended')")])
        capacity = IntegerField(default=1, constraints=[Check('capacity BETWEEN 1 AND 20')])
        used = IntegerField(default=0, constraints=[Check('used >= 0 AND used <= capacity')])
        city = CharField(max_length=80, default='')
        region = CharField(max_length=3, default='')
        in_person = BooleanField(default=True)
        online = BooleanField(default=False)
        availability = CharField(max_length=200, default='')
        beds = IntegerField(default=0)
        available_from = DateField(null=True)
        available_until = DateField(null=True)
        pets_ok = BooleanField(default=False)
        smoking_ok = BooleanField(default=False)
        accessible = BooleanField(default=False)
        household = CharField(max_length=16, default='mixed', constraints=[Check("household IN ('mixed', 'women', 'men')")])
        accepts = CharField(max_length=40, default='')
        house_rules = TextField(default='')
        address = TextField(default='')
        teaches = CharField(max_length=8, default='')
        levels = CharField(max_length=40, default='')
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'offer'
            indexes = ((('kind', 'status'), False),)
    db.create_tables([Offer])

    class Match(Model):
        request = ForeignKeyField(HelpRequest, on_delete='CASCADE')
        offer = ForeignKeyField(Offer, on_delete='CASCADE')
        newcomer = ForeignKeyField(User, on_delete='CASCADE')
        volunteer = ForeignKeyField(User, on_delete='CASCADE')
        kind = CharField(max_length=16, constraints=[Check("kind IN ('mentor', 'housing', 'language')")])
        status = CharField(max_length=16, default='proposed', constraints=[Check("status IN ('proposed', 'active', 'ended', 'declined')")])
        score = IntegerField(default=0)
        explanation = TextField(default='[]')
        proposed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        proposed_at = DateTimeField()
        responded_at = DateTimeField(null=True)
        decline_reason = CharField(max_length=500, default='')
        ended_at = DateTimeField(null=True)
        end_reason = CharField(max_length=16, default='', constraints=[Check("end_reason IN ('', 'completed', 'withdrawn', 'problem')")])
        problem = TextField(default='')
        class Meta:
            database = db
            table_name = 'help_match'
            indexes = ((('volunteer', 'status'), False), (('newcomer', 'status'), False))
    db.create_tables([Match])
    db.execute_sql(
        "CREATE UNIQUE INDEX match_one_live_per_request ON help_match (request_id) "
        "WHERE status IN ('proposed', 'active')"
    )

    migrator.migrate(migrator.add_column('newcomer_profile', 'region', CharField(max_length=3, default='')))
    migrator.migrate(migrator.add_column('newcomer_profile', 'household', CharField(max_length=16, default='alone')))
    migrator.migrate(migrator.add_column('newcomer_profile', 'gender', CharField(max_length=16, default='')))
    migrator.migrate(migrator.add_column('newcomer_profile', 'host_pref', CharField(max_length=16, default='any')))
    migrator.migrate(migrator.add_column('newcomer_profile', 'pets', BooleanField(default=False)))
    migrator.migrate(migrator.add_column('newcomer_profile', 'smokes', BooleanField(default=False)))
    migrator.migrate(migrator.add_column('newcomer_profile', 'needs_access', BooleanField(default=False)))
    migrator.migrate(migrator.add_column('newcomer_profile', 'contact_channel', CharField(max_length=16, default='')))
    migrator.migrate(migrator.add_column('newcomer_profile', 'contact', TextField(default='')))
    migrator.migrate(migrator.add_column('volunteer_profile', 'region', CharField(max_length=3, default='')))
    migrator.migrate(migrator.add_column('volunteer_profile', 'contact', TextField(default='')))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('volunteer_profile', 'contact'))
    migrator.migrate(migrator.drop_column('volunteer_profile', 'region'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'contact'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'contact_channel'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'needs_access'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'smokes'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'pets'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'host_pref'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'gender'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'household'))
    migrator.migrate(migrator.drop_column('newcomer_profile', 'region'))
    migrator.migrate(migrator.drop_table('help_match'))
    migrator.migrate(migrator.drop_table('offer'))
    migrator.migrate(migrator.drop_table('help_request'))

