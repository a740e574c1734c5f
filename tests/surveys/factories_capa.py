"""Builders for the corrective/preventive action tests (part C): the people around an action,
approved reports with figures, actions walked to any state through the services."""

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Department
from complaints.surveys.models import CorrectiveAction, SurveyReport
from complaints.surveys.services import capa as services
from complaints.surveys.signals import report_approved
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.surveys.factories import make_campaign, make_report

S = CorrectiveAction.Status


@dataclass
class Team:
    office: object
    gm: object
    department: Department  # the owner department
    head: object  # its head (not a member: only the head field links him)
    owner: object  # a member of the owner department
    other_head: object  # the head of another department
    staff: object  # a member of the owner department, not the owner
    outsider: object  # a member of another department


def make_team() -> Team:
    department = DepartmentFactory(code="customer_service", name="客服中心")
    other = DepartmentFactory(code="engineering", name="工程部")
    head = UserFactory(username="cs_head", roles=["market_manager"])
    other_head = UserFactory(username="eng_head", roles=["market_manager"])
    department.head, other.head = head, other_head
    department.save()
    other.save()
    return Team(
        office=UserFactory(username="capa_office", roles=["office"]),
        gm=UserFactory(username="capa_gm", roles=["gm"]),
        department=department,
        head=head,
        owner=UserFactory(username="capa_owner", roles=["staff"], department=department),
        other_head=other_head,
        staff=UserFactory(username="capa_staff", roles=["staff"], department=department),
        outsider=UserFactory(username="capa_outsider", roles=["staff"], department=other),
    )


def approved_report(figures: dict, *, year: int | None = None, gm=None) -> SurveyReport:
    """An approved report with these figures, and the signal the report part sends."""
    campaign = make_campaign(year=year or timezone.localdate().year)
    report = make_report(campaign, status=SurveyReport.Status.APPROVED, figures=figures)
    report_approved.send(sender=SurveyReport, report=report, by=gm or UserFactory(roles=["gm"]))
    return report


def assign(action, team: Team, **fields) -> CorrectiveAction:
    values = {
        "problem": action.problem or "问题",
        "root_cause": "原因分析",
        "kind": CorrectiveAction.Kind.CORRECTIVE,
        "measures": "培训与回访",
        "owner_department": team.department,
        "owner": team.owner,
        "due_on": timezone.localdate() + timezone.timedelta(days=30),
    } | fields
    return services.action_assign(action=action, by=team.office, **values)


def walk(action, team: Team, until: str) -> CorrectiveAction:
    """Take `action` from drafted to `until` (assigned, completed, awaiting_check)."""
    steps = {
        S.ASSIGNED: lambda a: assign(a, team),
        S.COMPLETED: lambda a: services.action_complete(action=a, by=team.owner, note="已完成整改"),
        S.AWAITING_CHECK: lambda a: services.action_verify(
            action=a, by=team.office, note="核实有效"
        ),
    }
    for state in (S.ASSIGNED, S.COMPLETED, S.AWAITING_CHECK):
        if action.status == until:
            break
        action = steps[state](action)
    return action
