"""What may this user do here, per record type (campaign, report, action), decided once:
services enforce it, views call it, templates read it to draw exactly those buttons."""
