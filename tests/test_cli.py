"""Commands: the first organizer and the demo network."""
import pyotp

from network.models import NewcomerProfile, User, VolunteerProfile

from .factories import PASSWORD, TOTP_SECRET


def test_create_organizer(runner, client):
    result = runner.invoke(args=["create-organizer", "Boss@Example.test", "--password", PASSWORD,
                                 "--name", "Camille"])
    assert result.exit_code == 0, result.output
    user = User.get(User.email == "boss@example.test")
    assert (user.role, user.status) == ("organizer", "active")
    assert client.post("/login", data={"email": "boss@example.test",
                                       "password": PASSWORD}).status_code == 302


def test_create_organizer_refuses_a_short_password_and_duplicates(runner):
    create = ["create-organizer", "a@example.test", "--password"]
    assert runner.invoke(args=[*create, "short"]).exit_code != 0
    assert runner.invoke(args=[*create, PASSWORD]).exit_code == 0
    again = runner.invoke(args=["create-organizer", "a@example.test", "--password", PASSWORD])
    assert again.exit_code != 0 and "already exists" in again.output
    lookalike = runner.invoke(args=["create-organizer", "а@example.test", "--password", PASSWORD])
    assert lookalike.exit_code != 0 and "looks like it" in lookalike.output
    assert User.select().count() == 1


def test_create_organizer_prompts_for_the_password(runner):
    result = runner.invoke(args=["create-organizer", "p@example.test"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output


def test_seed_demo_builds_a_network_whose_demo_accounts_log_in(runner, app):
    result = runner.invoke(args=["seed-demo", "--password", "demo passphrase",
                                 "--totp-secret", TOTP_SECRET])
    assert result.exit_code == 0, result.output
    for email in ("organizer@demo.test", "mentor@demo.test", "newcomer@demo.test"):
        assert email in result.output
        client = app.test_client()
        assert client.post("/login", data={"email": email,
                                           "password": "demo passphrase"}).status_code == 302
        if email.startswith("organizer"):
            client.post("/login/code", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
        assert client.get("/").status_code == 200
        assert b'action="/logout"' in client.get("/").data
    roles = {role: User.select().where(User.role == role).count()
             for role in ("organizer", "mentor", "newcomer")}
    assert roles["organizer"] >= 2 and roles["mentor"] >= 10 and roles["newcomer"] >= 20
    assert User.select().where(User.status == "pending").count() >= 2
    cities = ({p.city for p in NewcomerProfile.select()}
              | {p.city for p in VolunteerProfile.select()})
    assert {"Paris", "Lyon"} <= cities
    names = "".join(u.display_name for u in User.select())
    # Russian, Ukrainian (і is Ukrainian only) and French names.
    assert "Алексей" in names and "і" in names and "Sophie" in names


def test_seed_demo_leaves_a_database_with_data_alone(runner, app):
    runner.invoke(args=["seed-demo"])
    count = User.select().count()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "already holds data" in result.output
    assert User.select().count() == count
