from ninja import Field, Schema

from gonghui.core.cleaning import Line, Secret


class TokenIn(Schema):
    username: Line = Field(..., max_length=150)
    password: Secret = Field(..., max_length=128)


class TokenOut(Schema):
    token: str
    expires_in: int  # seconds
