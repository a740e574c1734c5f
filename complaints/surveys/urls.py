"""The surveys' URLs, one module per subject (collection, report, actions), joined here."""

from django.urls import path

from complaints.surveys.urls_actions import urlpatterns as action_urls
from complaints.surveys.urls_collection import urlpatterns as collection_urls
from complaints.surveys.urls_report import urlpatterns as report_urls
from complaints.surveys.views.home import SurveysHomeView

app_name = "surveys"

urlpatterns = [path("", SurveysHomeView.as_view(), name="home"),
               *collection_urls, *report_urls, *action_urls]
