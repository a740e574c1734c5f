"""The approval-target protocol (issue 9, part 3): a model is approvable only through an
ApprovalTarget registered for it; every implementation records who moved the target and why;
no model carries hook methods; the models of contracts and customers import no services."""

import ast
import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured

from accounts import services as account_services
from accounts.models import RoleChangeRequest
from approvals.models import ApprovalRequest
from approvals.selectors import in_person_content_type_ids, pending_request_for
from approvals.services import approval_decide, approval_submit, approval_withdraw
from approvals.targets import (
    ApprovalTarget,
    decider_role_for,
    register_target,
    registered_targets,
    target_for,
)
from complaints import services as complaint_services
from complaints.models import Complaint
from complaints.surveys.models import SurveyReport
from contracts import services as contract_services
from contracts.models import Contract, ContractType, PriceStandard
from customers import services as customer_services
from customers.models import AccessGrant, AccessRequest, Customer
from tests.accounts.factories import UserFactory
from tests.approvals.factories import ApplicationFactory, RouteFactory, RouteStepFactory, route
from tests.complaints.factories import make_desk
from tests.customers.factories import make_customer
from tests.testapp.models import Application, Memo

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


# --- The registry -----------------------------------------------------------------------------
def test_every_approvable_model_is_registered_and_only_those():
    """The registry names exactly the models the engine approves; a new one needs its
    history test below as well."""
    assert set(registered_targets()) == {Contract, Customer, AccessRequest, RoleChangeRequest,
                                         Application, Complaint, SurveyReport}


def test_submitting_an_unregistered_model_is_refused_even_with_a_route(staff_user):
    """An object whose model registered no ApprovalTarget is refused with an error naming the
    model, routed or not; no round is opened (the engine used to skip the hooks silently)."""
    memo = Memo.objects.create(title="备忘一")
    RouteStepFactory(route=RouteFactory(target=ContentType.objects.get_for_model(Memo)))

    with pytest.raises(ImproperlyConfigured, match="testapp.Memo is not an approval target"):
        approval_submit(target=memo, by=staff_user)

    assert not ApprovalRequest.objects.exists()


def test_the_registry_refuses_what_is_not_a_protocol_and_a_second_protocol():
    """register_target takes an ApprovalTarget, one kind per model."""

    class Other(ApprovalTarget):
        summary = submitted = approved = rejected = withdrawn = None

    with pytest.raises(ImproperlyConfigured):
        register_target(Memo, object())
    with pytest.raises(ImproperlyConfigured, match="already has"):
        register_target(Application, Other())
    with pytest.raises(ImproperlyConfigured):
        target_for(Memo)
    assert type(target_for(Application)).__name__ == "ApplicationTarget"


def test_the_in_person_targets_are_the_ones_declaring_a_decider_role():
    """第十一条: access requests and role changes are decided by the GM in person; the engine
    reads that from the registry, not from model attributes."""
    assert decider_role_for(AccessRequest) == decider_role_for(RoleChangeRequest) == "gm"
    assert decider_role_for(Contract) is None and decider_role_for(Memo) is None
    assert in_person_content_type_ids() == {
        ContentType.objects.get_for_model(AccessRequest).pk,
        ContentType.objects.get_for_model(RoleChangeRequest).pk}


HOOK_NAMES = ("approval_summary", "approval_decider_role")


def test_no_model_carries_approval_hooks_of_its_own():
    """The duck-typed hooks must not come back: no model of the project defines
    on_approval_* methods, approval_summary or approval_decider_role."""
    offenders = [f"{model._meta.label}.{name}" for model in apps.get_models()
                 for name in dir(model)
                 if name.startswith("on_approval_") or name in HOOK_NAMES]
    assert offenders == []


# --- Every implementation records the acting user and a reason -------------------------------
def _last_row(obj):
    return type(obj).history.filter(id=obj.pk).order_by("-history_id").first()


def _recorded(obj, reason, user):
    row = _last_row(obj)
    return (row.history_change_reason, row.history_user_id) == (reason, user.pk)


def _application(staff_user, market_manager, gm, sysadmin):
    route({"role": "market_manager", "rank": 20})
    application = ApplicationFactory()
    return (application, approval_submit(target=application, by=staff_user), staff_user,
            market_manager)


def _contract(staff_user, market_manager, gm, sysadmin):
    UserFactory(username="director", roles=["sales_director"])
    standard = PriceStandard.objects.create(
        item="商业燃气安装", unit="户", unit_price=Decimal("3000.00"),
        effective_from=datetime.date(2025, 1, 1), document_number="昆发改价格〔2025〕12号",
        approved_by=UserFactory(roles=["finance"]))
    contract = contract_services.contract_create(
        by=staff_user, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff_user, category="commercial",
                               contacts=[{"name": "李经理", "mobile": "13812345678"}]),
        title="商业安装", price_lines=[(standard, Decimal("1"))])
    request = contract_services.contract_submit(contract=contract, by=staff_user)
    return contract, request, staff_user, market_manager


def _customer(staff_user, market_manager, gm, sysadmin):
    director = UserFactory(username="director", roles=["sales_director"])
    customer = make_customer(by=staff_user)
    return customer, pending_request_for(customer), staff_user, director


def _access_request(staff_user, market_manager, gm, sysadmin):
    UserFactory(username="director", roles=["sales_director"])
    access_request = customer_services.access_request_create(
        requester=staff_user, customers=[make_customer()], purpose="核对", scope="view",
        days=3)
    return access_request, pending_request_for(access_request), staff_user, gm


def _role_change(staff_user, market_manager, gm, sysadmin):
    from django.contrib.auth.models import Group

    UserFactory(username="second_gm", roles=["gm"])
    change = account_services.role_change_request(
        user=staff_user, role=Group.objects.get(name="finance"), action="add",
        reason="兼任出纳", by=sysadmin)
    return change, pending_request_for(change), sysadmin, gm


def _complaint(staff_user, market_manager, gm, sysadmin):
    from tests.complaints.factories import RESULT, make_complaint, walk

    UserFactory(username="director", roles=["sales_director"])
    desk = make_desk()
    complaint = walk(make_complaint(desk), desk, Complaint.Status.HANDLING)
    request = complaint_services.complaint_submit(complaint=complaint, by=desk.handler,
                                                  **RESULT)
    return complaint, request, desk.handler, desk.gm


def _survey_report(staff_user, market_manager, gm, sysadmin):
    from complaints.surveys.services import report as report_services
    from tests.surveys.factories_report import answered_campaign

    UserFactory(username="director", roles=["sales_director"])  # the customers' archives
    office = UserFactory(roles=["office"])
    report = report_services.report_create(campaign=answered_campaign(by=office), by=office)
    report = report_services.report_update(
        report=report, by=office, title=report.title, commentary="", conclusions="总体满意",
        departments=[market_manager.department])
    return report, report_services.report_submit(report=report, by=office), office, gm


# target maker, the reason recorded on submission (None: the target has no state to move
# until the decision), on approval, on rejection, on withdrawal
TARGETS = {
    "application": (_application, "submitted", "approved", "rejected", "withdrawn"),
    "contract": (_contract, "submitted_for_approval", "approved", "rejected_back_to_draft",
                 "withdrawn_back_to_draft"),
    "customer archive": (_customer, "archive_submitted_for_confirmation", "archive_confirmed",
                         "archive_returned", "archive_confirmation_withdrawn"),
    "access request": (_access_request, None, "approved", "rejected", "withdrawn"),
    "role change": (_role_change, None, "approved", "rejected", "withdrawn"),
    "complaint": (_complaint, "submitted_for_approval", "approved",
                  "rejected_back_to_handling", "withdrawn_back_to_handling"),
    "survey report": (_survey_report, "submitted_for_approval", "approved",
                      "rejected_back_to_draft", "withdrawn_back_to_draft"),
}


def test_every_registered_model_has_a_history_case():
    """The cases below cover the whole registry."""
    makers = {name: spec[0] for name, spec in TARGETS.items()}
    assert len(makers) == len(registered_targets())


@pytest.mark.parametrize("outcome", ["approve", "reject", "withdraw"])
@pytest.mark.parametrize("name", list(TARGETS))
def test_each_target_records_the_acting_user_and_a_reason(
        name, outcome, staff_user, market_manager, gm, sysadmin):
    """Submitted and withdrawn are recorded as the submitter's, approved and rejected as the
    decider's, each with its change reason (through save_recorded)."""
    make, on_submit, on_approve, on_reject, on_withdraw = TARGETS[name]
    obj, request, submitter, decider = make(staff_user, market_manager, gm, sysadmin)
    assert request is not None
    if on_submit is not None:
        obj.refresh_from_db()
        assert _recorded(obj, on_submit, submitter)

    if outcome == "withdraw":
        approval_withdraw(request=request, by=submitter)
        expected = (on_withdraw, submitter)
    else:
        approval_decide(step=request.steps.get(status="pending"), by=decider,
                        approve=outcome == "approve", comment="意见")
        expected = (on_approve if outcome == "approve" else on_reject, decider)

    obj.refresh_from_db()
    assert _recorded(obj, *expected), (_last_row(obj).history_change_reason,
                                       _last_row(obj).history_user)
    if name == "access request" and outcome == "approve":
        grant = AccessGrant.objects.get(request=obj)
        assert grant.history.get().history_change_reason == "granted"
        assert grant.history.get().history_user == decider


# --- No model imports services ----------------------------------------------------------------
def _models_modules(app_label: str) -> list[Path]:
    base = ROOT / app_label
    return sorted([base / "models.py"] if (base / "models.py").exists()
                  else (base / "models").glob("*.py"))


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("app_label", ["accounts", "approvals", "contracts", "customers", "core",
                                       "complaints"])
def test_the_models_modules_import_no_services(app_label):
    """Models sit below services: no models module imports a services module, not even
    inside a method (the former hook methods did, closing a model→services circle)."""
    offenders = {f"{path.relative_to(ROOT)}: {name}" for path in _models_modules(app_label)
                 for name in _imported_modules(path)
                 if name.split(".")[-1] == "services" or ".services." in name}
    assert offenders == set()


def test_loading_the_models_imports_no_services_module():
    """In a fresh interpreter, no module of the project named services is imported while
    Django loads the models (before `models_ready`); the app's ready() may import them."""
    code = (
        "import sys, django\n"
        "from django.apps import apps\n"
        "early = []\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if not apps.models_ready and name.rsplit('.', 1)[-1] == 'services':\n"
        "            early.append(name)\n"
        "sys.meta_path.insert(0, Spy())\n"
        "django.setup()\n"
        "import contracts.models, customers.models\n"
        "print(sorted(early))\n"
        "print('contracts.services' in sys.modules, 'customers.services' in sys.modules)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
        "DJANGO_SETTINGS_MODULE", "archive_mgmt.settings_test"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120, check=True)
    early, loaded_by_ready = result.stdout.splitlines()[-2:]
    assert early == "[]"
    # The check can see them: the apps' ready() registers the protocols from services.
    assert loaded_by_ready == "True True"
