"""Demo customer archive for `seed_demo`: about 60 customers of every category with accounts,
meters, appliances, alarms, visits and transactions; some archives confirmed by the sales
director, a few still waiting in the inbox, and two access requests waiting for the GM.

Everything goes through the services, so the demo data obeys the same rules as real data.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import User
from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from core.attachments import attachment_add
from core.validators import id_check_char, uscc_check_char
from customers import services
from customers.models import Customer, GasUseClass
from customers.reference import ensure_reference_data

MARK = "演示数据"
FAMILY = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"]
COMMUNITIES = ["翠湖小区", "金江花园", "世纪城", "滇池卫城", "春城花园", "北辰小区", "书林苑"]
DISTRICTS = ["五华区", "盘龙区", "官渡区", "西山区", "呈贡区"]
ORGANISATIONS = {
    "commercial": ["翠湖宾馆", "老昆明餐厅", "云岭大酒店", "滇味米线馆", "春城洗浴中心",
                   "金马商场", "南屏咖啡", "园西路饭店", "东风酒楼", "桥香园过桥米线"],
    "public_welfare": ["第一人民医院", "云大附中", "五华区敬老院", "盘龙区妇幼保健院",
                       "官渡区第二小学", "呈贡区福利院", "西山区卫生院"],
    "industrial": ["滇中陶瓷厂", "昆明食品厂", "春城制药", "云南机床厂", "西南印染厂",
                   "滇池啤酒厂"],
    "collective": ["昆钢职工小区", "省机关宿舍", "铁路局家属院", "电力公司宿舍",
                   "师范大学家属区", "邮政局职工楼", "烟厂生活区"],
    "upstream": ["中石油云南销售公司", "中石化天然气分公司", "滇中燃气储运公司",
                 "西南管道公司", "云南液化天然气公司"],
}
PLAN = [("residential", 25), ("commercial", 10), ("public_welfare", 7), ("industrial", 6),
        ("collective", 7), ("upstream", 5)]
DRAWING = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _resident_id(n: int) -> str:
    first17 = f"530102{1960 + n % 40}{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def _credit_code(n: int) -> str:
    first17 = f"91530100MA{n:07d}"
    return first17 + uscc_check_char(first17)


def _mobile(n: int) -> str:
    return f"139{n:08d}"


@transaction.atomic
def seed(stdout=None) -> int:
    """Create the demo archive once; returns how many customers were created (0 if present)."""
    ensure_reference_data()
    if Customer.objects.filter(notes=MARK).exists():
        return 0
    rng = random.Random(2026)
    staff = User.objects.get(username="staff")
    planning = User.objects.get(username="planning")
    director = User.objects.get(username="sales_director")
    office = User.objects.get(username="office")
    gm = User.objects.get(username="gm")
    residential_class = GasUseClass.objects.get(code="res_cooking")
    commercial_class = GasUseClass.objects.get(code="commercial")
    created, n = [], 0
    for category, count in PLAN:
        for index in range(count):
            n += 1
            customer = _customer(category, index, n, staff)
            created.append(customer)
            if category != "upstream" and n % 6 != 0:
                _account(customer, n, staff, planning, rng,
                         residential_class if category == "residential" else commercial_class)
            if n % 3 == 0:
                services.visit_save(customer=customer, by=staff, kind="regular",
                                    planned_on=datetime.date(2026, 12, 1 + n % 20),
                                    notes="上门回访，检查燃气具使用情况")
            if n % 4 == 0:
                services.transaction_add(customer=customer, by=staff, kind="installation",
                                         date=datetime.date(2026, 10, 1 + n % 28),
                                         amount=Decimal(2800 + 100 * (n % 7)),
                                         reference=f"FP2026{n:05d}")
    # All but the last six archives are confirmed; those six wait in the director's inbox.
    for customer in created[:-6]:
        request = pending_request_for(customer)
        if request is not None:
            approval_decide(step=request.steps.get(), by=director, approve=True,
                            comment="资料齐全，同意建档")
    others = [customer for customer in created if customer.sales_rep_id == staff.pk][:2]
    for customer in others:
        services.access_request_create(requester=office, customers=[customer],
                                       purpose="客户满意度回访需要核对联系方式",
                                       scope="view", days=7)
    if stdout:
        stdout.write(f"Demo customers: {len(created)} (6 archives and 2 access requests "
                     f"waiting for {director} and {gm}).")
    return len(created)


def _customer(category: str, index: int, n: int, staff) -> Customer:
    if category == "residential":
        name = FAMILY[n % len(FAMILY)] + GIVEN[n % len(GIVEN)] + GIVEN[(n * 7) % len(GIVEN)]
        return services.customer_create(
            by=staff, category=category, name=name, id_type="resident_id",
            id_number=_resident_id(n), low_income=n % 9 == 0, notes=MARK,
            contacts=[{"name": name, "mobile": _mobile(n)}] if n % 2 else ())
    name = ORGANISATIONS[category][index % len(ORGANISATIONS[category])]
    return services.customer_create(
        by=staff, category=category, name=name, id_type="uscc", id_number=_credit_code(n),
        legal_representative=FAMILY[n % len(FAMILY)] + "总", industry="", notes=MARK,
        invoice_title=name, tax_number=_credit_code(n),
        contacts=[{"name": FAMILY[(n + 3) % len(FAMILY)] + "经理", "position": "后勤主管",
                   "mobile": _mobile(n), "is_primary": True}])


def _account(customer, n, staff, planning, rng, use_class) -> None:
    premises = services.premises_create(
        by=planning, district=DISTRICTS[n % len(DISTRICTS)],
        community=COMMUNITIES[n % len(COMMUNITIES)], building=str(1 + n % 12),
        unit=str(1 + n % 3), floor=str(1 + n % 18), room=f"{1 + n % 18}0{1 + n % 4}")
    notice = services.notice_issue(premises=premises, by=planning,
                                   issued_on=datetime.date(2026, 10, 1 + n % 28))
    attachment_add(record=notice, by=planning, kind="drawing", title="竣工验收图",
                   uploaded_file=SimpleUploadedFile(f"验收图纸-{notice.number}.pdf", DRAWING,
                                                    content_type="application/pdf"))
    complete = n % 5 != 0  # every fifth account still lacks meter and appliances
    account = services.account_open(
        customer=customer, premises=premises, notice=notice, use_class=use_class, by=staff,
        meter={"number": f"NB{2026000 + n}", "kind": rng.choice(["iot", "ic_volume"]),
               "spec": "G2.5" if customer.category == "residential" else "G16",
               "manufacturer": "金卡智能", "installed_on": datetime.date(2026, 10, 10),
               "initial_reading": Decimal("0.000")} if complete else None,
        appliances=[{"kind": "stove", "brand": rng.choice(["方太", "老板", "华帝"]),
                     "flame_out_protection": True},
                    {"kind": "water_heater", "brand": "A.O.史密斯", "exhaust": "forced"}]
        if complete else ())
    if complete and customer.category != "residential":
        services.alarm_add(account=account, by=staff, brand="汉威", model="JT-AEC2361",
                           installed_on=datetime.date(2026, 10, 12), valve_brand="埃美柯",
                           valve_model="DN25")
    if complete:
        services.account_ignite(account=account, by=staff)
