from ninja import Schema


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_in: int  # seconds
