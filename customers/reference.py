"""Reference data of the customer archive, ensured idempotently by a data migration and by
`seed_demo`: the typical gas-use classes (用气性质) and the approval routes — archive
confirmation by the sales director (篇二) and access requests authorised by the GM (第十一条)."""

from accounts.roles import GM, SALES_DIRECTOR, SYSADMIN

USE_CLASSES = [
    ("res_cooking", "居民生活", "residential"),
    ("res_heating", "居民采暖", "residential"),
    ("commercial", "商业", "commercial,collective"),
    ("public_welfare", "公福", "public_welfare"),
    ("industrial", "工业", "industrial"),
    ("central_heating", "集中采暖", "commercial,industrial,public_welfare,collective"),
]

ROUTES = [
    ("客户档案审批确认", "customers", "customer", "customers.archive_confirmation",
     SALES_DIRECTOR, "篇二：客户档案由销售总监审批确认"),
    ("保密档案查阅授权", "customers", "accessrequest", "customers.access_request",
     GM, "第十一条：查阅客户资料须经总经理授权"),
]


def ensure_reference_data(apps=None) -> None:
    """Create what is missing; never changes what an administrator has edited since."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    from accounts.roles import grant_model_permissions
    from approvals.setup import ensure_route

    GasUseClass = apps.get_model("customers", "GasUseClass")
    for code, name, categories in USE_CLASSES:
        GasUseClass.objects.get_or_create(code=code, defaults={"name": name,
                                                               "categories": categories})
    for name, app_label, model, condition, role, description in ROUTES:
        ensure_route(apps, app_label=app_label, model=model, condition=condition, name=name,
                     description=description, steps=[(role, 50)])
    for group in (SYSADMIN, GM):  # the gas-use class list is configuration
        grant_model_permissions(apps, group, "customers", "gasuseclass", ("add", "change", "view"))
