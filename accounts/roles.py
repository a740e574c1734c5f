"""The role groups of DESIGN.md §2. A group's name is the role's code; its `Role` row holds the
display names. `setup_roles` creates both and is safe to run any number of times."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RoleSpec:
    code: str
    name: str
    name_en: str
    description: str
    description_en: str = ""


STAFF = "staff"
MARKET_MANAGER = "market_manager"
OPS_VP = "ops_vp"
GM = "gm"
PLANNING = "planning"
BUDGET = "budget"
FINANCE = "finance"
ARCHIVIST = "archivist"
SALES_DIRECTOR = "sales_director"
OFFICE = "office"
PRODUCTION = "production"
SYSADMIN = "sysadmin"

ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(STAFF, "业务人员", "Business staff",
             "收集客户资料、开户、起草并签订普通合同、录入和备份客户信息",
             "Collects customer data, opens accounts, drafts and signs ordinary contracts, enters and backs up customer information"),
    RoleSpec(MARKET_MANAGER, "市场部经理", "Market manager",
             "审核签订商业及集体安装合同；提供照付不议合同的市场数据",
             "Reviews and signs commercial and collective installation contracts; provides market data for take-or-pay"),
    RoleSpec(OPS_VP, "经营副总经理", "Vice president (operations)",
             "签订分批付款安装合同；起草照付不议合同；决定大用户产权归属争议",
             "Signs installment installation contracts; drafts take-or-pay contracts; decides property-ownership disputes of large users"),
    RoleSpec(GM, "总经理", "General manager",
             "审批安装费未结清的供气；审签照付不议合同；授权查阅保密档案；审批投诉处理和满意度报告",
             "Approves supply before installation fees are settled; reviews and signs take-or-pay; authorises access to confidential archives; approves complaint resolutions and the satisfaction report"),
    RoleSpec(PLANNING, "规划建设管理部", "Planning and construction",
             "测算工期；签发送气通知单和验收图纸",
             "Estimates construction periods; issues gas delivery notices and acceptance drawings"),
    RoleSpec(BUDGET, "预算员", "Budget officer", "为非标准工程计算安装预算",
             "Calculates installation budgets for non-standard jobs"),
    RoleSpec(FINANCE, "财务部", "Finance", "登记费用缴纳情况；提供照付不议合同的财务数据",
             "Keeps fee payment status; provides financial data for take-or-pay"),
    RoleSpec(ARCHIVIST, "档案管理员", "Archivist", "接收完成的合同和文件，负责编号、借阅和销毁",
             "Receives finished contracts and files; keeps numbering, lending and disposal"),
    RoleSpec(SALES_DIRECTOR, "销售总监", "Sales director", "审批确认客户档案",
             "Approves customer archives"),
    RoleSpec(OFFICE, "公司办公室", "Company office",
             "关系维护、满意度调查、投诉反馈、纠正预防措施",
             "Relationship maintenance, satisfaction surveys, complaint feedback, corrective actions"),
    RoleSpec(PRODUCTION, "生产处", "Production", "会同受理部门处理质量投诉",
             "Handles quality complaints together with the receiving department"),
    RoleSpec(SYSADMIN, "综合管理部网络管理员", "System administrator",
             "管理用户、角色和权限；不因此角色查阅客户档案",
             "Manages users, roles and permissions; does not read customer archives by virtue of this role"),
)

ROLE_CODES = tuple(spec.code for spec in ROLES)
_SPECS = {spec.code: spec for spec in ROLES}


def role_display_name(code: str) -> str:
    """A role's name in the page's language, from the specs above (no query); an unknown code
    is shown as it is."""
    from core.text import in_language

    spec = _SPECS.get(code)
    return in_language(spec.name, spec.name_en) if spec else code

# Roles that read every customer archive (第十一条): their accounts (password, e-mail, flags)
# are changed in the admin only by a superuser, so nobody signs in as them after a reset.
PROTECTED_ACCOUNT_ROLES = frozenset({GM, SALES_DIRECTOR})

# What sysadmin may do in the admin: users, departments and groups, nothing of the business.
SYSADMIN_PERMISSIONS = (
    ("accounts", "user", ("add", "change", "view")),
    ("accounts", "department", ("add", "change", "view")),
    ("accounts", "role", ("change", "view")),
    # Roles change only through a request the GM approves (第十二条): file and follow it.
    ("accounts", "rolechangerequest", ("add", "view")),
    ("auth", "group", ("add", "change", "view")),
    ("auth", "permission", ("view",)),
)


def setup_roles(apps=None) -> None:
    """Create or update every role group, its display names and sysadmin's permissions.

    Works with the historical app registry of a migration (`apps`) and with the real one.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Role = apps.get_model("accounts", "Role")

    for spec in ROLES:
        group, _ = Group.objects.get_or_create(name=spec.code)
        values = {"code": spec.code, "name": spec.name, "name_en": spec.name_en,
                  "description": spec.description, "description_en": spec.description_en}
        # A migration's historical model may predate some fields: set only those it has.
        known = {field.name for field in Role._meta.get_fields()}
        Role.objects.update_or_create(
            group=group, defaults={k: v for k, v in values.items() if k in known}
        )

    for app_label, model, actions in SYSADMIN_PERMISSIONS:
        grant_model_permissions(apps, SYSADMIN, app_label, model, actions)


def grant_model_permissions(apps, group_name: str, app_label: str, model: str,
                            actions) -> None:
    """Give a role group model-wide permissions (`add`, `change`, `view` …) on one model.

    Creates the content type and permissions when they do not exist yet (in a migration,
    post_migrate has not run), so it is safe in data migrations and idempotent.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=group_name)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    for action in actions:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"},
        )
        group.permissions.add(permission)
