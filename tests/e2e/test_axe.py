"""axe-core finds no WCAG 2.1 A/AA or best-practice violation on any page, for anyone."""
import pytest

from .conftest import LOCALES, ROLES


def _report(visits, problems):
    return "\n".join(f"{visit.name}: {problem}" for visit in visits for problem in problems(visit))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("role", ROLES)
def test_no_axe_violations(crawled, role, locale):
    """Every page this visitor can reach, in this language, passes axe."""
    visits = crawled[role, locale]
    assert visits, "no page visited"
    report = _report(visits, lambda visit: [visit.failure] * bool(visit.failure) + [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in visit.violations])
    assert not report, f"axe violations:\n{report}"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("role", ROLES)
def test_no_console_errors(crawled, role, locale):
    """No page breaks its own Content-Security-Policy or logs another error in the browser."""
    report = _report(crawled[role, locale], lambda visit: visit.console_errors)
    assert not report, f"browser console errors:\n{report}"
