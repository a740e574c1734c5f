"""Issue 13, point 7: the contract actions that change its state (sign, void, complete,
terminate, hand over, receive) go through the one confirmation step: the page's button leads
to it, a POST without the tick or the reason is the step again with the error on the field
and nothing changes; void and termination keep the reason in the history."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from contracts import services
from contracts.models import Contract
from core.forms import ConfirmForm
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import approved_installation

pytestmark = pytest.mark.django_db


def _errors(*pairs) -> list[str]:
    with translation.override(settings.LANGUAGE_CODE):
        return [f"{translation.gettext(label)}：{translation.gettext(message)}"
                for label, message in pairs]


def test_the_sign_button_leads_to_the_confirmation_step(client):
    staff = UserFactory(roles=["staff"])
    contract = approved_installation(staff)
    client.force_login(staff)

    page = client.get(contract.get_absolute_url()).content.decode()
    step = client.get(reverse("contracts:sign", args=[contract.pk]))

    assert f'href="{reverse("contracts:sign", args=[contract.pk])}"' in page
    assert step.status_code == 200 and 'data-confirm="sign"' in step.content.decode()


def test_signing_without_the_tick_is_refused_naming_it_and_nothing_changes(client):
    staff = UserFactory(roles=["staff"])
    contract = approved_installation(staff)
    client.force_login(staff)

    response = client.post(reverse("contracts:sign", args=[contract.pk]),
                           {"signatories": "甲乙双方"})

    with translation.override(settings.LANGUAGE_CODE):
        label = str(ConfirmForm.base_fields["confirm"].label)
        message = str(ConfirmForm.base_fields["confirm"].error_messages["required"])
    assert response.status_code == 400
    assert f"{label}：{message}" in response.content.decode()
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.APPROVED


def test_voiding_needs_the_reason_and_keeps_it_in_the_history(client):
    staff = UserFactory(roles=["staff"])
    contract = approved_installation(staff)
    draft = services.contract_create(by=staff, contract_type=contract.contract_type,
                                     customer=contract.customer, title="重复草稿")
    client.force_login(staff)
    url = reverse("contracts:void", args=[draft.pk])

    refused = client.post(url, {"confirm": "on"})
    voided = client.post(url, {"confirm": "on", "reason": "重复起草"})

    assert refused.status_code == 400
    assert _errors(("Reason for voiding", "Give the reason."))[0] in refused.content.decode()
    assert voided.status_code == 302
    draft = Contract.objects.get(pk=draft.pk)
    assert draft.status == Contract.Status.VOID
    assert "重复起草" in draft.history.first().history_change_reason


def test_termination_and_receipt_are_confirmed(client, signed, archivist):
    """Terminate with its reason, hand over, and the archivist's receipt needs the tick and
    the location (an empty location is named on the step)."""
    client.force_login(signed.created_by)
    client.post(reverse("contracts:terminate", args=[signed.pk]),
                {"confirm": "on", "reason": "客户违约"})
    client.post(reverse("contracts:handover", args=[signed.pk]), {"confirm": "on"})
    signed = Contract.objects.get(pk=signed.pk)
    assert signed.status == Contract.Status.TERMINATED and hasattr(signed, "handover")
    assert any("客户违约" in (row.history_change_reason or "") for row in signed.history.all())
    client.force_login(archivist)
    url = reverse("contracts:receive", args=[signed.pk])

    refused = client.post(url, {"confirm": "on", "location": ""})
    received = client.post(url, {"confirm": "on", "location": "档案室 A-03"})

    assert refused.status_code == 400
    assert received.status_code == 302
    assert Contract.objects.get(pk=signed.pk).status == Contract.Status.ARCHIVED


def test_a_user_the_rule_does_not_name_gets_no_confirmation_step(client, signed, gm):
    """The GM reads the contract but may not terminate it: the step is a 403 too."""
    client.force_login(gm)

    assert client.get(reverse("contracts:terminate", args=[signed.pk])).status_code == 403
