"""客户批量导入: customers with their contacts (and optionally an account) from a CSV or Excel
file.

Every row passes the checks of the New customer page (`CustomerForm`, `FirstContactForm`) and
then the services themselves (`customer_create`, `account_open`), so an imported customer is
held to exactly the rules of one entered by hand. Messages are in Chinese, like the file's
column headers, and name the row and the column. A dry run saves nothing; a real import saves
every row or, when any row has an error, none at all.

Modules: `columns` (the file's layout), `reading` (the file into row dicts, within bounds), `rows`
(one row checked) and `writing` (the rows saved through the services).
"""

from customers.importing.columns import (
    COLUMN_ORDER,
    COLUMNS,
    HEADER_OF,
    IMPORT_LANGUAGE,
    REQUIRED_COLUMNS,
)
from customers.importing.reading import (
    MAX_BYTES,
    MAX_MEGABYTES,
    MAX_READ_SECONDS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_UNZIPPED_BYTES,
    read_table,
)
from customers.importing.rows import (
    ALIASES,
    CONTACT_FIELDS,
    CUSTOMER_TEXT,
    FALSE_WORDS,
    TRUE_WORDS,
    Errors,
)
from customers.importing.writing import SERVICE_KEYS, ImportResult, ImportRow, customer_import

__all__ = [
    "ALIASES",
    "COLUMNS",
    "COLUMN_ORDER",
    "CONTACT_FIELDS",
    "CUSTOMER_TEXT",
    "FALSE_WORDS",
    "HEADER_OF",
    "IMPORT_LANGUAGE",
    "MAX_BYTES",
    "MAX_MEGABYTES",
    "MAX_READ_SECONDS",
    "MAX_ROWS",
    "MAX_SHEET_ROWS",
    "MAX_UNZIPPED_BYTES",
    "REQUIRED_COLUMNS",
    "SERVICE_KEYS",
    "TRUE_WORDS",
    "Errors",
    "ImportResult",
    "ImportRow",
    "customer_import",
    "read_table",
]
