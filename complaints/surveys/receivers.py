"""Receivers of complaints.surveys.signals, connected in SurveysConfig.ready()."""

from django.dispatch import receiver

from complaints.surveys.services.capa_survey import actions_for_approved_report
from complaints.surveys.signals import report_approved


@receiver(report_approved, dispatch_uid="surveys.capa.report_approved")
def act_on_approved_report(sender, *, report, by=None, **kwargs):
    """An approved report checks the effectiveness of the actions awaiting its figures and
    drafts one corrective/preventive action per dimension below its required level
    (complaints.surveys.services.capa_survey). Without `by`, the report's approver acts."""
    actions_for_approved_report(report=report, by=by or report.approved_by)
