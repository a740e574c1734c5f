"""Reference data of accounts, ensured idempotently by a data migration and by `seed_demo`:
the approval route of role changes (第十一条, 第十二条: the general manager decides) and the
system administrator's right to file and follow role-change requests."""

ROLE_CHANGE_ROUTE = ("角色变更审批", "accounts.role_change",
                     "第十一条、第十二条：授予或取消业务角色须经总经理本人审批")


def ensure_reference_data(apps=None) -> None:
    """Create what is missing; never changes what the general manager has edited since."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    from accounts.roles import GM, SYSADMIN, grant_model_permissions
    from approvals.setup import ensure_route

    name, condition, description = ROLE_CHANGE_ROUTE
    ensure_route(apps, app_label="accounts", model="rolechangerequest", condition=condition,
                 name=name, description=description, steps=[(GM, 50)])
    grant_model_permissions(apps, SYSADMIN, "accounts", "rolechangerequest", ("add", "view"))
