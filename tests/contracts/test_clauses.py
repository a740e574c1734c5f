"""Clause templates take a closed list of named plain values (issue 8, point 2): a template
that reaches for anything else is refused when saved, and a hostile one stored behind the
validation's back prints nothing but its own text."""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.utils import timezone
from pypdf import PdfReader

from contracts import services
from contracts.clauses import CLAUSE_PLACEHOLDERS, clause_render, clause_values
from contracts.models import ClauseTemplate, Contract, ContractType, PriceStandard
from contracts.pdf import contract_pdf, contract_pdf_context
from contracts.reference import CLAUSES, CLAUSES_V2
from tests.accounts.factories import UserFactory
from tests.contracts.conftest import complete_company_profile
from tests.customers.factories import make_customer, make_notice

pytestmark = pytest.mark.django_db

SECRET_KEY_ATTACK = "{premises.__init__.__globals__[settings].SECRET_KEY}"
PASSWORD_ATTACK = "{premises.created_by.password}"
OTHER_TRICKS = ["{amount!r}", "{amount:>100000000}", "{premises[0]}", "{customer_name.upper}",
                "{unknown_name}", "{}", "{0}", "{amount:{amount}}", "unbalanced } brace"]


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split())
                   for page in PdfReader(io.BytesIO(pdf)).pages)


def _standard():
    return PriceStandard.objects.get_or_create(
        item="居民户内燃气安装", unit="户", unit_price=Decimal("2800.00"),
        effective_from=datetime.date(2025, 1, 1), document_number="昆发改价格〔2025〕12号",
        defaults={"approved_by": UserFactory(roles=["finance"])})[0]


@pytest.fixture
def staff():
    return UserFactory(roles=["staff"])


@pytest.fixture
def contract(staff):
    """A residential installation with premises, a term, its project and construction period,
    approved (no route), unsigned."""
    notice = make_notice()
    contract = services.contract_create(
        by=staff, contract_type=ContractType.objects.get(code="installation"),
        customer=make_customer(by=staff, name="王五"), title="户内安装",
        premises=notice.premises, starts_on=datetime.date(2027, 1, 4),
        ends_on=datetime.date(2027, 2, 26), project_name="王五户内燃气安装",
        project_site="昆明市西山区滇池路 9 号", works_from=datetime.date(2027, 1, 4),
        works_to=datetime.date(2027, 2, 26), price_lines=[(_standard(), Decimal("1"))])
    complete_company_profile()
    assert services.contract_submit(contract=contract, by=staff) is None
    contract.refresh_from_db()
    return contract


def _hostile_template(body: str) -> ClauseTemplate:
    """A version written straight to the database, bypassing clean() (as an old row might be)."""
    return ClauseTemplate.objects.create(
        contract_type=ContractType.objects.get(code="installation"), version=9,
        effective_from=timezone.localdate(), body=f"第一条 地点：{body}。金额{{amount}}元。")


# --- Saving a clause version ------------------------------------------------------------------


@pytest.mark.parametrize("body", ["第一条 工程地点：{attack}。", "{attack}"])
@pytest.mark.parametrize("attack", [SECRET_KEY_ATTACK, PASSWORD_ATTACK])
def test_saving_a_clause_version_that_reaches_into_objects_is_refused_naming_the_allowed(
        attack, body):
    """Attribute access and indexing are refused, the field named (不允许); the message lists
    every allowed name."""
    template = ClauseTemplate(contract_type=ContractType.objects.get(code="installation"),
                              version=7, effective_from=datetime.date(2030, 1, 1),
                              body=body.replace("{attack}", attack))

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    message = " ".join(refused.value.message_dict["body"])
    assert f"不允许：{attack}" in message
    for name in CLAUSE_PLACEHOLDERS:
        assert "{" + name + "}" in message


@pytest.mark.parametrize("body", OTHER_TRICKS)
def test_conversions_format_specs_unknown_names_and_bad_braces_are_refused(body):
    """Only `{name}` of the closed list: no !r, no format spec, no position, no stray brace."""
    template = ClauseTemplate(contract_type=ContractType.objects.get(code="installation"),
                              version=7, effective_from=datetime.date(2030, 1, 1), body=body)

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "{customer_name}" in " ".join(refused.value.message_dict["body"])


def test_the_admin_form_refuses_a_hostile_clause_version():
    """The admin's clause form (the inline of the contract type) runs the same validation."""
    inline = admin_site._registry[ContractType].inlines[0]
    form_class = modelform_factory(ClauseTemplate, fields=inline.fields)
    form = form_class(data={"version": "7", "effective_from": "2030-01-01",
                            "body": f"工程地点：{PASSWORD_ATTACK}"},
                      instance=ClauseTemplate(
                          contract_type=ContractType.objects.get(code="installation")))

    assert not form.is_valid()
    assert "{premises_address}" in " ".join(form.errors["body"])


def test_a_clause_version_using_only_the_allowed_names_is_saved():
    """Every allowed name, and doubled braces for a literal brace, pass."""
    body = "、".join("{" + name + "}" for name in CLAUSE_PLACEHOLDERS) + " {{字面}}"
    template = ClauseTemplate(contract_type=ContractType.objects.get(code="installation"),
                              version=7, effective_from=datetime.date(2030, 1, 1), body=body)

    template.full_clean()


def test_the_seeded_clause_texts_are_valid_templates():
    """The five versions 1 and 2 of reference.py pass the validation they are held to."""
    installation = ContractType.objects.get(code="installation")
    for body in [*CLAUSES.values(), *CLAUSES_V2.values()]:
        ClauseTemplate(contract_type=installation, version=7,
                       effective_from=datetime.date(2030, 1, 1), body=body).full_clean()


# --- Rendering ------------------------------------------------------------------------------------


def test_the_values_are_plain_strings_never_model_instances(contract):
    """One function builds the values from the contract: every value is a str."""
    values = clause_values(contract)

    assert set(values) == set(CLAUSE_PLACEHOLDERS)
    assert all(type(value) is str for value in values.values())


@pytest.mark.parametrize("attack", [SECRET_KEY_ATTACK, PASSWORD_ATTACK])
def test_a_stored_hostile_template_prints_no_secret_in_the_draft(contract, staff, attack):
    """Rendering leaves a field outside the list as written: no secret, no password hash."""
    _hostile_template(attack)

    context = contract_pdf_context(contract=contract, printed_by=staff)
    text = _text(contract_pdf(contract=contract, printed_by=staff))

    for printed in (context["clauses"], text):
        assert settings.SECRET_KEY not in printed
        assert staff.password not in printed
        assert "pbkdf2" not in printed and "argon2" not in printed
    assert "金额2,800.00元" in context["clauses"]


@pytest.mark.parametrize("attack", [SECRET_KEY_ATTACK, PASSWORD_ATTACK])
def test_signing_under_a_stored_hostile_template_is_refused_and_freezes_nothing(
        contract, staff, attack):
    """The signing names the broken version instead of freezing what it would print."""
    _hostile_template(attack)

    with pytest.raises(ValidationError) as refused:
        services.contract_sign(contract=contract, by=staff)

    message = " ".join(refused.value.messages)
    assert attack in message and "9" in message
    contract.refresh_from_db()
    assert contract.status == Contract.Status.APPROVED and not contract.signed_text


def test_rendering_never_raises_on_a_malformed_template():
    """A stray brace in a stored version gives its text back, not a server error."""
    assert clause_render("金额 {amount 元 }", {"amount": "1.00"}) == "金额 {amount 元 }"
    assert clause_render("{amount.__class__}{amount}", {"amount": "1.00"}) == (
        "{amount.__class__}1.00")


def test_the_signed_contract_still_prints_every_value_it_used_to(contract, staff):
    """Project and site, amount, capitals and the construction period, as the seeded version 2
    prints them."""
    services.contract_sign(contract=contract, by=staff)
    contract.refresh_from_db()

    text = contract.signed_text

    assert "第一条 工程名称：王五户内燃气安装；工程地点：昆明市西山区滇池路 9 号。" in text
    assert "人民币2,800.00元（大写：贰仟捌佰元整）" in text
    assert "第五条 工期：2027-01-04至2027-02-26。" in text
    assert "{" not in text and "}" not in text


def test_every_name_of_the_list_renders_its_value(contract):
    """Customer name, contract number and date, subject, amount, capitals, premises, term."""
    body = "|".join("{" + name + "}" for name in CLAUSE_PLACEHOLDERS)

    text = clause_render(body, clause_values(contract))

    for value in (contract.customer.name, contract.number, "2,800.00", "贰仟捌佰元整",
                  str(contract.premises), "2027-01-04", "2027-02-26", contract.title,
                  contract.contract_date.isoformat()):
        assert value in text
    assert "{" not in text


# --- The data migration ---------------------------------------------------------------------------


def test_the_migration_renames_the_old_placeholders_and_nothing_else():
    """{customer} {number} {amount_capitals} {premises} take their new names; {{literal}}
    braces, kept names and unknown fields stay as they were."""
    migration = importlib.import_module("contracts.migrations.0008_clause_placeholders")

    rewritten = migration.rename_placeholders(
        "{customer}/{number}/{amount}/{amount_capitals}/{premises}/{starts_on}/{ends_on}"
        "/{{premises}}/{premises.created_by}")

    assert rewritten == ("{customer_name}/{contract_number}/{amount}/{amount_in_capitals}"
                         "/{premises_address}/{starts_on}/{ends_on}/{{premises}}"
                         "/{premises.created_by}")
