"""The complaint handling sheet (投诉处理单) as a PDF, for whoever sees the complaint (404 for
anyone else, complaints.selectors.complaint_get)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.views import View

from complaints.pdf import complaint_sheet_pdf
from complaints.selectors import complaint_get


class ComplaintPdfView(LoginRequiredMixin, View):
    """GET: the handling sheet, inline. The customer's archive data is printed only for a
    reader of the customer, whose print is written to the customer's access log."""

    http_method_names = ["get"]

    def get(self, request, pk):
        complaint = complaint_get(user=request.user, pk=pk)
        pdf = complaint_sheet_pdf(request=request, complaint=complaint)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{complaint.number}.pdf"'
        return response
