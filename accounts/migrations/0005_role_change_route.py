"""The approval route of role changes (step: the general manager, 第十一条, 第十二条) and the
system administrator's right to file and follow role-change requests."""

from django.db import migrations


def forward(apps, schema_editor):
    from accounts.roles import grant_model_permissions
    from approvals.setup import ensure_route

    ensure_route(apps, app_label="accounts", model="rolechangerequest",
                 condition="accounts.role_change", name="角色变更审批",
                 description="第十一条、第十二条：授予或取消业务角色须经总经理本人审批",
                 steps=[("gm", 50)])
    grant_model_permissions(apps, "sysadmin", "accounts", "rolechangerequest", ("add", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_change_request"),
        ("approvals", "0002_route_admin_permissions"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
