"""Reference data of contracts, ensured idempotently by a data migration and by `seed_demo`:
the five contract types of 第三条 with versions 1 and 2 of their clauses, and the routes of
第四条."""

import datetime

from accounts.roles import GM, MARKET_MANAGER, OPS_VP

TYPES = [
    ("installation", "工程安装合同", "installation", "AZ"),
    ("alarm_installation", "燃气报警器安装合同", "alarm_installation", "BJ"),
    ("residential_supply", "居民供气合同", "supply", "JG"),
    ("commercial_supply", "商业供气合同", "supply", "SG"),
    ("take_or_pay", "照付不议合同", "take_or_pay", "ZF"),
]

CLAUSES = {
    "installation": (
        "第一条 工程名称及地点：{premises_address}。\n"
        "第二条 工程内容：按规划建设管理部审定的设计图纸进行燃气管道及设施安装。\n"
        "第三条 工程价款：人民币{amount}元（大写：{amount_in_capitals}），"
        "按物价部门确定的收费标准或预算部门测定的金额计收，不得多收或少收。\n"
        "第四条 付款方式及期限：按本合同付款计划执行。\n"
        "第五条 工期：{starts_on}至{ends_on}。\n"
        "第六条 验收：工程完工后由双方共同验收，验收合格后方可通气。\n"
        "第七条 其他未尽事宜由双方协商解决。"),
    "alarm_installation": (
        "第一条 安装地点：{premises_address}。\n"
        "第二条 安装内容：燃气泄漏报警器及联动切断阀。\n"
        "第三条 价款：人民币{amount}元（大写：{amount_in_capitals}）。\n"
        "第四条 报警器到期应及时更换。"),
    "residential_supply": (
        "第一条 用气地址：{premises_address}。\n"
        "第二条 供气方式：管道天然气，气质符合 GB 17820。\n"
        "第三条 计量：以经检定合格的燃气表计量；抄表结算周期按公司规定执行。\n"
        "第四条 气价：执行政府定价。\n"
        "第五条 安全：用户应正确使用燃气设施，配合入户安全检查。\n"
        "第六条 合同期限：{starts_on}至{ends_on}。"),
    "commercial_supply": (
        "第一条 用气地址：{premises_address}。\n"
        "第二条 供气方式与压力：管道天然气，燃具前压力符合规范要求。\n"
        "第三条 气价：执行政府定价，结算周期按月。\n"
        "第四条 逾期付款按日加收千分之三滞纳金；欠费经通知后可暂停供气。\n"
        "第五条 维护责任以燃气表为界。\n"
        "第六条 合同期限：{starts_on}至{ends_on}。"),
    "take_or_pay": (
        "第一条 交付点及压力：按本合同照付不议条款执行。\n"
        "第二条 年合同量、月计划及日最大最小量：按本合同照付不议条款执行。\n"
        "第三条 照付不议：买方年度实际提气量低于年合同量约定比例的，差额部分照付。\n"
        "第四条 价格及调整：按本合同约定执行。\n"
        "第五条 计量标准状态：20 °C，101.325 kPa。\n"
        "第六条 合同期限：{starts_on}至{ends_on}。"),
}

# Version 2 (issue 13, point 5): every value a clause prints is asked for by the drafting form
# (project name and site, construction period, delivery point and supply start), so a signed
# text never prints "—". Version 1 stays on record for the contracts signed under it.
CLAUSES_V2 = {
    "installation": (
        "第一条 工程名称：{project_name}；工程地点：{project_site}。\n"
        "第二条 工程内容：按规划建设管理部审定的设计图纸进行燃气管道及设施安装。\n"
        "第三条 工程价款：人民币{amount}元（大写：{amount_in_capitals}），"
        "按物价部门确定的收费标准或预算部门测定的金额计收，不得多收或少收。\n"
        "第四条 付款方式及期限：按本合同付款计划执行。\n"
        "第五条 工期：{works_from}至{works_to}。\n"
        "第六条 验收：工程完工后由双方共同验收，验收合格后方可通气。\n"
        "第七条 其他未尽事宜由双方协商解决。"),
    "alarm_installation": (
        "第一条 安装项目：{project_name}；安装地点：{project_site}。\n"
        "第二条 安装内容：燃气泄漏报警器及联动切断阀。\n"
        "第三条 价款：人民币{amount}元（大写：{amount_in_capitals}）。\n"
        "第四条 安装期限：{works_from}至{works_to}。\n"
        "第五条 报警器到期应及时更换。"),
    "residential_supply": (
        "第一条 用气地址：{premises_address}。\n"
        "第二条 供气方式：管道天然气，气质符合 GB 17820；交付点：{delivery_point}；"
        "自{supply_starts_on}起供气。\n"
        "第三条 计量：以经检定合格的燃气表计量；抄表结算周期按公司规定执行。\n"
        "第四条 气价：执行政府定价。\n"
        "第五条 安全：用户应正确使用燃气设施，配合入户安全检查。\n"
        "第六条 合同期限：{starts_on}至{ends_on}。"),
    "commercial_supply": (
        "第一条 用气地址：{premises_address}。\n"
        "第二条 供气方式与压力：管道天然气，燃具前压力符合规范要求；交付点：{delivery_point}；"
        "自{supply_starts_on}起供气。\n"
        "第三条 气价：执行政府定价，结算周期按月。\n"
        "第四条 逾期付款按日加收千分之三滞纳金；欠费经通知后可暂停供气。\n"
        "第五条 维护责任以燃气表为界。\n"
        "第六条 合同期限：{starts_on}至{ends_on}。"),
    "take_or_pay": (
        "第一条 交付点及压力：交付点为{delivery_point}，压力按本合同照付不议条款执行。\n"
        "第二条 年合同量、月计划及日最大最小量：按本合同照付不议条款执行。\n"
        "第三条 照付不议：买方年度实际提气量低于年合同量约定比例的，差额部分照付。\n"
        "第四条 价格及调整：按本合同约定执行。\n"
        "第五条 计量标准状态：20 °C，101.325 kPa。\n"
        "第六条 合同期限：{starts_on}至{ends_on}。"),
}
# Version 2 is in force from the same day as version 1: the later version wins on a tie.
CLAUSES_V2_EFFECTIVE = datetime.date(2020, 1, 1)
# The company's own party before issue 13 printed this placeholder (settings.COMPANY_NAME).
DEFAULT_COMPANY_NAME = "燃气公司"

ROUTES = [
    ("商业、集体用户安装合同", "contracts.non_residential_installation", MARKET_MANAGER, 20,
     "第四条：商业用户、集体用户安装合同由市场部经理审核签字"),
    ("分批付款安装合同", "contracts.installation_in_installments", OPS_VP, 30,
     "第四条：分批付款的安装合同由经营副总签字审批"),
    ("产权归属争议", "contracts.ownership_dispute", OPS_VP, 30,
     "第五条：大型用户涉及产权归属争议的由经营副总审核确定"),
    ("未结清安装费的供气合同", "contracts.supply_with_unpaid_installation", GM, 40,
     "第四条：未结清安装费用需要送气的由总经理审批签字"),
    ("照付不议合同", "contracts.take_or_pay", GM, 40,
     "第四条、第九条：照付不议合同由经营副总草拟，总经理审核签订"),
]


def ensure_reference_data(apps=None) -> None:
    """Create what is missing; never changes what an administrator has edited since."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    from approvals.setup import ensure_route

    ContractType = apps.get_model("contracts", "ContractType")
    ClauseTemplate = apps.get_model("contracts", "ClauseTemplate")
    for code, name, kind, prefix in TYPES:
        contract_type, _ = ContractType.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "prefix": prefix})
        ClauseTemplate.objects.get_or_create(
            contract_type=contract_type, version=1,
            defaults={"effective_from": datetime.date(2020, 1, 1), "body": CLAUSES[code]})
        ClauseTemplate.objects.get_or_create(
            contract_type=contract_type, version=2,
            defaults={"effective_from": CLAUSES_V2_EFFECTIVE, "body": CLAUSES_V2[code]})
    for name, condition, role, rank, description in ROUTES:
        ensure_route(apps, app_label="contracts", model="contract", condition=condition,
                     name=name, description=description, steps=[(role, rank)])
