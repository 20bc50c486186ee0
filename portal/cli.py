"""Commands for admins on the server: flask create-user, set-password, deactivate-user, break-glass, seed;
and for timers: flask notices announce-due."""
from __future__ import annotations

import secrets
import sys

import click
from flask import Flask

from portal.auth import accounts
from portal.errors import PortalError


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(message: str) -> None:
    raise click.ClickException(message)


def init_app(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--name", required=True, help="Display name, e.g. 김민지")
    @click.option("--admin", is_flag=True, help="Give the user the admin role")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
    def create_user(email: str, name: str, admin: bool, password_stdin: bool):
        """Create a user account (the password is prompted twice). It is an initial password:
        the account changes it at its first sign-in."""
        if "@" not in email:
            _fail(f"not an email address: {email}")
        try:
            user = accounts.create_user(email, name, _read_password(password_stdin),
                                        role="admin" if admin else "employee")
        except PortalError as error:
            _fail(error.message)
        click.echo(f"created {user.role} {user.email} (id {user.id}); "
                   "the password is to be changed at the first sign-in")

    @app.cli.command("set-password")
    @click.argument("email")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
    def set_password(email: str, password_stdin: bool):
        """Set a user's password (an initial one, changed at their next sign-in); their sessions end."""
        user = accounts.find_by_email(email)
        if user is None:
            _fail(f"no user with email {email}")
        try:
            accounts.set_password(user, _read_password(password_stdin))
        except PortalError as error:
            _fail(error.message)
        click.echo(f"password set for {user.email}; to be changed at the next sign-in")

    @app.cli.command("deactivate-user")
    @click.argument("email")
    def deactivate_user(email: str):
        """Stop a user from signing in; their sessions end at once."""
        user = accounts.find_by_email(email)
        if user is None:
            _fail(f"no user with email {email}")
        accounts.deactivate(user)
        click.echo(f"deactivated {user.email}")

    @app.cli.command("break-glass")
    @click.argument("email")
    @click.option("--off", is_flag=True, help="Take password sign-in away again")
    def break_glass(email: str, off: bool):
        """Let an admin keep password sign-in when PASSWORD_LOGIN is off (for when the provider is down)."""
        user = accounts.find_by_email(email)
        if user is None:
            _fail(f"no user with email {email}")
        try:
            accounts.update_user(user, None, break_glass=not off)
        except PortalError as error:
            _fail(error.message)
        click.echo(f"{user.email} {'keeps' if user.break_glass else 'no longer keeps'} password sign-in")

    @app.cli.group("notices")
    def notices_group():
        """Notices on a schedule."""

    @notices_group.command("announce-due")
    def announce_due():
        """Announce required notices whose window has opened (each once; a systemd timer runs this)."""
        from portal.notices import service as notices

        click.echo(f"announced {notices.announce_due()} notice(s)")

    @app.cli.command("seed")
    @click.option("--admin-email", default="admin@portal.local", show_default=True)
    @click.option("--url", default="http://127.0.0.1:5000/", show_default=True,
                  help="Where the portal runs, for the summary")
    def seed(admin_email: str, url: str):
        """Development data once (boards, users, posts); then a summary of the sample logins."""
        from portal import seed as samples

        if app.config["PORTAL_ENV"] == "production":
            _fail("seed is for development; refusing in production")
        password = secrets.token_urlsafe(12)
        if samples.seed_development_data(admin_email, password):
            samples.remember_password(app.instance_path, password)
        click.echo(samples.summary_box(url, samples.sample_logins(admin_email, app.instance_path)))
