import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from approvals.models import Decision
from approvals.services import approval_decide, approval_submit
from tests.accounts.factories import UserFactory
from tests.approvals.factories import ApplicationFactory, route


@pytest.mark.django_db(transaction=True)
def test_two_approvers_deciding_at_the_same_moment_produce_one_decision():
    """Two threads decide the same one-of step at once on PostgreSQL: exactly one decision is
    recorded and the other approver is told who decided first."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no concurrent writers to race")
    submitter = UserFactory(roles=["staff"])
    approvers = [UserFactory(roles=["market_manager"]) for _ in range(2)]
    route({"role": "market_manager"})
    request = approval_submit(target=ApplicationFactory(), by=submitter)
    step_id = request.steps.get().pk
    barrier = threading.Barrier(2)
    outcomes, lock = [], threading.Lock()

    def decide(user, approve):
        from django.db import connection as thread_connection

        from approvals.models import ApprovalStep

        try:
            step = ApprovalStep.objects.get(pk=step_id)
            barrier.wait()
            approval_decide(step=step, by=user, approve=approve, comment="并发")
            result = "ok"
        except ValidationError as exc:
            result = exc.messages[0]
        finally:
            thread_connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=decide, args=(approvers[0], True)),
               threading.Thread(target=decide, args=(approvers[1], False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Decision.objects.filter(step_id=step_id).count() == 1
    assert sorted(outcome == "ok" for outcome in outcomes) == [False, True]
    winner = Decision.objects.get(step_id=step_id).decided_by
    refusal = next(outcome for outcome in outcomes if outcome != "ok")
    assert str(winner) in refusal
