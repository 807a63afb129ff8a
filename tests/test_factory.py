"""The app factory, first start on an empty database, and the database and content commands."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api import config, create_app
from api.extensions import db
from api.migrate import current_revision, head_revision
from api.models import Post
from tests.conftest import dispose, make_app

ROOT = Path(__file__).resolve().parents[1]


def test_overrides_win_over_the_environment(database_url):
    app = make_app(database_url, DEFAULT_LOCALE="sv", LOCALES=["sv", "en"])
    assert app.config["DEFAULT_LOCALE"] == "sv"
    assert app.config["TESTING"] is True
    dispose(app)


def test_configuration_comes_from_the_environment(monkeypatch, database_url):
    monkeypatch.setenv("LOCALES", "en, sv")
    monkeypatch.setenv("LOCALE_FALLBACKS", "ky:ru>en")
    monkeypatch.setenv("PUBLIC_SITE_URL", "https://example.org")
    app = create_app({"DATABASE_URL": database_url, "AUTO_SETUP_DATABASE": False})
    assert app.config["LOCALES"] == ["en", "sv"]
    assert app.config["LOCALE_FALLBACKS"] == {"ky": ["ru", "en"]}
    assert app.config["PUBLIC_SITE_URL"] == "https://example.org"
    dispose(app)


def post_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Post))


def test_first_start_migrates_and_seeds_an_empty_database(empty_database_url):
    app = make_app(empty_database_url, AUTO_SETUP_DATABASE=True)
    with app.app_context():
        assert current_revision(db.engine) == head_revision()
    response = app.test_client().get("/api/v1/posts")
    assert response.status_code == 200
    assert response.json["total"] == 5
    dispose(app)


def test_a_later_start_does_not_seed_again(empty_database_url):
    first = make_app(empty_database_url, AUTO_SETUP_DATABASE=True)
    with first.app_context():
        db.session.delete(db.session.scalars(select(Post)).first())
        db.session.commit()
    dispose(first)
    second = make_app(empty_database_url, AUTO_SETUP_DATABASE=True)
    assert post_count(second) == 4  # an editor's deletion survives a restart
    dispose(second)


def test_nothing_touches_an_empty_database_without_auto_setup(empty_database_url):
    app = make_app(empty_database_url)
    with app.app_context():
        assert current_revision(db.engine) is None
    dispose(app)


def test_db_upgrade_then_content_seed_from_the_cli(empty_database_url):
    app = make_app(empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "database at" in result.output
    result = runner.invoke(args=["content", "seed"])
    assert result.exit_code == 0, result.output
    assert "5 posts" in result.output and "3 projects" in result.output and "2 vacancies" in result.output
    assert post_count(app) == 5
    result = runner.invoke(args=["content", "seed"])
    assert result.output.strip() == "seeded: nothing new"
    assert post_count(app) == 5
    dispose(app)


def test_db_current_reports_the_revision(runner):
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0
    assert result.output.strip() == head_revision()


def test_every_setting_is_in_the_env_example():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^# ([A-Z_]+)=", example, re.MULTILINE))
    missing = set(config.from_environment()) - listed
    assert not missing, f".env.example lacks {sorted(missing)}"


@pytest.mark.parametrize("secret", [None, "", config.DEV_SECRET_KEY, "short"])
def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, database_url, secret):
    monkeypatch.setenv("ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(config.ConfigurationError, match="ENV=production needs SECRET_KEY"):
        create_app({"DATABASE_URL": database_url, "TESTING": True})


def test_production_defaults_leave_migrations_to_the_release_and_log_json(monkeypatch, database_url):
    monkeypatch.setenv("ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    assert (app.config["AUTO_SETUP_DATABASE"], app.config["LOG_FORMAT"]) == (False, "json")
    dispose(app)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("ENV", "prod", "ENV must be one of development, production"), ("LOG_FORMAT", "yaml", "LOG_FORMAT must be")],
)
def test_an_unknown_environment_or_log_format_is_refused(monkeypatch, database_url, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigurationError, match=message):
        create_app({"DATABASE_URL": database_url, "TESTING": True})


def test_the_cli_refuses_production_without_a_secret_key_and_says_why(database_url):
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update(ENV="production", DATABASE_URL=database_url)
    ran = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "current"], cwd=ROOT, env=env, capture_output=True
    )
    assert ran.returncode != 0
    assert "ENV=production needs SECRET_KEY" in ran.stderr.decode()
