import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from contracts import services
from contracts.models import ContractType, PriceStandard
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import INSTALLATION_CLAUSE_FIELDS
from tests.customers.factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    staff = UserFactory(username="drafter", roles=["staff"])
    standard = PriceStandard.objects.create(
        item="户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕1号",
        approved_by=UserFactory(roles=["finance"]))
    return services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff, name="合同客户"), title="户内安装",
        price_lines=[(standard, Decimal("1"))], **INSTALLATION_CLAUSE_FIELDS)


@pytest.mark.parametrize(("who", "status"), [
    ("drafter", 200), ("gm", 200), ("archivist", 200), ("sales_director", 200),
    ("finance", 200), ("other_staff", 404), ("planning", 404), ("sysadmin", 404),
    ("superuser", 404),
])
def test_a_contract_is_seen_by_its_drafter_the_gm_the_archivist_and_customer_readers(
        client, contract, who, status):
    """Point 9: drafter, GM, archivist and whoever may see the customer; nobody else."""
    from accounts.models import User

    users = {"drafter": User.objects.get(username="drafter"),
             "other_staff": UserFactory(roles=["staff"]),
             "superuser": UserFactory(is_superuser=True, is_staff=True)}
    user = users.get(who) or UserFactory(roles=[who])
    client.force_login(user)

    response = client.get(contract.get_absolute_url())

    assert response.status_code == status
    if status == 200:
        assert "贰仟捌佰元整" in response.content.decode()


def test_the_drafter_submits_an_ordinary_residential_installation_and_signs_it(client,
                                                                                contract):
    """No route: approved at once, then the signing freezes the clauses."""
    from accounts.models import User

    client.force_login(User.objects.get(username="drafter"))

    client.post(reverse("contracts:submit", args=[contract.pk]))
    client.post(reverse("contracts:sign", args=[contract.pk]), {"confirm": "on"})

    contract.refresh_from_db()
    assert contract.status == "signed" and contract.signed_text


def _draft_post(customer, standard, **extra):
    data = {"contract_type": ContractType.objects.get(code="installation").pk,
            "customer_number": customer.number, "title": "商业分期安装",
            "contract_date": "2026-11-27", "payment_method": "installments",
            "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
            "lines-0-standard": standard.pk, "lines-0-quantity": "2",
            "installments-TOTAL_FORMS": "2", "installments-INITIAL_FORMS": "0",
            "installments-0-due_on": "2026-12-15", "installments-0-amount": "2800",
            "installments-0-milestone": "签约",
            "installments-1-due_on": "2027-03-15", "installments-1-amount": "2800",
            "installments-1-milestone": "通气",
            "steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0",
            "steps-0-description": "管道预埋", "steps-1-description": "表具安装",
            # What the installation's clauses print (issue 13, point 5).
            "project_name": "商业燃气安装工程", "project_site": "昆明市盘龙区北京路 2 号",
            "works_from": "2026-12-15", "works_to": "2027-03-15"}
    data.update(extra)
    return data


def test_a_forged_amount_in_the_drafting_form_is_ignored(client):
    """第六条: whatever amount is posted, the contract's amount is the standard's."""
    from contracts.models import Contract

    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff, category="commercial",
                             contacts=[{"name": "李经理", "mobile": "13812345678"}])
    standard = PriceStandard.objects.create(
        item="商业户内安装", unit="户", unit_price=Decimal("2800"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕2号",
        approved_by=UserFactory(roles=["finance"]))
    client.force_login(staff)

    response = client.post("/contracts/new/", _draft_post(customer, standard, amount="1.00"))

    contract = Contract.objects.get()
    assert response.status_code == 302
    assert contract.amount == Decimal("5600.00")
    assert [i.due_on.isoformat() for i in contract.installments.all()] == [
        "2026-12-15", "2027-03-15"]
    assert contract.steps.count() == 2


def test_staff_cannot_draft_for_a_customer_they_may_not_see(client):
    """The customer number is looked up among the drafter's customers only."""
    owner = UserFactory(roles=["staff"])
    customer = make_customer(by=owner)
    standard = PriceStandard.objects.create(
        item="安装", unit="户", unit_price=Decimal("100"),
        effective_from=datetime.date(2025, 1, 1), document_number="x",
        approved_by=UserFactory(roles=["finance"]))
    client.force_login(UserFactory(roles=["staff"]))

    response = client.post("/contracts/new/", _draft_post(customer, standard))

    assert response.status_code == 400
    assert "customer_number" in response.context["form"].errors


def test_finance_records_payments_and_overdue_installments_are_listed(client):
    """Payments never exceed what is due; unpaid past deadlines show in the overdue list."""
    from contracts.models import Contract

    staff = UserFactory(roles=["staff"])
    finance = UserFactory(roles=["finance"])
    standard = PriceStandard.objects.create(
        item="安装", unit="户", unit_price=Decimal("1000"),
        effective_from=datetime.date(2025, 1, 1), document_number="x", approved_by=finance)
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title="户内安装", payment_method="installments",
        price_lines=[(standard, Decimal("2"))],
        installments=[{"amount": Decimal("1000"), "due_on": datetime.date(2026, 1, 1)},
                      {"amount": Decimal("1000"), "due_on": datetime.date(2030, 1, 1)}],
        steps=[{"description": "安装"}])
    Contract.objects.filter(pk=contract.pk).update_unrecorded(status="signed")
    client.force_login(finance)

    too_much = client.post(f"/contracts/{contract.pk}/pay/", {"installment": 1,
                                                              "amount": "1500"}, follow=True)
    overdue = client.get("/contracts/", {"tab": "overdue"}).content.decode()
    client.post(f"/contracts/{contract.pk}/pay/", {"installment": 1, "amount": "1000"})
    after = client.get("/contracts/", {"tab": "overdue"}).content.decode()

    assert "1000" in too_much.content.decode() and contract.number in overdue
    assert contract.number not in after
    contract.refresh_from_db()
    assert contract.status == "performing"
    with pytest.raises(PermissionDenied):
        services.installment_pay(contract=contract, sequence=2, amount=Decimal("1"), by=staff)


def test_the_contract_lists_show_only_visible_contracts(client, contract):
    """Another staff member's list is empty; the drafter finds it under My contracts."""
    from accounts.models import User

    client.force_login(UserFactory(roles=["staff"]))
    assert contract.number not in client.get("/contracts/", {"tab": "all"}).content.decode()

    client.force_login(User.objects.get(username="drafter"))
    assert contract.number in client.get("/contracts/").content.decode()


def test_planning_estimates_the_construction_period_from_the_contract_page(client):
    """第五条: the estimate form appears for 规划建设部 and fills the contract."""
    staff = UserFactory(roles=["staff"])
    planner = UserFactory(roles=["planning"])
    customer = make_customer(by=staff)
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"), customer=customer,
        title="有工期要求", construction_period_required=True)
    client.force_login(staff)
    drafter_page = client.get(contract.get_absolute_url()).content.decode()

    client.force_login(planner)
    page = client.get(contract.get_absolute_url()).content.decode()
    client.post(f"/contracts/{contract.pk}/data/estimate/", {"days": "45"})

    assert 'id="data-estimate"' not in drafter_page
    contract.refresh_from_db()
    assert 'id="data-estimate"' in page
    assert contract.planning_estimate_days == 45 and contract.planning_estimated_by == planner


def test_the_drafter_edits_a_draft_but_not_its_amount(client, contract):
    """Editing changes the terms; a posted amount is not read."""
    from accounts.models import User

    client.force_login(User.objects.get(username="drafter"))

    response = client.post(f"/contracts/{contract.pk}/edit/", {
        "title": "户内燃气安装（改）", "contract_date": "2026-11-27", "amount": "1",
        "project_name": "户内燃气安装", "project_site": "昆明市五华区", "works_from": "2026-12-01",
        "works_to": "2026-12-31"})

    contract.refresh_from_db()
    assert response.status_code == 302
    assert contract.title == "户内燃气安装（改）" and contract.amount == Decimal("2800.00")


def test_market_and_finance_fill_take_or_pay_data_from_the_contract_page(client):
    """第九条: the VP drafts; the market manager and finance each fill their part."""
    from contracts.models import Contract

    vp = UserFactory(roles=["ops_vp"])
    market, finance = UserFactory(roles=["market_manager"]), UserFactory(roles=["finance"])
    contract = services.contract_create(
        by=vp, contract_type=ContractType.objects.get(code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=["staff"]), category="upstream"),
        title="照付不议", starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 12, 31))

    client.force_login(market)
    client.post(f"/contracts/{contract.pk}/data/market/", {
        "annual_quantity": "3000000", "daily_max": "12000", "daily_min": "5000",
        "max_hourly_flow": "600", "delivery_point": "城东门站"})
    client.force_login(finance)
    client.post(f"/contracts/{contract.pk}/data/finance/", {
        "gas_price": "2.85", "take_or_pay_percent": "80", "settlement_period": "每月"})
    denied = client.post(f"/contracts/{contract.pk}/data/market/", {
        "annual_quantity": "1", "daily_max": "1", "daily_min": "1", "max_hourly_flow": "1",
        "delivery_point": "x"}, follow=True)

    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.market_data_by, contract.finance_data_by) == (market, finance)
    assert contract.annual_quantity == 3000000 and denied.status_code == 403
    assert services.contract_problems(contract) == []


def test_the_contract_list_costs_the_same_queries_for_5_and_50_rows(client):
    """A page of 50 contracts runs the same number of queries as a page of 5."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contracts.models import Contract

    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff)
    supply = ContractType.objects.get(code="residential_supply")
    client.force_login(staff)
    client.get("/contracts/", {"tab": "all"})  # warm the content-type cache once
    counts = {}
    for rows in (5, 50):
        while Contract.objects.count() < rows:
            services.contract_create(by=staff, contract_type=supply, customer=customer,
                                     title="供气")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/contracts/", {"tab": "all"})
        assert response.content.decode().count('href="/contracts/') >= rows
        counts[rows] = len(captured)

    assert counts[5] == counts[50]


def test_the_monthly_plan_must_add_up_to_the_annual_quantity(client):
    """第九条 data: twelve months that add up to the annual contract quantity."""
    from contracts.models import Contract

    vp, market = UserFactory(roles=["ops_vp"]), UserFactory(roles=["market_manager"])
    contract = services.contract_create(
        by=vp, contract_type=ContractType.objects.get(code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=["staff"]), category="upstream"),
        title="照付不议")
    client.force_login(market)
    base = {"annual_quantity": "1200", "daily_max": "10", "daily_min": "1",
            "max_hourly_flow": "1", "delivery_point": "门站"}

    wrong = client.post(f"/contracts/{contract.pk}/data/market/",
                        {**base, "monthly_plan": "100, 100, 100"}, follow=True)
    client.post(f"/contracts/{contract.pk}/data/market/",
                {**base, "monthly_plan": ", ".join(["100"] * 12)})

    assert "十二" in wrong.content.decode() or "twelve" in wrong.content.decode()
    assert Contract.objects.get(pk=contract.pk).monthly_plan == [100] * 12


def test_the_drafting_form_previews_the_route_before_saving(client):
    """第四条 on the form: commercial + installments → market manager then vice president."""
    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff, category="commercial")
    client.force_login(staff)
    params = {"contract_type": ContractType.objects.get(code="installation").pk,
              "customer_number": customer.number, "payment_method": "installments"}

    form = client.get("/contracts/new/").content.decode()
    preview = client.get("/contracts/new/route/", params).content.decode()
    hint = client.get("/contracts/new/route/", {**params, "customer_number": "KH0"}
                      ).content.decode()

    assert 'hx-get="/contracts/new/route/"' in form
    assert preview.index("市场部经理") < preview.index("经营副总经理")
    assert "市场部经理" not in hint


def test_the_vice_president_drafts_take_or_pay_from_the_form(client):
    """第九条: the VP is not a customer reader, yet drafts take-or-pay for a supplier."""
    from contracts.models import Contract

    customer = make_customer(by=UserFactory(roles=["staff"]), category="upstream")
    client.force_login(UserFactory(roles=["ops_vp"]))

    response = client.post("/contracts/new/", {
        "contract_type": ContractType.objects.get(code="take_or_pay").pk,
        "customer_number": customer.number, "title": "照付不议购气",
        "contract_date": "2026-11-27", "payment_method": "one",
        "starts_on": "2027-01-01", "ends_on": "2027-12-31",  # the clauses print the term
        "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0",
        "installments-TOTAL_FORMS": "0", "installments-INITIAL_FORMS": "0",
        "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"})

    assert response.status_code == 302
    assert Contract.objects.get().contract_type.code == "take_or_pay"


def test_a_supply_contract_names_its_premises_by_the_delivery_notice_number(client):
    """第七条: the drafting form takes the notice number, never a list of every premises."""
    from contracts.models import Contract
    from tests.customers.factories import make_notice

    staff = UserFactory(roles=["staff"])
    customer = make_customer(by=staff)
    notice = make_notice()
    client.force_login(staff)
    base = {"contract_type": ContractType.objects.get(code="residential_supply").pk,
            "customer_number": customer.number, "title": "供气", "contract_date": "2026-11-27",
            "payment_method": "one", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0",
            "installments-TOTAL_FORMS": "0", "installments-INITIAL_FORMS": "0",
            "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0",
            # What the supply clauses print (issue 13, point 5).
            "delivery_point": "户内表前阀", "supply_starts_on": "2027-01-01",
            "starts_on": "2027-01-01", "ends_on": "2031-12-31"}

    unknown = client.post("/contracts/new/", {**base, "notice_number": "TZ0000"})
    client.post("/contracts/new/", {**base, "notice_number": notice.number.lower()})

    assert unknown.status_code == 400 and "notice_number" in unknown.context["form"].errors
    assert Contract.objects.get().premises == notice.premises


def test_finance_sees_the_installments_falling_due_within_30_days_on_a_tab_and_a_tile(client):
    """Issue 13 point 1: finance's to-do list counts the contracts with an unpaid installment
    due within 30 days and links to the list of exactly those (not the overdue, not later)."""
    import re

    from django.utils import timezone

    from contracts.models import Contract

    staff = UserFactory(roles=["staff"])
    finance = UserFactory(roles=["finance"])
    standard = PriceStandard.objects.create(
        item="安装", unit="户", unit_price=Decimal("1000"),
        effective_from=datetime.date(2025, 1, 1), document_number="x", approved_by=finance)
    today = timezone.localdate()

    def signed(*due_days):
        contract = services.contract_create(
            by=staff, contract_type=ContractType.objects.get(code="installation"),
            customer=make_customer(by=staff), title="户内安装", payment_method="installments",
            price_lines=[(standard, Decimal(len(due_days)))],
            installments=[{"amount": Decimal("1000"),
                           "due_on": today + datetime.timedelta(days=days)}
                          for days in due_days],
            steps=[{"description": "安装"}])
        Contract.objects.filter(pk=contract.pk).update_unrecorded(status="signed")
        return contract

    soon, overdue, later = signed(10, 200), signed(-5), signed(45)
    client.force_login(finance)

    listed = client.get("/contracts/", {"tab": "due"}).content.decode()
    home = client.get("/").content.decode()

    assert soon.number in listed
    assert overdue.number not in listed and later.number not in listed
    assert re.search(r'data-tile="contract_payments_due" data-count="1"', home)
    assert "/contracts/?tab=due" in home
