"""Creating an approval route from code (data migrations, reference data), idempotently."""


def ensure_route(apps, *, app_label: str, model: str, condition: str, name: str,
                 description: str, steps: list[tuple[str, int]]) -> None:
    """Create the route of `app_label.model` under `condition` with its role steps
    [(role code, rank), …] unless it exists; an administrator's later edits are kept."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Route = apps.get_model("approvals", "ApprovalRoute")
    Step = apps.get_model("approvals", "RouteStep")
    target, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    route, created = Route.objects.get_or_create(
        target=target, condition=condition, defaults={"name": name, "description": description})
    if not created:
        return
    for role, rank in steps:
        group, _ = Group.objects.get_or_create(name=role)
        Step.objects.create(route=route, rank=rank, role=group, decider="role", mode="one",
                            time_limit_hours=16)
