"""What the database can hold: values past these are refused before any query sees them."""
from datetime import date

# Every id column is a PostgreSQL `serial` (int4), and the audit trail's actor and target
# numbers are int4 too: a larger number names no row (and past 2^63 SQLite cannot even bind it).
ID_MAX = 2**31 - 1
# A list has no more pages than a table has rows, and (page - 1) * page size stays an int8.
PAGE_MAX = ID_MAX
# Far inside the calendar's ends (years 1 and 9999), so that a day moved to UTC, or a day plus
# a few years, is still a date; every real date of the network lies between them.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)
