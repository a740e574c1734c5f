"""The permission matrix of issue 12 (part 7, acceptance): every role, a department head and an
action's owner × every page of the surveys. The office and the general manager see every
page (the GM reads, the office enters and prints: the GM gets 403 on those); a department
head sees the approved reports sent to his department and nothing tied to a respondent; an
action's owner sees his action; anyone else is told nothing exists (404). The customers'
names and the respondent codes appear only to the office and the GM."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from complaints.surveys.models import Campaign, CorrectiveAction, Respondent, SurveyReport
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.surveys.factories import make_action, make_campaign, make_respondent
from tests.surveys.factories_report import answered_campaign, approved_report, drafted_report

pytestmark = pytest.mark.django_db

HEAD, OTHER_HEAD, OWNER = "department_head", "other_department_head", "action_owner"
SUBJECTS = (*roles.ROLE_CODES, HEAD, OTHER_HEAD, OWNER)

PAGES = (
    "campaigns",
    "campaign",
    "respondent",
    "entry",
    "enter",
    "campaign_paper",
    "respondent_paper",
    "reports",
    "report",
    "report_pdf",
    "answers",
    "actions",
    "action",
    "targets",
)
# What the office enters and prints, the general manager may see but not do: 403.
OFFICE_ONLY = {"entry", "enter", "campaign_paper", "respondent_paper"}
EXPECTED = {
    roles.OFFICE: dict.fromkeys(PAGES, 200),
    roles.GM: {page: 403 if page in OFFICE_ONLY else 200 for page in PAGES},
    # The report sent to his department, its PDF; the list of actions (none of his here).
    HEAD: {
        page: 200 if page in {"reports", "report", "report_pdf", "actions"} else 404
        for page in PAGES
    },
    # Heads another department: the lists exist for him, the report sent to the head's not.
    OTHER_HEAD: {page: 200 if page in {"reports", "actions"} else 404 for page in PAGES},
    OWNER: {page: 200 if page in {"actions", "action"} else 404 for page in PAGES},
}
READS_RESPONDENTS = {roles.OFFICE, roles.GM}


@pytest.fixture
def matrix():
    users = {
        code: UserFactory(username=f"matrix_{code}", roles=[code]) for code in roles.ROLE_CODES
    }
    users[HEAD] = UserFactory(username="matrix_head", roles=[roles.STAFF])
    users[OTHER_HEAD] = UserFactory(username="matrix_other_head", roles=[roles.STAFF])
    users[OWNER] = UserFactory(username="matrix_owner", roles=[roles.STAFF])
    department = DepartmentFactory(head=users[HEAD])
    other = DepartmentFactory(head=users[OTHER_HEAD])
    people = {"office": users[roles.OFFICE], "gm": users[roles.GM], "department": department}

    # Last year's campaign, its report approved and sent to the head's department.
    reported = answered_campaign(year=2025)
    report = approved_report(people, reported)
    # Another approved report sent only to the other department, and a draft.
    elsewhere = approved_report(people | {"department": other}, answered_campaign(year=2024))
    draft = drafted_report(people, answered_campaign(year=2023))
    # This year's campaign collecting, with a respondent still to answer.
    collecting = make_campaign(status=Campaign.Status.COLLECTING)
    waiting = make_respondent(collecting)
    action = make_action(
        status=CorrectiveAction.Status.ASSIGNED,
        owner=users[OWNER],
        owner_department=users[OWNER].department,
        problem="热线接通率低",
    )
    answered = Respondent.objects.filter(campaign=reported).select_related("customer").first()
    urls = {
        "campaigns": reverse("surveys:campaigns"),
        "campaign": reverse("surveys:campaign", args=[collecting.pk]),
        "respondent": reverse("surveys:respondent", args=[answered.pk]),
        "entry": reverse("surveys:entry"),
        "enter": reverse("surveys:enter", args=[waiting.pk]),
        "campaign_paper": reverse("surveys:campaign_paper", args=[collecting.pk]),
        "respondent_paper": reverse("surveys:respondent_paper", args=[waiting.pk]),
        "reports": reverse("surveys:reports"),
        "report": reverse("surveys:report", args=[report.pk]),
        "report_pdf": reverse("surveys:report_pdf", args=[report.pk]),
        "answers": reverse("surveys:report_answers", args=[report.pk]),
        "actions": reverse("surveys:actions"),
        "action": reverse("surveys:action", args=[action.pk]),
        "targets": reverse("surveys:targets"),
    }
    respondents = Respondent.objects.select_related("customer")
    return {
        "users": users,
        "urls": urls,
        "report": report,
        "elsewhere": elsewhere,
        "draft": draft,
        "action": action,
        "answered": answered,
        "waiting": waiting,
        "names": {r.customer.name for r in respondents},
        "codes": set(respondents.values_list("code", flat=True)),
    }


def _text(response) -> str:
    """The page's HTML, or the text of a PDF."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        content = b"".join(response.streaming_content) if response.streaming else (response.content)
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return response.content.decode()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_each_subject_reaches_exactly_its_survey_pages(client, matrix, subject):
    client.force_login(matrix["users"][subject])

    statuses = {page: client.get(url).status_code for page, url in matrix["urls"].items()}

    assert statuses == EXPECTED.get(subject, dict.fromkeys(PAGES, 404))


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_reports_and_actions_listed_are_those_the_subject_may_open(client, matrix, subject):
    client.force_login(matrix["users"][subject])
    reports = {key: matrix[key] for key in ("report", "elsewhere", "draft")}
    sees_all = subject in READS_RESPONDENTS

    listed = client.get(reverse("surveys:reports"))
    pages = {
        key: client.get(reverse("surveys:report", args=[r.pk])).status_code
        for key, r in reports.items()
    }
    actions = client.get(reverse("surveys:actions"))

    expected = (
        set(reports)
        if sees_all
        else {HEAD: {"report"}, OTHER_HEAD: {"elsewhere"}}.get(subject, set())
    )
    assert pages == {key: 200 if key in expected else 404 for key in reports}
    if listed.status_code == 200:
        assert {r.pk for r in listed.context["reports"]} == {reports[k].pk for k in expected}
    else:
        assert not expected
    if actions.status_code == 200:
        shown = {a.pk for a in actions.context["page"]}
        assert (matrix["action"].pk in shown) is (sees_all or subject == OWNER)
        if not sees_all:
            assert shown <= {matrix["action"].pk}  # the report's drafted actions: not his


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_customers_names_and_codes_only_for_the_office_and_the_gm(client, matrix, subject):
    client.force_login(matrix["users"][subject])
    answered, waiting = matrix["answered"], matrix["waiting"]

    shown = {
        page: _text(response)
        for page, url in matrix["urls"].items()
        if (response := client.get(url)).status_code == 200
    }

    seen = {
        page
        for page, text in shown.items()
        if any(name in text for name in matrix["names"])
        or any(code in text for code in matrix["codes"])
    }
    if subject in READS_RESPONDENTS:
        assert answered.customer.name in shown["respondent"]
        assert answered.code in shown["respondent"]
        assert waiting.customer.name in shown["campaign"]
        assert {"respondent", "campaign"} <= seen
    else:
        assert seen == set(), f"{subject} reads respondents on {sorted(seen)}"
    if subject == HEAD:
        assert matrix["report"].number in shown["report_pdf"]  # the PDF was read
        assert SurveyReport.objects.get(pk=matrix["report"].pk).is_approved
