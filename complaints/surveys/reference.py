"""Reference data of the satisfaction surveys, ensured idempotently by a data migration: the
company's default 〈顾客满意度调查表〉 (篇二 §6 b: service quality, package prices, the company
overall; plus safety service and staff attitude), the required levels (篇二 §6 d), the general
manager's approval route of the analysis report (篇二 §6 c) and the GM's right to set the
required levels in the admin.

The questionnaire's wording is data (Chinese, as the company hands it out), not interface text.
"""

from decimal import Decimal

from accounts.roles import GM

QUESTIONNAIRE_CODE = "satisfaction"
QUESTIONNAIRE_TITLE = "顾客满意度调查表"
INTRODUCTION = ("尊敬的用户：感谢您使用我公司的燃气服务。"
                "为了解您对我们服务的意见，持续改进服务质量，请您抽出几分钟填写本调查表。"
                "您的回答仅用于统计分析，我们将严格保密。")

# (code, name, weight, required index)
DIMENSIONS = [
    ("service_quality", "服务质量", "0.30", "80"),
    ("package_price", "套餐价格", "0.20", "75"),
    ("company", "公司评价", "0.20", "80"),
    ("safety", "安全服务", "0.20", "85"),
    ("attitude", "员工服务态度", "0.10", "80"),
]
OVERALL_REQUIRED = "80"

# (section title, [(kind, text, dimension code or None, required, [choices])])
SECTIONS = [
    ("一、服务质量", [
        ("rating", "您对供气的稳定性和燃气压力是否满意？", "service_quality", True, []),
        ("rating", "您对报修、维修的及时性和质量是否满意？", "service_quality", True, []),
        ("rating", "您对营业厅和服务热线办理业务的效率是否满意？", "service_quality", True, []),
    ]),
    ("二、套餐价格", [
        ("rating", "您对燃气价格及收费标准的透明度是否满意？", "package_price", True, []),
        ("rating", "您对安装、维修等收费项目的合理性是否满意？", "package_price", True, []),
    ]),
    ("三、安全服务", [
        ("rating", "您对入户安全检查和安全用气宣传是否满意？", "safety", True, []),
        ("rating", "您对燃气异味、泄漏等紧急情况的响应速度是否满意？", "safety", True, []),
    ]),
    ("四、员工服务态度", [
        ("rating", "您对我公司工作人员的服务态度和礼仪是否满意？", "attitude", True, []),
    ]),
    ("五、公司评价", [
        ("rating", "总体而言，您对我公司是否满意？", "company", True, []),
        ("rating", "您是否愿意向他人推荐我公司的服务？", "company", True, []),
        ("single", "您主要通过哪种方式与我公司联系？", None, False,
         ["营业厅", "服务热线", "微信公众号 / 网上营业厅", "上门服务人员", "其他"]),
        ("multiple", "您希望我公司在哪些方面改进？（可多选）", None, False,
         ["供气稳定性", "维修及时性", "收费与价格", "安全检查", "服务态度", "办事流程",
          "信息公开"]),
        ("text", "您对我公司还有哪些意见和建议？", None, False, []),
    ]),
]

ROUTE = ("顾客满意度调查分析报告审批", "surveys.report",
         "篇二 6 c)：顾客满意度调查分析报告经总经理审批后发放到相关部门")


def ensure_reference_data(apps=None) -> None:
    """Create what is missing; never changes what an administrator has edited since."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    from accounts.roles import grant_model_permissions
    from approvals.setup import ensure_route

    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Dimension = apps.get_model("surveys", "Dimension")
    Section = apps.get_model("surveys", "Section")
    Question = apps.get_model("surveys", "Question")
    Choice = apps.get_model("surveys", "Choice")
    Target = apps.get_model("surveys", "SatisfactionTarget")

    if not Questionnaire.objects.filter(code=QUESTIONNAIRE_CODE).exists():
        questionnaire = Questionnaire.objects.create(
            code=QUESTIONNAIRE_CODE, version=1, title=QUESTIONNAIRE_TITLE,
            introduction=INTRODUCTION)
        dimensions = {}
        for order, (code, name, weight, _required) in enumerate(DIMENSIONS, start=1):
            dimensions[code] = Dimension.objects.create(
                questionnaire=questionnaire, code=code, name=name, weight=Decimal(weight),
                order=order)
        for s_order, (title, questions) in enumerate(SECTIONS, start=1):
            section = Section.objects.create(questionnaire=questionnaire, title=title,
                                             order=s_order)
            for q_order, (kind, text, dimension, required, choices) in enumerate(questions, 1):
                question = Question.objects.create(
                    section=section, kind=kind, text=text, order=q_order,
                    dimension=dimensions.get(dimension), is_required=required)
                for c_order, label in enumerate(choices, start=1):
                    Choice.objects.create(question=question, label=label, order=c_order)
    for code, _name, _weight, required in DIMENSIONS:
        Target.objects.get_or_create(dimension_code=code,
                                     defaults={"required_index": Decimal(required)})
    Target.objects.get_or_create(dimension_code="",
                                 defaults={"required_index": Decimal(OVERALL_REQUIRED)})
    name, condition, description = ROUTE
    ensure_route(apps, app_label="surveys", model="surveyreport", condition=condition,
                 name=name, description=description, steps=[(GM, 50)])
    grant_model_permissions(apps, GM, "surveys", "satisfactiontarget", ("change", "view"))
