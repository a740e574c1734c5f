"""The rules of 篇一 for contracts: routes (第四条), completeness (第五条, 第七条, 第九条), fees
(第六条) and the frozen text after signing."""

import datetime
from decimal import Decimal
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.selectors import route_resolve
from contracts import services
from contracts.models import Contract, ContractType, PriceStandard
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import INSTALLATION_CLAUSE_FIELDS
from tests.customers.factories import make_customer, make_notice

pytestmark = pytest.mark.django_db

MM, VP, GM = "market_manager", "ops_vp", "gm"

# The regulation's route for each contract type and customer category, before the two flags
# that add steps whatever the type (installments on installation contracts, ownership
# disputes on any contract) and the unpaid-fees flag of supply contracts:
#   第四条: 零散居民安装 → staff signs; 商业、集体安装 → 市场部经理 (公福、工业 alike);
#           分批付款安装 → 经营副总; 供气 → staff signs, unless installation fees are unpaid →
#           总经理; 照付不议 → 总经理.   第五条: ownership dispute → 经营副总.
EXPECTED = {
    # (type,               category,         installments, unpaid, dispute): route
    ("installation",       "residential",    False, False, False): [],
    ("installation",       "residential",    True,  False, False): [VP],
    ("installation",       "residential",    False, False, True):  [VP],
    ("installation",       "residential",    True,  False, True):  [VP],
    ("installation",       "commercial",     False, False, False): [MM],
    ("installation",       "commercial",     True,  False, False): [MM, VP],
    ("installation",       "commercial",     True,  False, True):  [MM, VP],
    ("installation",       "collective",     False, False, False): [MM],
    ("installation",       "collective",     True,  False, False): [MM, VP],
    ("installation",       "public_welfare", False, False, False): [MM],
    ("installation",       "industrial",     False, False, True):  [MM, VP],
    ("alarm_installation", "residential",    False, False, False): [],
    ("alarm_installation", "residential",    True,  False, False): [VP],
    ("alarm_installation", "commercial",     False, False, False): [MM],
    ("alarm_installation", "commercial",     True,  False, False): [MM, VP],
    ("residential_supply", "residential",    False, False, False): [],
    ("residential_supply", "residential",    True,  False, False): [],
    ("residential_supply", "residential",    False, True,  False): [GM],
    ("residential_supply", "residential",    False, False, True):  [VP],
    ("residential_supply", "residential",    False, True,  True):  [VP, GM],
    ("commercial_supply",  "commercial",     False, False, False): [],
    ("commercial_supply",  "commercial",     False, True,  False): [GM],
    ("commercial_supply",  "collective",     False, True,  False): [GM],
    ("commercial_supply",  "industrial",     False, False, True):  [VP],
    ("take_or_pay",        "industrial",     False, False, False): [GM],
    ("take_or_pay",        "upstream",       False, False, False): [GM],
    ("take_or_pay",        "commercial",     False, True,  False): [GM],
    ("take_or_pay",        "industrial",     False, False, True):  [VP, GM],
}


def _rule(code, category, installments, unpaid, dispute):
    """The route the regulation prescribes, for the combinations not listed above."""
    kind = ContractType.objects.get(code=code).kind
    route = []
    if kind in ("installation", "alarm_installation") and category in (
            "commercial", "collective", "public_welfare", "industrial"):
        route.append(MM)
    if (kind in ("installation", "alarm_installation") and installments) or dispute:
        route.append(VP)
    if (kind == "supply" and unpaid) or kind == "take_or_pay":
        route.append(GM)
    return route


def _unpaid_installation(customer, staff):
    """An approved installation contract of the customer with its fee not yet paid."""
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=customer, title="庭院管网安装", price_lines=[(_standard(), Decimal("1"))])
    Contract.objects.filter(pk=contract.pk).update_unrecorded(status=Contract.Status.APPROVED)


def _standard(price="2800.00"):
    return PriceStandard.objects.get_or_create(
        item="居民户内燃气安装", unit="户", unit_price=Decimal(price),
        effective_from=datetime.date(2025, 1, 1), document_number="昆发改价格〔2025〕12号",
        defaults={"approved_by": UserFactory(roles=["finance"])})[0]


COMBINATIONS = list(product(
    ["installation", "alarm_installation", "residential_supply", "commercial_supply",
     "take_or_pay"],
    ["residential", "commercial", "collective", "public_welfare", "industrial", "upstream"],
    [False, True], [False, True], [False, True]))


@pytest.mark.parametrize(("code", "category", "installments", "unpaid", "dispute"),
                         COMBINATIONS)
def test_every_contract_takes_the_route_the_regulation_prescribes(
        code, category, installments, unpaid, dispute):
    """For every type, category, installments, unpaid fees and ownership dispute, the resolved
    route is the one of 第四条 and 第五条 (the written-out table first, then the rule)."""
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff, category=category)
    if unpaid:
        _unpaid_installation(customer, staff)
    contract = Contract(contract_type=ContractType.objects.get(code=code), customer=customer,
                        payment_method="installments" if installments else "one",
                        ownership_dispute=dispute, title="x")

    roles = [item.step.role.name for item in route_resolve(contract).steps]

    key = (code, category, installments, unpaid, dispute)
    assert roles == EXPECTED.get(key, _rule(*key))


def test_the_written_table_agrees_with_the_rule():
    """Guard against a table and a rule that disagree."""
    mismatches = [key for key, route in EXPECTED.items() if _rule(*key) != route]

    assert mismatches == []


# --- Drafting ---------------------------------------------------------------------------------
def test_the_installation_amount_comes_from_the_price_standard_and_cannot_be_forged():
    """第六条: amount = standard price × quantity; an amount passed in is ignored."""
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff)

    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"), customer=customer,
        title="户内安装", price_lines=[(_standard("2800.00"), Decimal("2"))], amount="1.00")

    assert contract.amount == Decimal("5600.00")
    assert contract.number.startswith("AZ-") and contract.number.endswith("-000001")
    assert contract.installments.get().amount == Decimal("5600.00")


def test_drafting_a_contract_writes_one_history_row_with_its_computed_amount():
    """One drafting, one version of the contract: the amount is computed before it is saved;
    the price lines and the installment keep their own rows."""
    staff = UserFactory(roles=["staff"])

    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="户内安装",
        price_lines=[(_standard("2800.00"), Decimal("2"))])

    versions = Contract.history.filter(id=contract.pk)
    assert versions.count() == 1
    assert versions.get().amount == Decimal("5600.00")
    assert versions.get().history_user == staff
    assert contract.price_lines.get().history.count() == 1
    assert contract.installments.get().history.count() == 1


def test_drafting_from_an_issued_budget_writes_one_history_row_with_the_budget_total():
    """第六条: the budget's total is the amount of the contract's first and only version."""
    staff, budget_user = UserFactory(roles=["staff"]), UserFactory(roles=["budget"])
    customer = make_customer(by=staff, category="industrial")
    budget = services.budget_create(
        by=budget_user, customer=customer, description="厂区管网改造",
        lines=[{"description": "调压箱", "quantity": 2, "unit": "台", "unit_price": 12800}])
    services.budget_issue(budget=budget, by=budget_user)

    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=customer, title="改造", budget=budget)

    version = Contract.history.get(id=contract.pk)
    assert (version.amount, version.budget_id) == (Decimal("25600.00"), budget.pk)


def test_a_price_standard_not_in_force_on_the_contract_date_is_refused():
    """A superseded price cannot be used."""
    staff = UserFactory(roles=["staff"])
    old = _standard()
    old.effective_to = datetime.date(2025, 6, 30)
    old.save()

    with pytest.raises(ValidationError, match="不在|not in force|未生效|有效"):
        services.contract_create(by=staff, contract_type=ContractType.objects.get(
            code="installation"), customer=make_customer(by=staff), title="x",
            price_lines=[(old, Decimal("1"))])


def test_only_the_vice_president_drafts_take_or_pay():
    """第九条: staff cannot create a take-or-pay contract; the VP can."""
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff, category="industrial")
    take_or_pay = ContractType.objects.get(code="take_or_pay")

    with pytest.raises(PermissionDenied):
        services.contract_create(by=staff, contract_type=take_or_pay, customer=customer,
                                 title="照付不议")
    contract = services.contract_create(by=UserFactory(roles=["ops_vp"]),
                                        contract_type=take_or_pay, customer=customer,
                                        title="照付不议")
    assert contract.number.startswith("ZF-")


# --- Completeness ---------------------------------------------------------------------------
def _problems(contract):
    return services.contract_problems(Contract.objects.get(pk=contract.pk))


def test_an_installment_contract_needs_deadlines_steps_and_a_matching_total():
    """第五条: each refusal is its own Chinese message."""
    staff = UserFactory(roles=["staff"])
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="分期安装", payment_method="installments",
        price_lines=[(_standard("3000.00"), Decimal("1"))],
        installments=[{"amount": Decimal("1000"), "due_on": datetime.date(2026, 12, 1)},
                      {"amount": Decimal("1000")}])

    problems = " ".join(_problems(contract))

    assert "交款期限" in problems or "付款期限" in problems
    assert "安装内容步骤" in problems or "安装步骤" in problems
    assert "2000" in problems and "3000" in problems


def test_a_collective_customer_without_a_contact_cannot_be_submitted():
    """第五条: 集体用户必须有联系人姓名和电话."""
    staff = UserFactory(roles=["staff"])
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff, category="collective"), title="集体安装",
        price_lines=[(_standard(), Decimal("10"))])

    with pytest.raises(ValidationError) as excinfo:
        services.contract_submit(contract=contract, by=staff)

    assert any("联系人" in message for message in excinfo.value.messages)


def test_a_construction_period_needs_the_planning_estimate_first():
    """第五条: 有工期要求的要经过规划建设部测算."""
    staff = UserFactory(roles=["staff"])
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="工期", construction_period_required=True,
        price_lines=[(_standard(), Decimal("1"))])
    assert any("规划建设" in problem for problem in _problems(contract))

    with pytest.raises(PermissionDenied):
        services.contract_record_estimate(contract=contract, by=staff, days=30)
    services.contract_record_estimate(contract=contract, by=UserFactory(roles=["planning"]),
                                      days=30)

    assert _problems(contract) == []


def test_a_supply_contract_needs_the_delivery_notice_of_its_premises():
    """第七条: no notice for the premises, no supply contract."""
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff)
    supply = ContractType.objects.get(code="residential_supply")
    notice = make_notice()
    without = services.contract_create(by=staff, contract_type=supply, customer=customer,
                                       title="供气", starts_on=datetime.date(2026, 12, 1),
                                       ends_on=datetime.date(2031, 11, 30))
    with_notice = services.contract_create(by=staff, contract_type=supply, customer=customer,
                                           title="供气", premises=notice.premises,
                                           starts_on=datetime.date(2026, 12, 1),
                                           ends_on=datetime.date(2031, 11, 30))

    assert any("送气通知单" in problem for problem in _problems(without))
    assert _problems(with_notice) == []


@pytest.mark.parametrize(("category", "annual", "daily", "eligible"), [
    ("industrial", 2999999, 9999, False),
    ("industrial", 3000000, 0, True),
    ("industrial", 0, 10000, True),
    ("commercial", 2999999, 9999, False),
    ("commercial", 3000000, 9999, True),
    ("upstream", 0, 0, True),
])
def test_take_or_pay_eligibility_boundaries(category, annual, daily, eligible):
    """第九条: ≥ 3,000,000 m³ a year or ≥ 10,000 m³ a day (inclusive), industrial or large
    commercial users, or upstream suppliers (other categories cannot even be drafted:
    test_customer_reads)."""
    vp = UserFactory(roles=["ops_vp"])
    contract = services.contract_create(
        by=vp, contract_type=ContractType.objects.get(code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=["staff"]), category=category),
        title="照付不议", starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 12, 31))
    services.contract_record_market_data(
        contract=contract, by=UserFactory(roles=["market_manager"]), annual_quantity=annual,
        daily_max=daily, daily_min=0, max_hourly_flow=500, delivery_point="城东门站")
    services.contract_record_finance_data(
        contract=contract, by=UserFactory(roles=["finance"]), gas_price=Decimal("2.85"),
        take_or_pay_percent=Decimal("80"), settlement_period="每月")

    problems = _problems(contract)

    assert (not any("第九条" in problem for problem in problems)) is eligible


def test_take_or_pay_data_must_come_from_market_and_finance():
    """Market and finance data filled by their departments; nobody else may fill them."""
    vp = UserFactory(roles=["ops_vp"])
    contract = services.contract_create(
        by=vp, contract_type=ContractType.objects.get(code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=["staff"]), category="upstream"),
        title="照付不议", starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 12, 31))

    with pytest.raises(PermissionDenied):
        services.contract_record_market_data(contract=contract, by=vp, annual_quantity=1)
    problems = " ".join(_problems(contract))

    assert "市场" in problems and "财务" in problems


# --- Submission, approval, signing -------------------------------------------------------------
def test_an_ordinary_residential_installation_needs_no_approval_and_freezes_its_text_at_signing():
    """The staff member signs; the clauses printed are the template version of signing day."""
    staff = UserFactory(roles=["staff"])
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff, name="李四"), title="户内安装",
        price_lines=[(_standard("2800.00"), Decimal("1"))], **INSTALLATION_CLAUSE_FIELDS)

    assert services.contract_submit(contract=contract, by=staff) is None
    contract.refresh_from_db()
    services.contract_sign(contract=contract, by=staff)
    template = contract.contract_type.current_template()
    template.body = "改过的条款"
    template.save()

    contract.refresh_from_db()
    assert contract.status == "signed"
    assert "贰仟捌佰元整" in contract.signed_text
    assert "改过的条款" not in contract.signed_text
    with pytest.raises(ValidationError):
        services.contract_record_estimate(contract=contract, by=UserFactory(roles=["planning"]),
                                          days=3)


def test_a_commercial_installment_contract_goes_to_the_manager_then_the_vice_president():
    """The engine runs the route; the contract follows its status."""
    from approvals.selectors import pending_request_for
    from approvals.services import approval_decide

    staff = UserFactory(roles=["staff"])
    manager, vp = UserFactory(roles=[MM]), UserFactory(roles=[VP])
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff, category="commercial",
                               contacts=[{"name": "李经理", "mobile": "13812345678"}]),
        title="商业分期安装", payment_method="installments",
        price_lines=[(_standard("3000.00"), Decimal("2"))],
        installments=[{"amount": Decimal("3000"), "due_on": datetime.date(2026, 12, 1)},
                      {"amount": Decimal("3000"), "due_on": datetime.date(2027, 3, 1)}],
        steps=[{"description": "管道预埋"}, {"description": "设备安装"}])

    request = services.contract_submit(contract=contract, by=staff)
    contract.refresh_from_db()
    assert contract.status == "in_approval"
    assert [step.role.name for step in request.steps.order_by("position")] == [MM, VP]
    approval_decide(step=request.steps.get(position=1), by=manager, approve=True)
    approval_decide(step=request.steps.get(position=2), by=vp, approve=True)

    contract.refresh_from_db()
    assert contract.status == "approved"
    assert pending_request_for(contract) is None


def test_a_non_standard_job_takes_the_amount_of_the_issued_budget(client):
    """第六条: 预算员 prepares and issues a budget; the contract's amount is its total."""
    budget_user = UserFactory(roles=["budget"])
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff, category="industrial")
    client.force_login(budget_user)
    client.post("/contracts/budgets/", {
        "customer_number": customer.number, "description": "厂区管网改造",
        "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0",
        "lines-0-description": "DN100 钢管", "lines-0-quantity": "120", "lines-0-unit": "米",
        "lines-0-unit_price": "185.50",
        "lines-1-description": "调压箱", "lines-1-quantity": "1", "lines-1-unit": "台",
        "lines-1-unit_price": "12800"})
    from contracts.models import BudgetEstimate

    budget = BudgetEstimate.objects.get()
    with pytest.raises(ValidationError):
        services.contract_create(by=staff, contract_type=ContractType.objects.get(
            code="installation"), customer=customer, title="改造", budget=budget)
    client.post("/contracts/budgets/", {"issue": budget.pk})
    budget.refresh_from_db()

    contract = services.contract_create(by=staff, contract_type=ContractType.objects.get(
        code="installation"), customer=customer, title="改造", budget=budget)

    assert budget.is_issued and budget.number.startswith("YS")
    assert contract.amount == Decimal("35060.00")


def test_only_the_budget_department_prepares_budgets(client):
    """Other roles get a 403 on the budget page and from the service."""
    staff = UserFactory(roles=["staff"])
    client.force_login(staff)

    assert client.get("/contracts/budgets/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.budget_create(by=staff, customer=make_customer(by=staff), description="x",
                               lines=[{"description": "a", "quantity": 1, "unit": "个",
                                       "unit_price": 1}])


def test_budget_attachments_are_kept_with_the_budget(client):
    """The budget department attaches its calculation; finance reads it; staff do not."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.customers.factories import DRAWING

    budget_user = UserFactory(roles=["budget"])
    budget = services.budget_create(
        by=budget_user, customer=make_customer(by=UserFactory(roles=["staff"])),
        description="管网改造", lines=[{"description": "钢管", "quantity": 1, "unit": "米",
                                         "unit_price": 100}])
    client.force_login(budget_user)
    client.post(f"/contracts/budgets/{budget.pk}/files/", {
        "file": SimpleUploadedFile("预算书.pdf", DRAWING, content_type="application/pdf")})

    client.force_login(UserFactory(roles=["finance"]))
    assert client.get(f"/contracts/budgets/{budget.pk}/files/1/").status_code == 200
    client.force_login(UserFactory(roles=["staff"]))
    assert client.get(f"/contracts/budgets/{budget.pk}/files/1/").status_code == 404


def test_a_price_standard_is_approved_by_finance():
    """A price approved by someone outside the finance department is refused."""
    standard = PriceStandard(item="x", unit="户", unit_price=1,
                             effective_from=datetime.date(2025, 1, 1), document_number="d",
                             approved_by=UserFactory(roles=["staff"]))

    with pytest.raises(ValidationError) as excinfo:
        standard.full_clean()

    assert "approved_by" in excinfo.value.message_dict
