"""Reading an uploaded .csv or .xlsx file into row dicts, within bounds on what one upload may
cost."""

import csv
import io
import itertools
import time
import zipfile
from contextlib import closing

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from customers.importing.columns import COLUMNS, IMPORT_LANGUAGE, REQUIRED_COLUMNS

MAX_ROWS = 5000
MAX_MEGABYTES = 10
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
# Bounds on the work one upload may cost, checked before and while parsing: rows read (blank
# ones included: a tiny .xlsx can declare or hold millions of empty rows), the size of the
# workbook once unzipped, and the seconds spent reading.
MAX_SHEET_ROWS = 2 * MAX_ROWS
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_READ_SECONDS = 20


def read_table(uploaded_file) -> list[dict]:
    """The data rows of an uploaded .csv (UTF-8 with or without BOM, or GB18030) or .xlsx file.

    Guarantees: each dict holds the known columns under the keys of COLUMNS (text, stripped)
    and "row", its row number in the file (header = 1); blank rows are skipped; unknown columns
    are ignored. Raises ValidationError (in Chinese) for another file type, a file over 10 MB
    or 5,000 data rows, an unreadable file, missing required columns (named) or no data row.
    """
    with translation.override(IMPORT_LANGUAGE):
        name = (getattr(uploaded_file, "name", "") or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a CSV (.csv) or Excel (.xlsx) file."), code="type")
        uploaded_file.seek(0)
        data = uploaded_file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(size)s MB.")
                                  % {"size": MAX_MEGABYTES}, code="size")
        if name.endswith(".csv"):
            return _records(_csv_cells(data))
        try:
            with closing(_xlsx_cells(data)) as cells:
                return _records(cells)
        except ValidationError:
            raise
        except Exception as exc:  # a damaged workbook fails in many ways inside openpyxl
            raise ValidationError(_("The file could not be read as %(kind)s.")
                                  % {"kind": "Excel (.xlsx)"}, code="unreadable") from exc


def _csv_cells(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is neither UTF-8 nor GB18030 text."),
                              code="encoding")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return list(itertools.islice(reader, MAX_SHEET_ROWS + 1))
    except csv.Error as exc:
        raise ValidationError(_("The file could not be read as %(kind)s.") % {"kind": "CSV"},
                              code="unreadable") from exc


def _xlsx_cells(data: bytes):
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(item.file_size for item in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise ValidationError(_("The file is larger than %(size)s MB.")
                                  % {"size": MAX_UNZIPPED_BYTES // (1024 * 1024)}, code="size")
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_SHEET_ROWS:  # the sheet's declared dimension
            raise _too_many_rows()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps phone numbers typed as numbers as floats
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _too_many_rows() -> ValidationError:
    return ValidationError(_("The file has more than %(max)s rows (blank rows included): split "
                             "it into several files.") % {"max": f"{MAX_SHEET_ROWS:,}"},
                           code="rows")


def _records(cells) -> list[dict]:
    cells = iter(cells)
    keys = _header_keys(next(cells, []))
    records = []
    deadline = time.monotonic() + MAX_READ_SECONDS
    for number, values in enumerate(cells, start=2):
        if number > MAX_SHEET_ROWS or time.monotonic() > deadline:
            raise _too_many_rows()
        if not any(str(value).strip() for value in values):
            continue
        if len(records) == MAX_ROWS:
            raise ValidationError(_("The file has more than %(max)s data rows: split it into "
                                    "several files.") % {"max": f"{MAX_ROWS:,}"}, code="rows")
        record = {key: str(values[index]).strip() for index, key in keys.items()
                  if index < len(values)}
        records.append({**record, "row": number})
    if not records:
        raise ValidationError(_("The file has no data rows."), code="empty")
    return records


def _header_keys(header: list) -> dict[int, str]:
    """Column index → row key; the header may mark required columns with * and may also use
    the keys themselves."""
    keys, known = {}, set(COLUMNS.values())
    for index, title in enumerate(header):
        title = str(title).replace("\ufeff", "").strip().strip("*＊").strip()
        key = COLUMNS.get(title) or (title if title in known else None)
        if key and key not in keys.values():
            keys[index] = key
    missing = [title for title in REQUIRED_COLUMNS if COLUMNS[title] not in keys.values()]
    if missing:
        raise ValidationError(_("The file lacks the required columns: %(columns)s.")
                              % {"columns": "、".join(missing)}, code="columns")
    return keys
