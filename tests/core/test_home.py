"""The home page (首页) is the user's to-do list: each role's tiles count what waits for them
and link to the list filtered to those rows; the page costs the same queries at any size."""

import copy
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import MARKET_MANAGER
from approvals.models import ApprovalRequest, ApprovalStep
from approvals.services import approval_submit
from contracts import services as contract_services
from contracts.models import Contract, ContractType
from core import home
from customers import services as customer_services
from tests.accounts.factories import UserFactory
from tests.approvals.factories import ApplicationFactory, route
from tests.contracts.conftest import approved_installation
from tests.customers.factories import make_account, make_customer

pytestmark = pytest.mark.django_db

TILE = re.compile(r'data-tile="(\w+)" data-count="(\d+)"')


@pytest.fixture(autouse=True)
def archive_confirmer(db):
    """The archive confirmation route needs a sales director to exist."""
    return UserFactory(username="sales_director_user", roles=["sales_director"])


def tiles(client, user) -> dict[str, int]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {key: int(count) for key, count in TILE.findall(response.content.decode())}


def _draft(staff, title="草稿") -> Contract:
    return contract_services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff), title=title)


def _returned(staff) -> Contract:
    """A draft whose last round of approval was rejected (back to its drafter)."""
    contract = _draft(staff, "退回的合同")
    ApprovalRequest.objects.create(
        content_type=ContentType.objects.get_for_model(Contract), object_id=contract.pk,
        round=1, status=ApprovalRequest.Status.REJECTED, submitted_by=staff, title=str(contract))
    return contract


@pytest.fixture
def staff_world(staff_user):
    """Two drafts (one returned), one approved to sign; a customer of staff with a complete
    account and one with an account lacking its meter."""
    drafts = [_draft(staff_user), _returned(staff_user)]
    to_sign = approved_installation(staff_user)
    complete, incomplete = make_customer(by=staff_user), make_customer(by=staff_user)
    make_account(customer=complete)
    make_account(customer=incomplete, meter=False)
    return {"drafts": drafts, "to_sign": to_sign, "complete": complete,
            "incomplete": incomplete}


def test_staff_sees_drafts_returned_contracts_signing_and_incomplete_accounts(
        client, staff_user, staff_world):
    counts = tiles(client, staff_user)

    assert counts["contract_drafts"] == 2
    assert counts["contract_returned"] == 1
    assert counts["contract_to_sign"] == 1
    assert counts["customers_incomplete"] == 1
    assert counts["approvals_waiting"] == 0  # a main duty: shown, muted
    assert "access_requests" not in counts and "contract_handovers" not in counts


def test_the_prepared_incomplete_count_is_the_capped_count_of_its_queryset(staff_user,
                                                                         staff_world):
    """customers.tiles.incomplete runs a shape compiled once: it counts what capped_count of
    the custodian's queryset counts, for the custodian and for a user who keeps none, and the
    count follows a new incomplete account."""
    from core.home import capped_count
    from customers.tiles import _incomplete_of, incomplete

    other = UserFactory(roles=["staff"])
    for user in (staff_user, other):
        assert incomplete(user) == capped_count(_incomplete_of(user.pk))
    make_account(customer=staff_world["complete"], meter=False)

    assert incomplete(staff_user) == capped_count(_incomplete_of(staff_user.pk)) == 2
    assert incomplete(other) == 0


def test_each_staff_tile_links_to_a_list_showing_exactly_its_rows(client, staff_user,
                                                                   staff_world):
    client.force_login(staff_user)
    views = {tile.key: tile for tile in home.tiles_for(staff_user)}

    drafts = client.get(views["contract_drafts"].url).content.decode()
    returned = client.get(views["contract_returned"].url).content.decode()
    to_sign = client.get(views["contract_to_sign"].url).content.decode()
    incomplete = client.get(views["customers_incomplete"].url).content.decode()

    first, second = staff_world["drafts"]
    assert first.number in drafts and second.number in drafts
    assert staff_world["to_sign"].number not in drafts
    assert second.number in returned and first.number not in returned
    assert staff_world["to_sign"].number in to_sign and first.number not in to_sign
    assert staff_world["incomplete"].number in incomplete
    assert staff_world["complete"].number not in incomplete


def test_the_market_manager_sees_the_approvals_waiting(client, staff_user, market_manager):
    route({"role": MARKET_MANAGER})
    for _ in range(3):
        approval_submit(target=ApplicationFactory(), by=staff_user)

    counts = tiles(client, market_manager)

    assert counts["approvals_waiting"] == 3
    assert counts["contract_drafts"] == 0 and counts["complaints_handling"] == 0
    assert "approvals_overdue" not in counts  # nothing overdue: not a main duty, hidden


def test_the_archivist_sees_the_hand_overs_to_receive(client, archivist):
    drafter = UserFactory(roles=["staff"])
    for _ in range(2):
        contract = contract_services.contract_sign(contract=approved_installation(drafter),
                                                   by=drafter)
        contract_services.contract_finish(contract=contract, by=drafter)
        contract_services.handover_prepare(contract=contract, by=drafter)

    counts = tiles(client, archivist)
    listed = client.get(home.tiles_for(archivist)[-1].url).content.decode()

    assert counts["contract_handovers"] == 2
    assert "contract_drafts" not in counts
    assert listed.count("/contracts/") >= 2


def test_the_gm_sees_access_requests_to_decide(client, gm, staff_user):
    customer = make_customer(by=staff_user)
    reader = UserFactory(roles=["staff"])
    customer_services.access_request_create(requester=reader, customers=[customer],
                                            purpose="核对", scope="view", days=3)

    counts = tiles(client, gm)
    inbox = client.get(next(tile.url for tile in home.tiles_for(gm)
                            if tile.key == "access_requests")).content.decode()

    assert counts["access_requests"] == 1
    assert counts["approvals_waiting"] == 1
    assert inbox.count('class="decide-form"') == 1


def test_the_sales_director_sees_the_archives_to_confirm(client, archive_confirmer, staff_user):
    make_customer(by=staff_user)
    make_customer(by=staff_user)

    assert tiles(client, archive_confirmer)["archives_to_confirm"] == 2


def _more_waiting(total: int) -> None:
    """Copies of the one waiting step until `total` steps wait (bulk, for speed)."""
    step = ApprovalStep.objects.select_related("request").first()
    have = ApprovalStep.objects.count()
    applications = ApplicationFactory.create_batch(total - have)
    requests = []
    for application in applications:
        clone = copy.copy(step.request)
        clone.pk = clone.id = None
        clone.object_id = application.pk
        requests.append(clone)
    requests = ApprovalRequest.objects.bulk_create(requests)
    steps = []
    for request in requests:
        clone = copy.copy(step)
        clone.pk = clone.id = None
        clone.request = request
        steps.append(clone)
    ApprovalStep.objects.bulk_create(steps)


def test_the_home_page_costs_the_same_queries_with_5_and_500_waiting_items(
        client, staff_user, market_manager):
    route({"role": MARKET_MANAGER})
    approval_submit(target=ApplicationFactory(), by=staff_user)
    client.force_login(market_manager)
    counts = {}
    for total in (5, 500):
        _more_waiting(total)
        client.get("/")  # the session's last-seen time, the content types
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/").content.decode()
        counts[total] = len(captured)
        shown = dict(TILE.findall(html))["approvals_waiting"]
        assert int(shown) == min(total, home.CAP)

    assert counts[5] == counts[500]
    assert counts[500] <= 16


def test_the_prepared_complaint_tiles_count_what_their_querysets_count():
    """complaints.tiles.handling and overdue run shapes compiled once (overdue with the moment
    as a value): the same counts as capped_count of their querysets, before and after a
    complaint passes its deadline, for the handler, the co-handler and another user."""
    import datetime

    from django.utils import timezone

    from complaints.models import Complaint
    from complaints.selectors import overdue_q
    from complaints.tiles import _handled_by, handling, overdue
    from core.home import capped_count
    from tests.complaints.factories import S, make_complaint, make_desk, walk

    desk = make_desk()
    late, on_time = (walk(make_complaint(desk, quality=True), desk, S.HANDLING)
                     for _ in range(2))
    Complaint.objects.filter(pk=late.pk).update_unrecorded(
        resolution_due=timezone.now() - datetime.timedelta(hours=1))

    for user in (desk.handler, desk.co_handler, desk.office):
        assert handling(user) == capped_count(_handled_by(user).filter(
            status=Complaint.Status.HANDLING))
        assert overdue(user) == capped_count(_handled_by(user).filter(overdue_q()))
    assert (handling(desk.handler), overdue(desk.handler)) == (2, 1)
    assert (handling(desk.co_handler), overdue(desk.co_handler)) == (2, 1)
    assert (handling(desk.office), overdue(desk.office)) == (0, 0)
    assert on_time.pk != late.pk
