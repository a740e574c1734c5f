from django.contrib import admin

from core.admin import BusinessAdmin
from tests.testapp.models import Memo


@admin.register(Memo)
class MemoAdmin(BusinessAdmin):
    list_display = ("title", "status", "amount")
