"""Tokens: JWT access and refresh tokens (PyJWT, HS256).

What lives here: issuing and checking the signed tokens. What must not: storage or
passwords (``passwords.py``). An access token is stateless (valid until it expires). A
refresh token also names its family (one sign-in, ``fam``) and its generation (``gen``):
the store keeps each family's current generation, so a refresh token is good for one use
and a second use of the same one is noticed (``rest/auth.py``).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt


class TokenError(Exception):
    """A token is missing, malformed, expired or of the wrong kind."""


@dataclass(frozen=True, slots=True)
class RefreshClaims:
    user_id: str
    family: str
    generation: int
    expires_at: float
    legacy: bool = False  # issued before families: ``family`` is derived from its id


@dataclass(frozen=True, slots=True)
class Tokens:
    secret: str
    access_seconds: float
    refresh_seconds: float

    def _encode(self, claims: dict[str, Any], ttl: float, now: float | None) -> str:
        now = time.time() if now is None else now
        claims.update(iat=int(now), exp=int(now + ttl), jti=uuid.uuid4().hex)
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def issue(self, user_id: str, now: float | None = None) -> str:
        """An access token for ``user_id``."""
        return self._encode({"sub": user_id, "typ": "access"}, self.access_seconds, now)

    def issue_refresh(
        self, user_id: str, family: str, generation: int, now: float | None = None
    ) -> str:
        claims = {"sub": user_id, "typ": "refresh", "fam": family, "gen": generation}
        return self._encode(claims, self.refresh_seconds, now)

    def _decode(self, token: str, kind: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token, self.secret, algorithms=["HS256"], options={"require": ["exp", "sub"]}
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("the token has expired") from None
        except jwt.InvalidTokenError:
            raise TokenError("the token is not valid") from None
        if claims.get("typ") != kind:
            raise TokenError(f"a {kind} token is required")
        return claims

    def verify(self, token: str) -> str:
        """The user id of a valid access token; ``TokenError`` says why not."""
        return str(self._decode(token, "access")["sub"])

    def verify_refresh(self, token: str) -> RefreshClaims:
        """What a valid refresh token names; ``TokenError`` says why it is not one.

        A token from before families (no ``fam``, no ``gen``: signed by us, so issued by an
        older server) names the family ``legacy-<jti>`` at generation 0: the caller creates
        that family on first use, so the token is good once, like any other, instead of
        signing out everyone who held one when the server was upgraded."""
        claims = self._decode(token, "refresh")
        user_id, expires_at = str(claims["sub"]), float(claims["exp"])
        family, generation, jti = claims.get("fam"), claims.get("gen"), claims.get("jti")
        if family is None and generation is None and isinstance(jti, str) and jti:
            return RefreshClaims(user_id, f"legacy-{jti}", 0, expires_at, legacy=True)
        if not isinstance(family, str) or type(generation) is not int:
            raise TokenError("the refresh token is not valid")
        return RefreshClaims(user_id, family, generation, expires_at)
