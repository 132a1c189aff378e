# Flask-Security with an SQLAlchemy user store: token, basic and session
# authentication, roles, and its JSON login endpoint.
from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy
from flask_security import (RoleMixin, Security, SQLAlchemyUserDatastore, UserMixin, auth_required,
                            hash_password, roles_required, current_user)

app = Flask(__name__)
app.config.update(
    SECRET_KEY="rw-flask-security-secret", SECURITY_PASSWORD_SALT="rw-salt",
    SQLALCHEMY_DATABASE_URI="sqlite://", WTF_CSRF_ENABLED=False,
    SECURITY_TOKEN_MAX_AGE=None, SECURITY_EMAIL_VALIDATOR_ARGS={"check_deliverability": False},
    SECURITY_CSRF_IGNORE_UNAUTH_ENDPOINTS=True)
db = SQLAlchemy(app)

roles_users = db.Table("roles_users", db.Column("user_id", db.Integer, db.ForeignKey("user.id")),
                       db.Column("role_id", db.Integer, db.ForeignKey("role.id")))

class Role(db.Model, RoleMixin):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True)

class User(db.Model, UserMixin):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), unique=True)
    password = db.Column(db.String(255))
    active = db.Column(db.Boolean)
    fs_uniquifier = db.Column(db.String(64), unique=True, nullable=False)
    roles = db.relationship("Role", secondary=roles_users)

store = SQLAlchemyUserDatastore(db, User, Role)
security = Security(app, store)

@app.route("/api/me")
@auth_required("token", "basic")
def me():
    return jsonify(email=current_user.email)

@app.route("/api/admin")
@auth_required("token", "basic")
@roles_required("admin")
def admin():
    return jsonify(admin=True)

@app.route("/api/token-for/<email>")
def token_for(email):
    # test helper: hands out the auth token of a known user
    return jsonify(token=store.find_user(email=email).get_auth_token())

@app.route("/api/sign-out-everywhere/<email>", methods=["POST"])
@auth_required("basic")
def sign_out_everywhere(email):
    # a new fs_uniquifier voids every outstanding token of the user
    store.set_uniquifier(store.find_user(email=email))
    db.session.commit()
    return jsonify(ok=True)

with app.app_context():
    db.create_all()
    store.create_user(email="alice@example.com", password=hash_password("secret"), fs_uniquifier="u-alice")
    store.create_user(email="carol@example.com", password=hash_password("secret"), active=False, fs_uniquifier="u-carol")
    store.create_user(email="bob@example.com", password=hash_password("hunter2"), fs_uniquifier="u-bob")
    store.create_role(name="admin")
    db.session.commit()

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=18028)
