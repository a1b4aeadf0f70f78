"""Tokens and passwords: JWT access/refresh tokens (PyJWT, HS256), argon2 password hashes."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


class TokenError(Exception):
    """A token is missing, malformed, expired or of the wrong kind."""


@dataclass(frozen=True, slots=True)
class Tokens:
    secret: str
    access_seconds: float
    refresh_seconds: float

    def issue(self, user_id: str, kind: str = "access", now: float | None = None) -> str:
        now = time.time() if now is None else now
        ttl = self.access_seconds if kind == "access" else self.refresh_seconds
        claims = {
            "sub": user_id,
            "typ": kind,
            "iat": int(now),
            "exp": int(now + ttl),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def verify(self, token: str, kind: str = "access") -> str:
        """The user id of a valid token of ``kind``; ``TokenError`` says why not."""
        try:
            claims = jwt.decode(
                token, self.secret, algorithms=["HS256"], options={"require": ["exp", "sub"]}
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("the token has expired") from None
        except jwt.InvalidTokenError:
            raise TokenError("the token is not valid") from None
        if claims.get("typ") != kind:
            raise TokenError(f"a {kind} token is required")
        return str(claims["sub"])
