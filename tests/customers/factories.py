"""Customer-archive test data, built through the services (they catch what factories skip)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from core.attachments import attachment_add
from customers import services
from customers.models import GasUseClass
from tests.accounts.factories import UserFactory

RESIDENT_IDS = ["11010519491231002X", "110101199003074258"]
CREDIT_CODES = ["91350100M000100Y43", "91110108551385082Q"]
DRAWING = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The equipment of the printed user sheet (tests/customers/test_pdf.py, bench/pdf.py): a meter,
# two appliances and an alarm with its shut-off valve, every field of the sheet filled.
SHEET_METER = {"number": "BH-2026-0001", "body_number": "SN88001234", "kind": "iot",
               "spec": "G2.5", "manufacturer": "金卡智能", "model": "NB-2.5",
               "inlet": "left", "initial_reading": Decimal("0.125"), "seal_number": "QF123456",
               "installed_on": datetime.date(2026, 3, 5),
               "verified_on": datetime.date(2026, 1, 10)}
SHEET_APPLIANCES = [
    {"kind": "stove", "brand": "方太", "model": "JZT-TH29B", "quantity": 1,
     "power_kw": Decimal("4.2"), "location": "厨房"},
    {"kind": "water_heater", "brand": "林内", "model": "RUS-16E", "quantity": 1,
     "power_kw": Decimal("32"), "exhaust": "forced", "location": "阳台"},
]
SHEET_ALARM = {"brand": "汉威", "model": "JT-HW-2", "serial_number": "HW20260001",
               "location": "厨房", "installed_on": datetime.date(2026, 3, 5),
               "valve_brand": "艾默生", "valve_model": "QF-15", "valve_size": "DN15"}


def resident_id(n: int) -> str:
    """A valid 18-digit resident ID, different for each n."""
    from core.validators import id_check_char

    first17 = f"110105198001{(n % 28) + 1:02d}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def credit_code(n: int) -> str:
    """A valid unified social credit code, different for each n."""
    from core.validators import uscc_check_char

    first17 = f"91530100{n:09d}"
    return first17 + uscc_check_char(first17)


_counter = iter(range(1, 10**6))


def make_customer(*, by=None, category="residential", contacts=None, **fields):
    """A customer created by a staff member (the responsible staff and custodian by default)."""
    by = by or UserFactory(roles=["staff"])
    n = next(_counter)
    if category == "residential":
        defaults = {"name": f"居民{n}", "id_type": "resident_id", "id_number": resident_id(n)}
    else:
        defaults = {"name": f"单位{n}", "id_type": "uscc", "id_number": credit_code(n)}
    defaults.update(fields)
    return services.customer_create(by=by, category=category, contacts=contacts or (),
                                    **defaults)


def make_notice(*, planner=None, with_drawing=True, **premises):
    planner = planner or UserFactory(roles=["planning"])
    place = services.premises_create(by=planner, **({"district": "五华区", "community": "翠湖小区",
                                                      "building": "3", "room": "501"} | premises))
    notice = services.notice_issue(premises=place, by=planner)
    if with_drawing:
        attachment_add(record=notice, by=planner, kind="drawing",
                       uploaded_file=SimpleUploadedFile("验收图纸.pdf", DRAWING,
                                                        content_type="application/pdf"))
    return notice


def make_account(*, customer, by=None, meter=True, appliance=True):
    by = by or customer.sales_rep
    notice = make_notice()
    return services.account_open(
        customer=customer, premises=notice.premises, notice=notice, by=by,
        use_class=GasUseClass.objects.get(code="res_cooking"),
        meter={"number": f"M{customer.pk:06d}", "kind": "iot", "spec": "G2.5",
               "installed_on": datetime.date(2026, 11, 2)} if meter else None,
        appliances=[{"kind": "stove", "brand": "方太", "flame_out_protection": True}]
        if appliance else ())
