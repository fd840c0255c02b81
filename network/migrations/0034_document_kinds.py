"""What each document in a newcomer's folder is (a code), so each step's checklist of documents
to bring is ticked by the folder; documents kept before have none and tick nothing."""
from peewee import CharField


def up(migrator, db):
    migrator.migrate(migrator.add_column("procedure_document", "kind",
                                         CharField(max_length=24, default="")))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("procedure_document", "kind"))
