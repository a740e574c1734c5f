"""The complaint list: filters and search in the URL (complaints.filters, which reads through
complaint_list: what the user may see, safety hazards first), whitelisted sorting, pages of
core.paginator.CappedPaginator, and the CSV / Excel export of the filtered rows."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from complaints.export import KINDS, complaint_export_response
from complaints.figures import may_see_figures
from complaints.filters import ComplaintFilter
from complaints.selectors import complaint_caller_phone
from core.paginator import CappedPaginator
from customers.views.listing import page_links

PAGE_SIZE = 50


def may_register(user) -> bool:
    """complaint_register's rule (§7.1): a member of a department, or a department head."""
    return user.department_id is not None or user.departments_headed.exists()


class ComplaintListView(LoginRequiredMixin, View):
    template_name = "complaints/complaint_list.html"

    def get(self, request):
        filterset = ComplaintFilter(request.GET, request=request)
        complaints = filterset.qs
        export = request.GET.get("export")
        if export in KINDS:
            return complaint_export_response(request=request, complaints=complaints,
                                             kind=export)
        page = CappedPaginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [{"complaint": complaint,
                 "phone": complaint_caller_phone(user=request.user, complaint=complaint)}
                for complaint in page]
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        return render(request, self.template_name, {
            "filter": filterset, "page": page, "rows": rows, "links": page_links(request, page),
            "query": query.urlencode(),
            "may_register": may_register(request.user),
            "may_see_figures": may_see_figures(request.user)})
