"""The layout of an import file: its Chinese column headers (the language of its messages too)
and the required ones."""

IMPORT_LANGUAGE = "zh-hans"

# Column header → key of a row dict. Contact keys carry the prefix "contact_".
COLUMNS = {
    "客户名称": "name",
    "客户类别": "category",
    "证件类型": "id_type",
    "证件号码": "id_number",
    "法定代表人": "legal_representative",
    "行业": "industry",
    "低保": "low_income",
    "开票名称": "invoice_title",
    "税号": "tax_number",
    "联系人": "contact_name",
    "联系人职务": "contact_position",
    "手机": "contact_mobile",
    "固定电话": "contact_landline",
    "邮箱": "contact_email",
    "业务员": "sales_rep",
    "档案管理人": "custodian",
    "送气通知单号": "notice",
    "用气性质": "use_class",
}
REQUIRED_COLUMNS = ("客户名称", "客户类别", "证件类型", "证件号码")
HEADER_OF = {key: header for header, key in COLUMNS.items()}
COLUMN_ORDER = {key: index for index, key in enumerate(COLUMNS.values())}
