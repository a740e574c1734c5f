"""Spreadsheet exports (CSV, XLSX): every cell passes `neutralise_cell`, so a value typed by a
user (a customer named =HYPERLINK(…)) is text in the file, never a formula."""

import csv
import io

from core.text import neutralise_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(header: list, rows: list[list]) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel then opens Chinese text correctly)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in (header, *rows):
        writer.writerow([neutralise_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(header: list, rows: list[list], *, title: str) -> bytes:
    """One worksheet; text cells are stored as strings (data type "s"), never as formulas, and
    characters XML cannot hold are dropped instead of failing the whole export."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in (header, *rows):
        values = [ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                  for value in row]
        sheet.append([neutralise_cell(value) for value in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would read "=…" or "#N/A" as a formula/error
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
