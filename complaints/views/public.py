"""The public web complaint form (issue 11, point 6): no login, no CAPTCHA.

Abuse is kept out by two means that a person filling the form never notices:
- a honeypot field, hidden from people (and from screen readers) but filled by form robots: a
  submission that fills it is dropped without a word and gets the same thank-you page;
- a limit per client address (core.request.client_ip, behind NUM_PROXIES trusted proxies):
  WEB_FORM_WINDOWS submissions; beyond it the form is refused with status 429 and nothing is
  stored.

A submission goes through complaints.services.complaint_register_web: registered (登记) for the
business department, which sorts it. The text is stored as typed; templates escape it.

The form lives here rather than in complaints/forms.py: it is used by this page only.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from complaints.services import complaint_register_web
from core.forms import BootstrapFormMixin, apply_validation_error
from core.ratelimit import Window, rate_limit_hit
from core.request import client_ip
from core.validators import validate_phone

HONEYPOT = "extra_reference"
WEB_FORM_WINDOWS = (Window("10min", 5, 10 * 60), Window("day", 20, 24 * 60 * 60))
_THANKS_SALT = "complaints.public.thanks"
_THANKS_MAX_AGE = 60 * 60  # the thank-you link shows the number for an hour


class PublicComplaintForm(BootstrapFormMixin, forms.Form):
    caller_name = forms.CharField(label=gettext_lazy("Your name"), max_length=100,
                                  widget=forms.TextInput(attrs={"autocomplete": "name"}))
    caller_phone = forms.CharField(
        label=gettext_lazy("Phone"), max_length=30, validators=[validate_phone],
        help_text=gettext_lazy("A mobile or landline number on which we can call you back."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    caller_address = forms.CharField(
        label=gettext_lazy("Address"), max_length=200, required=False,
        help_text=gettext_lazy("Where the problem is, if it concerns a place."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    text = forms.CharField(label=gettext_lazy("Your complaint"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    # The honeypot: hidden by the template; a person leaves it empty.
    extra_reference = forms.CharField(label=gettext_lazy("Leave this field empty"),
                                      required=False, max_length=200,
                                      widget=forms.TextInput(attrs={"autocomplete": "off",
                                                                    "tabindex": "-1"}))

    def clean_caller_phone(self):
        return "".join(self.cleaned_data["caller_phone"].split())

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))


def _thanks_url(number: str = "") -> str:
    url = reverse("complaints:public_thanks")
    if number:
        url += "?ref=" + signing.dumps(number, salt=_THANKS_SALT)
    return url


class PublicComplaintView(View):
    """GET: the form. POST: register the complaint and go to the thank-you page; 429 with the
    form and a message beyond the address's limit. Open to everyone, signed in or not."""

    template_name = "complaints/public_form.html"
    http_method_names = ["get", "post"]

    def get(self, request):
        return render(request, self.template_name, {"form": PublicComplaintForm()})

    def post(self, request):
        form = PublicComplaintForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        if not rate_limit_hit(scope="complaints-web-form", key=client_ip(request),
                              windows=WEB_FORM_WINDOWS):
            form.add_error(None, _("Too many complaints were sent from your connection. Please "
                                   "try again later, or call our service hotline."))
            return render(request, self.template_name, {"form": form, "limited": True},
                          status=429)
        if form.is_robot:
            return redirect(_thanks_url())
        data = form.cleaned_data
        try:
            complaint = complaint_register_web(
                caller_name=data["caller_name"], caller_phone=data["caller_phone"],
                caller_address=data["caller_address"], text=data["text"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return render(request, self.template_name, {"form": form})
        return redirect(_thanks_url(complaint.number))


class PublicComplaintThanksView(View):
    """The thank-you page; with a valid `ref` (signed, an hour) it shows the complaint number
    to quote."""

    template_name = "complaints/public_thanks.html"
    http_method_names = ["get"]

    def get(self, request):
        try:
            number = signing.loads(request.GET.get("ref", ""), salt=_THANKS_SALT,
                                   max_age=_THANKS_MAX_AGE)
        except signing.BadSignature:
            number = ""
        return render(request, self.template_name, {"number": number})
