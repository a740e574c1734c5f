"""Reference data of complaints, ensured idempotently by a data migration (and by `seed_demo`
if it calls it): the two-level category tree of a city gas company with its time limits, the
general manager's approval route of handling results (篇二 §7.2, §7.3), and the right of the
GM and the system administrator to edit the categories in the admin.

Names are data (Chinese, as the company uses them), not interface text. The limits follow
common service commitments (DOMAIN.md): a safety hazard is answered within the hour and
resolved the same working day; other complaints within 1–5 working days.
"""

from decimal import Decimal

from accounts.roles import GM, SYSADMIN

# (code, parent code, name, first response (working hours), resolution (working days),
#  safety hazard); a child without limits uses its parent's.
CATEGORIES = [
    ("safety", None, "安全隐患", "1", "1", True),
    ("gas_smell", "safety", "燃气异味", None, None, True),
    ("gas_leak", "safety", "燃气泄漏", None, None, True),
    ("safety_other", "safety", "其他安全隐患", "2", "2", True),
    ("supply", None, "供气质量与压力", "4", "3", False),
    ("outage", "supply", "停气、供气中断", "2", None, False),
    ("pressure", "supply", "压力不稳、火力小", None, None, False),
    ("gas_quality", "supply", "气质问题", None, None, False),
    ("metering", None, "计量与收费", "8", "3", False),
    ("meter_fault", "metering", "表具故障（走快、走慢、停走）", None, "5", False),
    ("meter_reading", "metering", "抄表争议", None, None, False),
    ("card_iot", "metering", "IC卡表、物联网表及阀门", None, None, False),
    ("price_billing", "metering", "价格、阶梯气价与滞纳金", None, None, False),
    ("invoice", "metering", "发票", None, None, False),
    ("installation", None, "工程安装", "8", "5", False),
    ("install_delay", "installation", "安装延误", None, None, False),
    ("install_quality", "installation", "施工质量", None, None, False),
    ("reinstatement", "installation", "道路、绿化恢复", None, None, False),
    ("repair", None, "维修服务", "4", "3", False),
    ("repair_slow", "repair", "维修不及时", None, None, False),
    ("repair_charge", "repair", "维修收费", None, None, False),
    ("attitude", None, "服务态度", "8", "3", False),
    ("attitude_counter", "attitude", "营业厅人员", None, None, False),
    ("attitude_hotline", "attitude", "热线人员", None, None, False),
    ("attitude_field", "attitude", "上门人员", None, None, False),
    ("process", None, "服务流程", "8", "5", False),
    ("process_procedure", "process", "办理手续繁琐", None, None, False),
    ("process_appointment", "process", "预约、上门不守时", None, None, False),
    ("other", None, "其他", "8", "5", False),
]

ROUTE = ("投诉处理结果审批", "complaints.resolution",
         "篇二 7.2、7.3：投诉处理结果经公司总经理审批后，由办公室反馈到客户")


def ensure_reference_data(apps=None) -> None:
    """Create what is missing; never changes what an administrator has edited since."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    from accounts.roles import grant_model_permissions
    from approvals.setup import ensure_route

    Category = apps.get_model("complaints", "ComplaintCategory")
    created = {}
    for order, (code, parent, name, hours, days, hazard) in enumerate(CATEGORIES, start=1):
        created[code], _ = Category.objects.get_or_create(code=code, defaults={
            "parent": created.get(parent), "name": name, "ordering": order * 10,
            "first_response_hours": Decimal(hours) if hours else None,
            "resolution_days": Decimal(days) if days else None, "is_safety_hazard": hazard})
    name, condition, description = ROUTE
    ensure_route(apps, app_label="complaints", model="complaint", condition=condition,
                 name=name, description=description, steps=[(GM, 50)])
    for group in (GM, SYSADMIN):  # the category tree is configuration
        grant_model_permissions(apps, group, "complaints", "complaintcategory",
                                ("add", "change", "view"))
