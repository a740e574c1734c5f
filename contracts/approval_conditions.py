"""第四条 (and 第五条 for ownership disputes) as route conditions: which contract goes to whom.

    ordinary residential installation ........ no approval (the staff member signs)
    commercial or collective installation .... 市场部经理 (public-welfare and industrial alike)
    installation paid in installments ........ 经营副总 (after the market manager where both)
    supply while installation fees are unpaid  总经理
    take-or-pay .............................. 总经理 (drafted by the 经营副总, 第九条)
    large user with an ownership dispute ..... 经营副总 (第五条)
"""

from django.utils.translation import gettext_lazy as _

from approvals.conditions import register_condition
from contracts.models import INSTALLATION_KINDS, Contract, Kind, installation_fees_outstanding

NON_RESIDENTIAL_INSTALLATION = ("commercial", "collective", "public_welfare", "industrial")


@register_condition("contracts.non_residential_installation",
                    label=_("Installation for a commercial or collective user (public-welfare "
                            "and industrial users alike) is signed by the market manager (第四条)"))
def non_residential_installation(contract: Contract) -> bool:
    return (contract.kind in INSTALLATION_KINDS
            and contract.customer.category in NON_RESIDENTIAL_INSTALLATION)


@register_condition("contracts.installation_in_installments",
                    label=_("Installation paid in installments is approved by the vice "
                            "president (第四条)"))
def installation_in_installments(contract: Contract) -> bool:
    return (contract.kind in INSTALLATION_KINDS
            and contract.payment_method == Contract.Payment.INSTALLMENTS)


@register_condition("contracts.supply_with_unpaid_installation",
                    label=_("Gas supply while installation fees are not fully paid is approved "
                            "by the general manager (第四条)"))
def supply_with_unpaid_installation(contract: Contract) -> bool:
    return contract.kind == Kind.SUPPLY and installation_fees_outstanding(contract.customer)


@register_condition("contracts.take_or_pay",
                    label=_("A take-or-pay contract is reviewed and signed by the general "
                            "manager (第四条, 第九条)"))
def take_or_pay(contract: Contract) -> bool:
    return contract.kind == Kind.TAKE_OR_PAY


@register_condition("contracts.ownership_dispute",
                    label=_("A property-ownership dispute of a large user is decided by the vice "
                            "president (第五条)"))
def ownership_dispute(contract: Contract) -> bool:
    return contract.ownership_dispute
