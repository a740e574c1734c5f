"""Builders of the report's tests (part B): the people, a campaign with answers, a report
walked through the approval engine."""

from approvals.services import approval_decide
from complaints.surveys.services import report as services
from tests.accounts.factories import DepartmentFactory, UserFactory
from tests.surveys.factories import make_campaign, make_response

RATINGS = [
    {"service_quality": 5, "package_price": 3, "company": 4, "safety": 4, "attitude": 2},
    {"service_quality": 4, "package_price": 2, "company": 5, "safety": 5, "attitude": 3},
    {"service_quality": 3, "package_price": 4, "company": 4, "safety": 5, "attitude": 5},
]


def people() -> dict:
    """office, gm, a department head the report goes to, the head of another department,
    a member of staff."""
    office = UserFactory(username="report_office", roles=["office"])
    gm = UserFactory(username="report_gm", roles=["gm"])
    head = UserFactory(username="report_head", roles=["staff"])
    other_head = UserFactory(username="report_other_head", roles=["staff"])
    staff = UserFactory(username="report_staff", roles=["staff"])
    department = DepartmentFactory(head=head)
    other = DepartmentFactory(head=other_head)
    return {
        "office": office,
        "gm": gm,
        "head": head,
        "other_head": other_head,
        "staff": staff,
        "department": department,
        "other_department": other,
    }


def answered_campaign(**fields):
    campaign = make_campaign(**fields)
    for index, ratings in enumerate(RATINGS):
        make_response(
            campaign,
            ratings=ratings,
            stratum="commercial" if index == 2 else "residential",
            text=f"意见{index + 1}：抄表要准时",
        )
    return campaign


def drafted_report(p: dict, campaign=None):
    campaign = campaign or answered_campaign()
    report = services.report_create(campaign=campaign, by=p["office"])
    return services.report_update(
        report=report,
        by=p["office"],
        title=report.title,
        commentary="分析说明",
        conclusions="总体满意",
        departments=[p["department"]],
    )


def submitted_report(p: dict, campaign=None):
    report = drafted_report(p, campaign)
    request = services.report_submit(report=report, by=p["office"])
    report.refresh_from_db()
    return report, request


def approved_report(p: dict, campaign=None):
    report, request = submitted_report(p, campaign)
    approval_decide(
        step=request.steps.get(position=1), by=p["gm"], approve=True, comment="同意发放"
    )
    report.refresh_from_db()
    return report
