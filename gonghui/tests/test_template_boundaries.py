"""Templates obey the layers of the import contracts (README, "Layout")."""

from pathlib import Path

from gonghui.tests.boundaries import REPO, layer_ranks, template_violations

PACKAGE = REPO / "gonghui"

# (template under gonghui/, app it reaches into) -> the port of issue 13 that removes it.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_no_template_reaches_into_a_higher_or_sibling_app_beyond_the_known_exceptions():
    found = {(ref.template, ref.app) for ref in template_violations(PACKAGE, layer_ranks())}
    assert found - KNOWN_EXCEPTIONS.keys() == set(), "new template edge against the layers"
    # A port that landed takes its exception with it.
    assert KNOWN_EXCEPTIONS.keys() - found == set(), "stale exception: delete it"


def test_a_domain_template_extending_another_domains_template_is_a_violation(tmp_path):
    _write(tmp_path, "core/templates/base.html", "<html>{% block main %}{% endblock %}</html>")
    _write(tmp_path, "sites/templates/sites/base.html", '{% extends "base.html" %}')
    _write(tmp_path, "sites/urls.py", 'app_name = "sites"\n')
    _write(tmp_path, "members/templates/members/_card.html", "<p></p>")
    _write(
        tmp_path,
        "hotline/templates/hotline/page.html",
        '{% extends "sites/base.html" %}{% include "members/_card.html" %}'
        '{% include "base.html" %}{% url "sites:list" as here %}',
    )

    found = {
        (ref.template, ref.kind, ref.target) for ref in template_violations(tmp_path, layer_ranks())
    }

    # Another domain, by extends and by link; members (below) and core's base.html are allowed.
    assert found == {
        ("hotline/templates/hotline/page.html", "extends", "sites/base.html"),
        ("hotline/templates/hotline/page.html", "url", "sites:list"),
    }


def test_a_platform_template_including_a_higher_apps_template_is_a_violation(tmp_path):
    _write(tmp_path, "stats/templates/stats/_chart.html", "<div></div>")
    _write(tmp_path, "orgs/templates/orgs/home.html", "{% include 'stats/_chart.html' %}")

    found = [(ref.template, ref.app) for ref in template_violations(tmp_path, layer_ranks())]

    assert found == [("orgs/templates/orgs/home.html", "stats")]
