"""Demo contracts for `seed_demo`: every type in most statuses, with requests waiting in the
market manager's, the vice president's and the general manager's inboxes, an overdue
installment, and a hand-over waiting for the archivist. Built through the services."""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from approvals.models import ApprovalStep
from approvals.selectors import pending_request_for
from approvals.services import approval_decide
from contracts import services
from contracts.models import INSTALLATION_KINDS, Contract, ContractType, Kind, PriceStandard
from contracts.reference import ensure_reference_data
from customers.models import Customer

MARK = "（演示）"
# The company's own party of the demo (issue 13, point 5): filled where the profile is blank.
DEMO_COMPANY = {"address": "昆明市盘龙区北京路 1 号（演示）", "legal_representative": "李明",
                "bank": "中国工商银行昆明分行", "bank_account": "2502012345678901234",
                "tax_number": "91530100MA6K000000"}


def _company_profile(gm) -> None:
    """Fill the blank party fields of the company profile, keeping what an editor wrote."""
    from contracts.selectors import company_party, company_profile_get
    from contracts.services.company import company_profile_update

    party = company_party(company_profile_get())
    if all(party.values()):
        return
    company_profile_update(by=gm, **{name: value or DEMO_COMPANY.get(name, "")
                                     for name, value in party.items()})


def _clause_fields(contract_type, customer, title: str, today) -> dict:
    """What the demo contract's clauses print (issue 13, point 5): project, site and
    construction period of an installation, delivery point and supply start of a supply."""
    if contract_type.kind in INSTALLATION_KINDS:
        return {"project_name": title, "project_site": f"昆明市{customer.name}用气地址",
                "works_from": today, "works_to": today + datetime.timedelta(days=30)}
    if contract_type.kind == Kind.SUPPLY:
        return {"delivery_point": "户内燃气表前阀门", "supply_starts_on": today}
    return {}


def _standards(finance) -> dict:
    items = [("居民户内燃气安装", "户", "2800.00"), ("商业燃气管道安装", "米", "420.00"),
             ("燃气报警器及切断阀安装", "套", "860.00")]
    return {item: PriceStandard.objects.get_or_create(
        item=item, effective_from=datetime.date(2025, 1, 1),
        defaults={"unit": unit, "unit_price": Decimal(price), "approved_by": finance,
                  "document_number": "昆发改价格〔2025〕12号"})[0]
        for item, unit, price in items}


@transaction.atomic
def seed(stdout=None) -> int:
    ensure_reference_data()
    if Contract.objects.filter(title__endswith=MARK).exists():
        return 0
    users = {user.username: user for user in User.objects.filter(username__in=[
        "staff", "market_manager", "ops_vp", "gm", "finance", "archivist", "planning"])}
    staff, finance = users["staff"], users["finance"]
    prices = _standards(finance)
    types = {t.code: t for t in ContractType.objects.all()}
    active = Customer.objects.filter(status=Customer.Status.ACTIVE, notes="演示数据")
    residential = list(active.filter(category="residential")[:4])
    commercial = list(active.filter(category="commercial")[:3])
    upstream = Customer.objects.filter(category="upstream", notes="演示数据").first()
    today = datetime.date(2026, 11, 27)
    _company_profile(users["gm"])

    def draft(contract_type, customer, title, **fields):
        fields = _clause_fields(types[contract_type], customer, title, today) | fields
        return services.contract_create(by=fields.pop("by", staff),
                                        contract_type=types[contract_type], customer=customer,
                                        title=title + MARK, **fields)

    # 1. Ordinary residential installation: no approval, signed, first payment received.
    first = draft("installation", residential[0], "户内燃气安装",
                  price_lines=[(prices["居民户内燃气安装"], Decimal("1"))])
    services.contract_submit(contract=first, by=staff)
    first.refresh_from_db()
    services.contract_sign(contract=first, by=staff)
    services.installment_pay(contract=first, sequence=1, amount=first.amount, by=finance)
    # 2. Commercial installation in installments: waiting for the market manager; one overdue.
    schedule = [{"amount": Decimal("8400.00"), "due_on": today - datetime.timedelta(days=20),
                 "milestone": "签约后"},
                {"amount": Decimal("8400.00"), "due_on": today + datetime.timedelta(days=60),
                 "milestone": "通气前"}]
    steps = [{"description": "管道预埋", "planned_start": today,
              "planned_end": today + datetime.timedelta(days=10)},
             {"description": "燃气表及燃具安装"}, {"description": "验收通气"}]
    second = draft("installation", commercial[0], "商业厨房燃气管道安装",
                   payment_method="installments",
                   price_lines=[(prices["商业燃气管道安装"], Decimal("40"))],
                   installments=schedule, steps=steps)
    services.contract_submit(contract=second, by=staff)
    # 3. The same kind, already past the market manager: waiting for the vice president.
    third = draft("installation", commercial[1], "酒店燃气改造工程", payment_method="installments",
                  price_lines=[(prices["商业燃气管道安装"], Decimal("40"))],
                  installments=schedule, steps=steps)
    request = services.contract_submit(contract=third, by=staff)
    approval_decide(step=request.steps.get(position=1), by=users["market_manager"],
                    approve=True, comment="价格符合标准")
    # 4. Supply while installation fees are unpaid: waiting for the general manager.
    unpaid = draft("installation", residential[3], "户内燃气安装",
                   price_lines=[(prices["居民户内燃气安装"], Decimal("1"))])
    services.contract_submit(contract=unpaid, by=staff)
    unpaid.refresh_from_db()
    services.contract_sign(contract=unpaid, by=staff)
    account = residential[3].accounts.select_related("premises").first()
    supply = draft("residential_supply", residential[3], "居民供气合同",
                   premises=account.premises if account else None,
                   starts_on=today, ends_on=today.replace(year=today.year + 5))
    if not services.contract_problems(supply):
        services.contract_submit(contract=supply, by=staff)
    # 5. Take-or-pay for the upstream supplier: drafted by the VP, data from market and finance.
    if upstream is not None:
        top = draft("take_or_pay", upstream, "照付不议购气合同", by=users["ops_vp"],
                    starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 12, 31))
        services.contract_record_market_data(
            contract=top, by=users["market_manager"], annual_quantity=Decimal("36000000"),
            daily_max=Decimal("150000"), daily_min=Decimal("60000"),
            max_hourly_flow=Decimal("8000"), delivery_point="城东门站", pressure_mpa=Decimal("4"))
        services.contract_record_finance_data(
            contract=top, by=finance, gas_price=Decimal("2.3500"),
            take_or_pay_percent=Decimal("85"), settlement_period="每月结算")
        services.contract_submit(contract=top, by=users["ops_vp"])
    # 6. Alarm installation: signed, completed and waiting for the archivist.
    alarm = draft("alarm_installation", residential[1], "燃气报警器安装",
                  price_lines=[(prices["燃气报警器及切断阀安装"], Decimal("1"))])
    services.contract_submit(contract=alarm, by=staff)
    alarm.refresh_from_db()
    services.contract_sign(contract=alarm, by=staff)
    services.installment_pay(contract=alarm, sequence=1, amount=alarm.amount, by=finance)
    alarm.refresh_from_db()
    services.contract_finish(contract=alarm, by=staff)
    services.handover_prepare(contract=alarm, by=staff)
    # 7. Archived: completed, handed over and received by the archivist.
    archived = draft("alarm_installation", residential[2], "燃气报警器更换",
                     price_lines=[(prices["燃气报警器及切断阀安装"], Decimal("1"))])
    services.contract_submit(contract=archived, by=staff)
    archived = services.contract_sign(contract=archived, by=staff, signatories="张伟；王先生")
    services.installment_pay(contract=archived, sequence=1, amount=archived.amount, by=finance)
    archived.refresh_from_db()
    services.contract_finish(contract=archived, by=staff)
    handover = services.handover_prepare(contract=archived, by=staff)
    services.handover_receive(handover=handover, by=users["archivist"], location="档案室 A-01-03")
    # 8. Terminated, approved but not yet signed, waiting for an estimate, void.
    stopped = draft("installation", residential[3], "户内燃气改线",
                    price_lines=[(prices["居民户内燃气安装"], Decimal("1"))])
    services.contract_submit(contract=stopped, by=staff)
    stopped = services.contract_sign(contract=stopped, by=staff)
    services.contract_finish(contract=stopped, by=staff, terminated=True, reason="用户取消改线")
    ready = draft("alarm_installation", residential[0], "燃气报警器安装",
                  price_lines=[(prices["燃气报警器及切断阀安装"], Decimal("1"))])
    services.contract_submit(contract=ready, by=staff)
    draft("installation", commercial[2], "商业燃气管网新建", construction_period_required=True,
          price_lines=[(prices["商业燃气管道安装"], Decimal("120"))])
    abandoned = draft("installation", residential[1], "重复录入的安装合同",
                      price_lines=[(prices["居民户内燃气安装"], Decimal("1"))])
    services.contract_void(contract=abandoned, by=staff, reason="重复录入")
    # 9. A draft still being prepared.
    draft("residential_supply", residential[2], "居民供气合同",
          starts_on=today, ends_on=today.replace(year=today.year + 5))
    count = Contract.objects.filter(title__endswith=MARK).count()
    if stdout:
        pending = ApprovalStep.Status.PENDING
        waiting = [str(pending_request_for(c).steps.filter(status=pending).first())
                   for c in Contract.objects.filter(status=Contract.Status.IN_APPROVAL)]
        stdout.write(f"Demo contracts: {count} ({len(waiting)} waiting for approval).")
    return count
