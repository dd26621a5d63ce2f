"""Starts Django OAuth Toolkit on 127.0.0.1:PORT with a fresh database: a staff user who logs in
on the admin login page, and a public client (authorization code, PKCE) for the extension's
redirect URIs. Prints "ready" once it listens. Usage: serve.py PORT USER PASSWORD CLIENT_ID
REDIRECT_URI... DOT_MORE_USERS ("name:password,name:password") adds staff users beside the first;
DOT_SKIP_AUTHORIZATION=1 registers the client as in-house (no consent page)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

port, user, password, client_id, *redirects = sys.argv[1:]
key = os.path.join(os.environ["DOT_STATE_DIR"], "oidc.pem")
if not os.path.exists(key):
    from jwcrypto import jwk

    with open(key, "wb") as out:
        out.write(jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

call_command("migrate", verbosity=0, interactive=False)
if not User.objects.filter(username=user).exists():
    User.objects.create_superuser(user, f"{user}@example.test", password)
for more in filter(None, os.environ.get("DOT_MORE_USERS", "").split(",")):
    name, secret = more.split(":", 1)
    if not User.objects.filter(username=name).exists():
        User.objects.create_user(name, f"{name}@example.test", secret, is_staff=True)
Application.objects.update_or_create(
    client_id=client_id,
    defaults={
        "name": "Token Keeper",
        "client_type": Application.CLIENT_PUBLIC,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": " ".join(redirects),
        "algorithm": Application.RS256_ALGORITHM,
        # An in-house client, as companies register their own tools: no consent page.
        "skip_authorization": os.environ.get("DOT_SKIP_AUTHORIZATION") == "1",
    },
)
print("ready", flush=True)
call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, verbosity=0)
