import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = "Create the local 'admin' superuser once, with a generated password kept in var/, and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--address", default="127.0.0.1:8000", help="where the site is served")

    def handle(self, *args, username: str, address: str, **options):
        password_file = settings.VAR_DIR / "admin_password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser(username=username, email="", password=password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            password_file.write_text(password)
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        if not user.check_password(password):
            self.stdout.write(f"Admin login: http://{address}/admin/  user: {username} (password changed by you)")
            return
        self.stdout.write(f"Admin login: http://{address}/admin/  user: {username}  password: {password}")
