"""The customer archive (客户档案): customers, contacts, premises, gas accounts, meters,
appliances, alarms, delivery notices, transactions, visits and access to confidential archives.

Rules that need the database (contact rule of 第五条, delivery notice of 第七条, access grants of
第十一条) live in `customers/services.py`; the models hold fields, constraints and predicates.
"""

from customers.models.access import (
    AccessGrant,
    AccessRequest,
    CustomerGroupObjectPermission,
    CustomerUserObjectPermission,
)
from customers.models.archive import (
    CATEGORIES_NEEDING_CONTACT,
    Category,
    Contact,
    Customer,
    IdType,
    TransactionRecord,
    Visit,
)
from customers.models.premises import (
    Alarm,
    Appliance,
    GasAccount,
    GasDeliveryNotice,
    GasUseClass,
    Meter,
    MeterChange,
    Premises,
)
from customers.models.requests import DeliveryNoticeRequest

__all__ = [
    "CATEGORIES_NEEDING_CONTACT", "AccessGrant", "AccessRequest", "Alarm", "Appliance",
    "Category", "Contact", "Customer", "CustomerGroupObjectPermission",
    "CustomerUserObjectPermission", "DeliveryNoticeRequest", "GasAccount", "GasDeliveryNotice",
    "GasUseClass", "IdType",
    "Meter", "MeterChange", "Premises", "TransactionRecord", "Visit",
]
