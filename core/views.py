"""The home page (首页): the user's to-do tiles (core.home), their roles and department."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.home import tiles_for


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tiles"] = tiles_for(user)
        context["roles"] = list(user.roles())
        context["department"] = user.department
        return context
