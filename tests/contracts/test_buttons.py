"""One answer to "what may this user do on this contract now" (issue 9, part 2): the contract
page shows a button (data-action) for each action contract_actions allows, and none other,
for every role and every state a contract reaches; the action URLs refuse (403) a user the
rule does not name, and answer 404 to one who may not see the contract."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from accounts import roles
from approvals.selectors import pending_request_for, steps_awaiting
from approvals.services import approval_decide
from contracts import services
from contracts.actions import RULES, ContractActions, contract_actions, contract_may_draft
from contracts.models import Contract, ContractType, PriceStandard
from contracts.selectors import contract_list
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import INSTALLATION_CLAUSE_FIELDS
from tests.customers.factories import DRAWING, make_customer
from tests.helpers.pages import DATA_ACTION, timeline_allowed

pytestmark = pytest.mark.django_db

INSTALLATION_STATES = ("draft", "estimating", "in_approval", "approved", "signed", "performing",
                       "completed", "handed_over", "terminated", "archived", "void")
TAKE_OR_PAY_STATES = ("draft", "in_approval", "approved", "signed", "handed_over", "void")
# The URL of each action, and what a well-formed POST of it carries.
ACTION_URLS = {
    # The edit form asks for what the clauses print (issue 13, point 5): installation and
    # take-or-pay alike.
    "edit": ("contracts:edit", {"title": "改", "contract_date": "2026-11-27",
                                "project_name": "工程", "project_site": "昆明市",
                                "works_from": "2026-12-01", "works_to": "2026-12-31",
                                "starts_on": "2027-01-01", "ends_on": "2027-12-31"}),
    "submit": ("contracts:submit", {}),
    "void": ("contracts:void", {"reason": "客户放弃", "confirm": "on"}),
    "estimate": ("contracts:data", {"days": "30"}),
    "market_data": ("contracts:data", {"annual_quantity": "1", "daily_max": "1",
                                       "daily_min": "1", "max_hourly_flow": "1",
                                       "delivery_point": "门站"}),
    "finance_data": ("contracts:data", {"gas_price": "1", "take_or_pay_percent": "80",
                                        "settlement_period": "每月"}),
    "sign": ("contracts:sign", {"signatories": "甲乙双方", "confirm": "on"}),
    "pay": ("contracts:pay", {"installment": "1", "amount": "1"}),
    "complete": ("contracts:complete", {"confirm": "on"}),
    "terminate": ("contracts:terminate", {"reason": "客户违约", "confirm": "on"}),
    "amend": ("contracts:amend", {"title": "延期", "text": "顺延十天。"}),
    "sign_amendment": ("contracts:sign_amendment", {}),
    "handover": ("contracts:handover", {"confirm": "on"}),
    "receive": ("contracts:receive", {"location": "A-1-1", "confirm": "on"}),
    "attach": ("contracts:upload", {}),
}
DATA_KINDS = {"estimate": "estimate", "market_data": "market", "finance_data": "finance"}


def _url(action, contract) -> str:
    name = ACTION_URLS[action][0]
    args = [contract.pk, DATA_KINDS[action]] if action in DATA_KINDS else [contract.pk]
    return reverse(name, args=args)


def _post_data(action, contract) -> dict:
    data = dict(ACTION_URLS[action][1])
    if action == "sign_amendment":
        data["amendment"] = contract.amendments.values_list("pk", flat=True).first() or ""
    return data


# --- The cast: one user per role, and the drafters ----------------------------------------------


@pytest.fixture
def people():
    """One user of each of the 12 roles, the staff member who drafts installations and the
    vice president who drafts take-or-pay (第九条)."""
    cast = {code: UserFactory(username=f"role_{code}", roles=[code]) for code in roles.ROLE_CODES}
    cast["drafter"] = UserFactory(username="drafter", roles=[roles.STAFF])
    cast["vp_drafter"] = UserFactory(username="vp_drafter", roles=[roles.OPS_VP])
    return cast


def _approve_all(contract, people) -> None:
    """Each pending step approved by a user of the cast who may decide it."""
    while (request := pending_request_for(contract)) is not None:
        step, decider = next((step, user) for user in people.values()
                             for step in steps_awaiting(user).filter(request=request))
        approval_decide(step=step, by=decider, approve=True)


def _installation(people, state) -> Contract:
    """A commercial installation in two installments (route: market manager, then vice
    president, 第四条), built through the services up to `state`."""
    drafter = people["drafter"]
    standard = PriceStandard.objects.create(
        item="商业燃气安装", unit="户", unit_price=Decimal("3000"),
        effective_from=datetime.date(2025, 1, 1), document_number="价〔2025〕12号",
        approved_by=people[roles.FINANCE])
    contract = services.contract_create(
        by=drafter, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=drafter, category="commercial",
                               contacts=[{"name": "李经理", "mobile": "13812345678"}]),
        title="商业分期安装", payment_method="installments",
        construction_period_required=state == "estimating",
        price_lines=[(standard, Decimal("2"))],
        installments=[{"amount": Decimal("3000"), "due_on": datetime.date(2026, 12, 1)},
                      {"amount": Decimal("3000"), "due_on": datetime.date(2027, 3, 1)}],
        steps=[{"description": "管道预埋"}, {"description": "设备安装"}],
        **INSTALLATION_CLAUSE_FIELDS)
    return _advance(contract, people, drafter, state)


def _take_or_pay(people, state) -> Contract:
    """A complete take-or-pay contract drafted by the vice president (第九条), with its market
    and finance data, built through the services up to `state`."""
    drafter = people["vp_drafter"]
    contract = services.contract_create(
        by=drafter, contract_type=ContractType.objects.get(code="take_or_pay"),
        customer=make_customer(by=UserFactory(roles=[roles.STAFF]), category="upstream"),
        title="照付不议购气", starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31))
    services.contract_record_market_data(
        contract=contract, by=people[roles.MARKET_MANAGER], annual_quantity=Decimal("3650000"),
        daily_max=Decimal("12000"), daily_min=Decimal("8000"), max_hourly_flow=Decimal("600"),
        delivery_point="城东门站")
    services.contract_record_finance_data(
        contract=contract, by=people[roles.FINANCE], gas_price=Decimal("2.85"),
        take_or_pay_percent=Decimal("80"), settlement_period="每月")
    return _advance(contract, people, drafter, state)


def _advance(contract, people, drafter, state) -> Contract:
    if state == "void":
        services.contract_void(contract=contract, by=drafter, reason="客户放弃")
    if state in ("draft", "estimating", "void"):
        return Contract.objects.get(pk=contract.pk)
    services.contract_submit(contract=contract, by=drafter)
    if state == "in_approval":
        return Contract.objects.get(pk=contract.pk)
    _approve_all(contract, people)
    contract = Contract.objects.get(pk=contract.pk)
    if state == "approved":
        return contract
    services.contract_sign(contract=contract, by=drafter)
    # An amendment waiting for its signature (the sign_amendment button), signed from
    # "performing" on (the flag stays, with no amendment left to sign).
    amendment = services.amendment_create(contract=contract, by=drafter, title="延期",
                                          text="工期顺延十天。")
    if state == "signed":
        return Contract.objects.get(pk=contract.pk)
    services.amendment_sign(amendment=amendment, by=drafter)
    if contract.installments.exists():
        services.installment_pay(contract=contract, sequence=1, amount=Decimal("3000"),
                                 by=people[roles.FINANCE])
    if state == "performing":
        return Contract.objects.get(pk=contract.pk)
    services.contract_finish(contract=contract, by=drafter, terminated=state == "terminated",
                             reason="客户违约" if state == "terminated" else "")
    if state in ("completed", "terminated"):
        return Contract.objects.get(pk=contract.pk)
    handover = services.handover_prepare(contract=contract, by=drafter)
    if state == "archived":
        services.handover_receive(handover=handover, by=people[roles.ARCHIVIST],
                                  location="A-1-1")
    return Contract.objects.get(pk=contract.pk)


# --- The page shows exactly the allowed actions -------------------------------------------------


def _shown(client, contract) -> set[str] | None:
    """The data-action values of the contract page, or None when it is a 404."""
    response = client.get(contract.get_absolute_url())
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return set(DATA_ACTION.findall(response.content.decode()))


def _expected(actions: ContractActions, contract) -> set[str]:
    """The allowed actions, less the two whose button is drawn once per item: pay (one per
    unpaid installment) and sign_amendment (one per unsigned amendment). With no such item,
    the flag is true but there is nothing to press."""
    expected = actions.allowed()
    if not any(item.paid_amount < item.amount for item in contract.installments.all()):
        expected.discard("pay")
    if not contract.amendments.filter(signed_on__isnull=True).exists():
        expected.discard("sign_amendment")
    return expected


def _check_every_role(client, people, contract) -> dict[str, set[str]]:
    """For each user of the cast: the page is a 404 exactly when the contract is not in the
    user's list, else its buttons are the allowed actions. Returns the buttons by user."""
    shown_by = {}
    for name, user in people.items():
        client.force_login(user)
        shown = _shown(client, contract)
        visible = contract_list(user=user).filter(pk=contract.pk).exists()
        assert (shown is not None) == visible, (name, contract.status)
        if shown is None:
            continue
        actions = contract_actions(user=user, contract=contract)
        expected = _expected(actions, contract) | timeline_allowed(user, contract)
        assert shown == expected, (name, contract.status)
        shown_by[name] = shown
    return shown_by


@pytest.mark.parametrize("state", INSTALLATION_STATES)
def test_an_installation_page_shows_exactly_the_allowed_actions(client, people, state):
    """Per role and state: each button shown is allowed and each allowed action has its
    button; the drafter's and the departments' buttons follow the lifecycle."""
    contract = _installation(people, state)

    shown = _check_every_role(client, people, contract)

    drafter, finance = shown["drafter"], shown.get(roles.FINANCE, set())
    expected_drafter = {
        "draft": {"edit", "submit", "void", "attach"},
        "estimating": {"edit", "submit", "void", "attach"},
        "in_approval": {"attach", "withdraw"},  # withdraw: the approval timeline (step_actions)
        "approved": {"sign", "attach"},
        "signed": {"complete", "terminate", "amend", "sign_amendment", "attach"},
        "performing": {"complete", "terminate", "amend", "attach"},
        "completed": {"handover", "attach"},
        "handed_over": {"attach"},
        "terminated": {"handover", "attach"},
        "archived": set(),
        "void": set(),
    }[state]
    assert "print" in drafter  # the drafter, the GM, finance and the archivist print (第十一条)
    assert drafter - {"print"} == expected_drafter
    assert ("pay" in finance) == (state in ("approved", "signed", "performing"))
    assert ("estimate" in shown.get(roles.PLANNING, set())) == (state == "estimating")
    assert ("receive" in shown[roles.ARCHIVIST]) == (state == "handed_over")
    assert shown[roles.GM] == {"print"}


@pytest.mark.parametrize("state", TAKE_OR_PAY_STATES)
def test_a_take_or_pay_page_shows_exactly_the_allowed_actions(client, people, state):
    """第九条: the market manager and finance fill their data on the draft; the vice president
    who drafted it submits and signs; no payment button without an installment."""
    contract = _take_or_pay(people, state)

    shown = _check_every_role(client, people, contract)

    in_draft = state == "draft"
    assert ("market_data" in shown[roles.MARKET_MANAGER]) == in_draft
    assert ("finance_data" in shown[roles.FINANCE]) == in_draft
    assert ("submit" in shown["vp_drafter"]) == in_draft
    assert ("sign" in shown["vp_drafter"]) == (state == "approved")
    assert "pay" not in shown[roles.FINANCE]
    assert ("receive" in shown[roles.ARCHIVIST]) == (state == "handed_over")


def test_the_draft_button_and_the_drafting_form_follow_contract_may_draft(client, people):
    """第四条, 第九条: staff and the vice president see "Draft a contract" and open the form;
    every other role sees neither (403)."""
    for name, user in people.items():
        client.force_login(user)
        page = client.get(reverse("contracts:list")).content.decode()
        may = contract_may_draft(user=user)
        assert ('data-action="draft"' in page) == may, name
        assert client.get(reverse("contracts:create")).status_code == (200 if may else 403), name
    assert {name for name, user in people.items() if contract_may_draft(user=user)} == {
        roles.STAFF, roles.OPS_VP, "drafter", "vp_drafter"}


def test_every_action_has_a_url_and_the_test_cases_cover_every_rule():
    """The table of URLs above names every rule of contracts.actions (so a new rule fails
    here until its view and button exist)."""
    assert set(ACTION_URLS) == set(RULES)


# --- The URLs refuse what the page does not offer -----------------------------------------------

# The action, the state in which its rule's "when" holds, and a user who sees the contract
# without being the one the rule names (besides the GM, who sees every contract).
REFUSALS = [
    ("edit", "draft", roles.FINANCE), ("submit", "draft", roles.FINANCE),
    ("void", "draft", roles.ARCHIVIST), ("estimate", "estimating", "drafter"),
    ("sign", "approved", roles.FINANCE), ("pay", "signed", "drafter"),
    ("complete", "signed", roles.FINANCE), ("terminate", "signed", roles.ARCHIVIST),
    ("amend", "signed", roles.FINANCE), ("sign_amendment", "signed", roles.FINANCE),
    ("handover", "completed", roles.ARCHIVIST), ("receive", "handed_over", "drafter"),
    ("attach", "draft", roles.FINANCE),
]
TAKE_OR_PAY_REFUSALS = [("market_data", "draft", roles.FINANCE),
                        ("finance_data", "draft", roles.MARKET_MANAGER)]


def _snapshot(contract):
    contract = Contract.objects.get(pk=contract.pk)
    return (contract.status, contract.title, contract.planning_estimate_days,
            contract.annual_quantity, contract.gas_price, contract.amendments.count(),
            list(contract.amendments.values_list("signed_on", flat=True)),
            list(contract.installments.values_list("paid_amount", flat=True)),
            hasattr(contract, "handover") and contract.handover.is_received)


@pytest.mark.parametrize(("action", "state", "who"),
                         REFUSALS + [(a, s, w) for a, s, w in TAKE_OR_PAY_REFUSALS])
def test_an_action_posted_by_a_user_the_rule_does_not_name_is_a_403(
        client, people, action, state, who):
    """The contract is in the right state and visible; the GM and a second reader of it who
    is not the one the rule names get 403, and nothing changes."""
    build = _take_or_pay if action in ("market_data", "finance_data") else _installation
    contract = build(people, state)
    before = _snapshot(contract)
    for user in (people[roles.GM], people[who]):
        assert contract_list(user=user).filter(pk=contract.pk).exists()
        assert not getattr(contract_actions(user=user, contract=contract), action)
        client.force_login(user)

        response = client.post(_url(action, contract), _post_data(action, contract))

        assert response.status_code == 403, (action, user)
    assert _snapshot(contract) == before


@pytest.mark.parametrize("action", sorted(RULES))
def test_an_action_on_a_contract_the_user_may_not_see_is_a_404(client, people, action):
    """Another staff member does not see the contract: every action URL is a 404."""
    contract = _installation(people, "signed")
    stranger = UserFactory(roles=[roles.STAFF])
    client.force_login(stranger)

    response = client.post(_url(action, contract), _post_data(action, contract))

    assert response.status_code == 404


@pytest.mark.parametrize(("action", "state"), [
    ("sign", "draft"), ("submit", "approved"), ("void", "signed"), ("complete", "approved"),
    ("terminate", "completed"), ("amend", "completed"), ("handover", "signed"),
])
def test_the_drafter_posting_an_action_in_the_wrong_state_gets_a_message(
        client, people, action, state):
    """The right user, the wrong state (a page older than the contract): back to the contract
    with the rule's refusal (naming the status where it says one), nothing changed."""
    contract = _installation(people, state)
    before = _snapshot(contract)
    client.force_login(people["drafter"])

    response = client.post(_url(action, contract), _post_data(action, contract))

    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    with translation.override(settings.LANGUAGE_CODE):
        refusal = str(RULES[action].refusal) % {"status": contract.get_status_display()}
    assert errors == [refusal]
    assert _snapshot(contract) == before


def test_the_attachment_views_follow_the_attach_action(client, people):
    """The drafter attaches until the contract is archived; the archived contract's material
    is read-only for the drafter too (第十条)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    open_contract = _installation(people, "handed_over")
    archived = _installation(people, "archived")
    client.force_login(people["drafter"])

    def upload(contract):
        return client.post(reverse("contracts:upload", args=[contract.pk]), {
            "file": SimpleUploadedFile("图纸.pdf", DRAWING, content_type="application/pdf")})

    assert upload(open_contract).status_code == 302
    assert upload(archived).status_code == 403
    assert not contract_actions(user=people["drafter"], contract=archived).attach


@pytest.mark.parametrize(("scope", "prints"), [("view", False), ("view_print", True)])
def test_a_grant_reader_sees_the_print_button_only_with_a_print_grant(client, people, scope,
                                                                     prints):
    """第十一条: a reader of the customer through a view-only grant sees the contract but may
    not print it, so the page offers no Print button and the print URL is a 403; a
    view-and-print grant offers and allows it."""
    from customers.services import access_request_create

    contract = _installation(people, "signed")
    reader = UserFactory(username="grant_reader", roles=[roles.OFFICE])
    request = access_request_create(requester=reader, customers=[contract.customer],
                                    purpose="核对合同客户信息", scope=scope, days=3)
    approval_decide(step=pending_request_for(request).steps.get(), by=people[roles.GM],
                    approve=True)
    client.force_login(reader)

    page = client.get(contract.get_absolute_url())
    printed = client.get(reverse("contracts:print", args=[contract.pk]))

    assert page.status_code == 200
    assert ('data-action="print"' in page.content.decode()) is prints
    assert contract_actions(user=reader, contract=contract).print is prints
    assert printed.status_code == (200 if prints else 403)


def test_an_action_view_must_name_a_rule_and_define_its_service_call():
    """A new action view naming no rule of the table (a typo) or forgetting `perform` fails
    when it is defined, not on its first POST."""
    from django.core.exceptions import ImproperlyConfigured

    from contracts.views.actions import _ContractActionView

    with pytest.raises(ImproperlyConfigured):
        type("Typo", (_ContractActionView,), {"action": "sing", "perform": lambda *a: None})
    with pytest.raises(ImproperlyConfigured):
        type("NoService", (_ContractActionView,), {"action": "sign"})
