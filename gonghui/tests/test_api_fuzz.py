"""schemathesis over the whole OpenAPI against a live server, as the system administrator and as
a county staff member: no server error and no status code the schema does not document.

Bounded: a few examples per operation with a fixed seed (derandomized), so the run is the same
every time and stays short."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from gonghui.conftest import PASSWORD, VALID_IDS
from gonghui.hotline.tests.conftest import (  # noqa: F401 (a fixture)
    deadline_rules,
    intake,
)

MAX_EXAMPLES = 5


@pytest.fixture
def api_data(tree, staff, make_member, deadline_rules):  # noqa: F811 (the fixture)
    """Something for every operation to find: members, a pending transfer, cases in the county
    staff's subtree."""
    from gonghui.members.services import transfer_request

    member = make_member(tree.base_a, id_number=VALID_IDS[0])
    make_member(tree.base_c, id_number=VALID_IDS[2])
    transfer_request(actor=staff.sysadmin, member=member, to_org=tree.base_b)
    for _ in range(2):
        intake(staff.sysadmin)
    return staff


@pytest.fixture
def api_schema(live_server, api_data):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.base_url = f"{live_server.url}/api/v1"
    return schema


@pytest.fixture
def tokens(live_server, api_data):
    def token(username):
        response = requests.post(
            f"{live_server.url}/api/v1/auth/token",
            json={"username": username, "password": PASSWORD},
            timeout=10,
        )
        return response.json()["token"]

    return {"sysadmin": token("sysadmin"), "cg_staff": token("cg_staff")}


schema = schemathesis.pytest.from_fixture("api_schema")


def call(case, token: str) -> None:
    """Every check but "a schema-valid request is accepted": a well-formed body can still break a
    business rule (a random ID number fails its check digit) and is refused with a 400."""
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[positive_data_acceptance],
    )


FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@FUZZ
def test_api_fuzz(case, tokens):
    """Each generated request is sent as both users: the generation is shared and the two see
    different scopes (the whole province, one county)."""
    for token in tokens.values():
        call(case, token)
