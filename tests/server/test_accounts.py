"""Accounts: what a display name, username and password may be (422 with a reason, nothing
stored), and refresh tokens that rotate on use, revoke their family when one is used twice,
and stop working after a logout."""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

import httpx
import jwt
import pytest

from tests.server.harness import HTTP_TIMEOUT, ServerThread

BAD_NAMES = {
    "NUL": "Ana\x00",
    "control": "Ana\x07Bo",
    "DEL": "Ana\x7f",
    "newline": "Ana\nBo",
    "right-to-left override": "Ana\u202eoB",
    "left-to-right isolate": "\u2066Ana",
    "pop directional isolate": "Ana\u2069",
    "zero-width no-break space": "\ufeffAna",
    "line separator": "Ana\u2028Bo",
    "blank": "   ",
    "blank, unicode spaces": "\u3000\u00a0\u2003",
    "empty": "",
    "too long": "A" * 33,
}


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
async def test_a_bad_display_name_is_refused_everywhere_it_enters(
    server: ServerThread, name: str
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        r = await http.post("/api/auth/guest", json={"name": name})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "invalid_request"
        assert "name" in r.json()["error"]["message"]
        body = {
            "username": "u" + hashlib.sha1(name.encode()).hexdigest()[:10],
            "password": "a quiet harbor",
            "name": name,
        }
        r = await http.post("/api/auth/register", json=body)
        assert r.status_code == 422, r.text
        r = await http.post(
            "/api/auth/login", json={"username": body["username"], "password": "a quiet harbor"}
        )
        assert r.status_code == 401  # nothing was stored


DECK_NAME_MAX = 64
BAD_DECK_NAMES = {k: v for k, v in BAD_NAMES.items() if k != "too long"} | {
    "too long": "D" * (DECK_NAME_MAX + 1)
}


@pytest.mark.parametrize("name", BAD_DECK_NAMES.values(), ids=BAD_DECK_NAMES.keys())
async def test_a_bad_deck_name_is_refused_on_create_and_update(
    server: ServerThread, name: str
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        token = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()["access_token"]
        auth = {"authorization": f"Bearer {token}"}
        starter = next(
            s for s in (await http.get("/api/decks/starters")).json() if s["id"] == "ember-rush"
        )
        deck = {"cards": starter["cards"], "energy": starter["energy"]}
        r = await http.post("/api/decks", json={**deck, "name": name}, headers=auth)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "invalid_request"
        assert "name" in r.json()["error"]["message"]
        assert (await http.get("/api/decks", headers=auth)).json() == []  # nothing stored
        saved = await http.post("/api/decks", json={**deck, "name": " Fire "}, headers=auth)
        assert saved.status_code == 201 and saved.json()["name"] == "Fire"  # trimmed
        path = f"/api/decks/{saved.json()['id']}"
        r = await http.put(path, json={**deck, "name": name}, headers=auth)
        assert r.status_code == 422, r.text
        assert (await http.get(path, headers=auth)).json()["name"] == "Fire"  # unchanged
        long_ok = "D" * DECK_NAME_MAX
        r = await http.put(path, json={**deck, "name": long_ok}, headers=auth)
        assert r.status_code == 200 and r.json()["name"] == long_ok


async def test_good_names_are_kept_trimmed(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        for sent, kept in (
            ("  Ana  ", "Ana"),
            ("Zoë 🐉", "Zoë 🐉"),
            ("👩\u200d👩\u200d👧", "👩\u200d👩\u200d👧"),
        ):
            r = await http.post("/api/auth/guest", json={"name": sent})
            assert r.status_code == 201, r.text
            assert r.json()["user"]["name"] == kept
        body = {"username": "Kept_Name", "password": "a quiet harbor", "name": " Kay "}
        r = await http.post("/api/auth/register", json=body)
        assert r.status_code == 201, r.text
        assert r.json()["user"] | {"id": None} == {
            "id": None,
            "name": "Kay",
            "username": "kept_name",
            "guest": False,
        }


@pytest.mark.parametrize(
    ("username", "password", "why"),
    [
        ("ana_pw1", "password", "common"),
        ("ana_pw2", "Password123", "common"),
        ("ana_pw3", "qwertyuiop", "common"),
        ("ana_pw4", "iloveyou", "common"),
        ("LongUserName", "longusername", "username"),
        ("Ana.Banana", "ANA.BANANA", "username"),
        ("ana_pw5", "short", "at least 8"),
        ("a\u202eb", "a quiet harbor", "username"),
        ("  ", "a quiet harbor", "username"),
    ],
)
async def test_weak_passwords_and_bad_usernames_are_refused(
    server: ServerThread, username: str, password: str, why: str
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        body = {"username": username, "password": password}
        r = await http.post("/api/auth/register", json=body)
        assert r.status_code == 422, r.text
        assert why in r.json()["error"]["message"]
        r = await http.post("/api/auth/login", json=body)
        assert r.status_code == 401  # nothing was stored


# --- refresh tokens ---------------------------------------------------------------------------


async def _refresh(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.post("/api/auth/refresh", json={"refresh_token": token})


def _me(http: httpx.AsyncClient, tokens: dict[str, Any]) -> Any:
    return http.get("/api/users/me", headers={"authorization": f"Bearer {tokens['access_token']}"})


async def test_a_refresh_token_is_good_for_one_use(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        first = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()
        r = await _refresh(http, first["refresh_token"])
        assert r.status_code == 200, r.text
        second = r.json()
        assert second["refresh_token"] != first["refresh_token"]
        assert (await _me(http, second)).json()["id"] == first["user"]["id"]
        r = await _refresh(http, second["refresh_token"])
        assert r.status_code == 200, r.text  # the rotated one works, once
        third = r.json()
        r = await _refresh(http, second["refresh_token"])
        assert r.status_code == 401
        assert "already used" in r.json()["error"]["message"]
        # reuse revokes the whole family: the newest token is dead too
        r = await _refresh(http, third["refresh_token"])
        assert r.status_code == 401 and r.json()["error"]["code"] == "authentication_failed"


async def test_reuse_revokes_only_that_sign_in(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        await http.post(
            "/api/auth/register", json={"username": "two_devices", "password": "a quiet harbor"}
        )
        login = {"username": "two_devices", "password": "a quiet harbor"}
        phone = (await http.post("/api/auth/login", json=login)).json()
        laptop = (await http.post("/api/auth/login", json=login)).json()
        stolen = phone["refresh_token"]
        assert (await _refresh(http, stolen)).status_code == 200
        assert (await _refresh(http, stolen)).status_code == 401  # replayed: phone family gone
        assert (await _refresh(http, laptop["refresh_token"])).status_code == 200


async def test_logout_revokes_the_refresh_tokens(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        tokens = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()
        rotated = (await _refresh(http, tokens["refresh_token"])).json()
        r = await http.post("/api/auth/logout", json={"refresh_token": rotated["refresh_token"]})
        assert r.status_code == 204, r.text
        r = await _refresh(http, rotated["refresh_token"])
        assert r.status_code == 401 and "sign in again" in r.json()["error"]["message"]
        r = await http.post("/api/auth/logout", json={"refresh_token": "not-a-token"})
        assert r.status_code == 401
        access = {"refresh_token": tokens["access_token"]}  # an access token is not one
        assert (await http.post("/api/auth/logout", json=access)).status_code == 401
        assert (await http.post("/api/auth/refresh", json=access)).status_code == 401


def _legacy_refresh_token(server: ServerThread, user_id: str) -> str:
    """A refresh token as servers before refresh families issued them: no family, no
    generation (the claims and signing of the old ``Tokens.issue(user_id, "refresh")``)."""
    now = time.time()
    claims = {
        "sub": user_id,
        "typ": "refresh",
        "iat": int(now),
        "exp": int(now + 30 * 86400),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, server.settings.jwt_secret, algorithm="HS256")


async def test_a_refresh_token_from_before_families_works_once(server: ServerThread) -> None:
    """After an upgrade, a guest holding only an old refresh token keeps the account: the
    token is traded once for tokens of a new family; a second use of it is reuse."""
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        user = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()["user"]
        legacy = _legacy_refresh_token(server, user["id"])
        r = await _refresh(http, legacy)
        assert r.status_code == 200, r.text
        upgraded = r.json()
        assert (await _me(http, upgraded)).json()["id"] == user["id"]
        r = await _refresh(http, upgraded["refresh_token"])  # the new family rotates on
        assert r.status_code == 200, r.text
        newest = r.json()
        r = await _refresh(http, legacy)  # the old token again: someone else holds it
        assert r.status_code == 401
        assert "already used" in r.json()["error"]["message"]
        r = await _refresh(http, newest["refresh_token"])  # the whole family is revoked
        assert r.status_code == 401 and "sign in again" in r.json()["error"]["message"]
        # another old token of the same user is another sign-in, not affected
        assert (await _refresh(http, _legacy_refresh_token(server, user["id"]))).status_code == 200


async def test_logout_with_a_refresh_token_from_before_families_ends_it(
    server: ServerThread,
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        user = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()["user"]
        legacy = _legacy_refresh_token(server, user["id"])
        r = await http.post("/api/auth/logout", json={"refresh_token": legacy})
        assert r.status_code == 204, r.text
        r = await _refresh(http, legacy)
        assert r.status_code == 401 and "sign in again" in r.json()["error"]["message"]
