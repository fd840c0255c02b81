"""Downloads meant for a spreadsheet: one CSV writer, so no cell can run as a formula."""
import csv
import io
import itertools

from babel.numbers import get_decimal_symbol
from flask import Response

# Excel, LibreOffice and Google Sheets read a text cell starting with one of these as a
# formula; a leading tab, carriage return or space can hide one from a plain first-character check.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell a spreadsheet would evaluate, quoted to show as text; other values unchanged."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


# Excel opens a CSV with the system's list separator, a semicolon wherever a comma writes the
# decimals (fr, ru, uk): there a comma-separated file stays one column, and «2,5» would need quotes
# that make it text. LibreOffice's import offers the separator it finds.
def delimiter_for(locale):
    """The column separator a spreadsheet in this language splits a CSV on."""
    return ";" if get_decimal_symbol(locale) == "," else ","


def csv_text(header, rows, delimiter=","):
    """The header and rows as CSV, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in itertools.chain([header], rows):
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


# Excel reads a CSV file without a byte-order mark in the system's code page: Cyrillic is lost.
BOM = "\ufeff"


def csv_download(name, header, rows, delimiter=","):
    """A CSV attachment in UTF-8 with its byte-order mark, that no cache keeps."""
    return Response(BOM + csv_text(header, rows, delimiter), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=passage-{name}.csv",
                             "Cache-Control": "no-store"})
