"""Response headers that limit what a page may load and use: Content-Security-Policy (django-csp,
configured by CONTENT_SECURITY_POLICY) and Permissions-Policy (PERMISSIONS_POLICY)."""

from csp.constants import NONE
from csp.middleware import CSPMiddleware
from django.conf import settings

# Chrome shows a PDF through an internal <embed> in a generated page with inline styles, which
# object-src 'none' and style-src 'self' block (crbug.com/271452). A PDF runs no page script, so
# it gets only the framing rule; every other response, HTML included, gets the full policy.
PDF_POLICY = {"frame-ancestors": [NONE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; PDFs (shown in the browser's viewer) get PDF_POLICY."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        is_pdf = response.get("Content-Type", "").startswith("application/pdf")
        if is_pdf and not report_only and parts.config is None:
            parts.config = PDF_POLICY
        return parts


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy`: the features in PERMISSIONS_POLICY with their allow lists; an
    empty list, `feature=()`, turns the feature off for the page and any frame in it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
