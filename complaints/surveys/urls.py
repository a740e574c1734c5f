"""The surveys' URLs, one module per subject (collection, report, actions), joined here."""

from complaints.surveys.urls_actions import urlpatterns as action_urls
from complaints.surveys.urls_collection import urlpatterns as collection_urls
from complaints.surveys.urls_report import urlpatterns as report_urls

app_name = "surveys"

# The report's campaigns/<pk>/report/ comes before the campaign actions' campaigns/<pk>/<action>/.
urlpatterns = [*report_urls, *collection_urls, *action_urls]
