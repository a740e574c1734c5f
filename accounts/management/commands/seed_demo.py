"""Demo data: departments and one user per role (password in the README). Safe to repeat."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts import roles
from accounts.models import Department, User
from accounts.reference import ensure_reference_data
from accounts.roles import setup_roles

DEMO_PASSWORD = "Demo-pass-2026"  # noqa: S105 - printed in the README, refused with DEBUG off

DEMO_MODULES = ("customers.demo", "contracts.demo", "complaints.demo", "complaints.surveys.demo")

DEPARTMENTS = (
    ("market", "市场部", "Market Department"),
    ("leadership", "公司领导", "Company Leadership"),
    ("planning", "规划建设管理部", "Planning and Construction Department"),
    ("finance", "财务部", "Finance Department"),
    ("general", "综合管理部", "General Management Department"),
    ("office", "公司办公室", "Company Office"),
    ("production", "生产处", "Production Division"),
)

# username, family name, given name, department, title, roles
USERS = (
    ("staff", "张", "伟", "market", "业务员", [roles.STAFF]),
    ("market_manager", "李", "娜", "market", "市场部经理", [roles.MARKET_MANAGER]),
    ("ops_vp", "王", "强", "leadership", "经营副总经理", [roles.OPS_VP]),
    ("gm", "刘", "洋", "leadership", "总经理", [roles.GM]),
    ("planning", "陈", "静", "planning", "规划工程师", [roles.PLANNING]),
    ("budget", "杨", "磊", "planning", "预算员", [roles.BUDGET]),
    ("finance", "赵", "敏", "finance", "会计", [roles.FINANCE]),
    ("archivist", "黄", "丽", "general", "档案管理员", [roles.ARCHIVIST]),
    ("sales_director", "周", "杰", "market", "销售总监", [roles.SALES_DIRECTOR]),
    ("office", "吴", "芳", "office", "办公室主任", [roles.OFFICE]),
    ("production", "徐", "刚", "production", "生产处处长", [roles.PRODUCTION]),
    ("sysadmin", "孙", "涛", "general", "网络管理员", [roles.SYSADMIN]),
)


class Command(BaseCommand):
    help = "Load demo departments and one user per role (refuses to run with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Run even with DEBUG off (never on a production database).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production system. Demo users with a published "
                "password would be a security hole. Use --force only on a test machine."
            )
        # The demo's approval requests would mail every decider: keep those mails in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed()

    @transaction.atomic
    def _seed(self):
        setup_roles()
        ensure_reference_data()  # the GM's role-change route, also after a flush
        departments = {}
        for code, name, name_en in DEPARTMENTS:
            departments[code], _ = Department.objects.update_or_create(
                code=code, defaults={"name": name, "name_en": name_en}
            )
        created = 0
        for username, last_name, first_name, department, title, role_codes in USERS:
            user, was_created = User.objects.update_or_create(
                username=username,
                defaults={
                    "last_name": last_name,
                    "first_name": first_name,
                    "department": departments[department],
                    "title": title,
                    "email": f"{username}@example.com",
                    # sysadmin manages users; gm edits approval routes and contract types;
                    # finance keeps the price standard: they use the admin.
                    "is_staff": bool({roles.SYSADMIN, roles.GM, roles.FINANCE} & set(role_codes)),
                    "is_active": True,
                },
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user._change_reason = "seed_demo"
                user.save()
                created += 1
            user.groups.add(*Group.objects.filter(name__in=role_codes))
        for module in DEMO_MODULES:  # each app adds its demo records, once
            import_module(module).seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(DEPARTMENTS)} departments, {len(USERS)} users "
            f"({created} new). Password of new demo users: {DEMO_PASSWORD}"
        ))
