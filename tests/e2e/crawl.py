"""Visit every GET page as each role in each language: keep its HTML, axe's findings, errors.

The crawl visits several pages at once (Playwright's async API, in a thread of its own beside
the tests' sync API): one page at a time would take minutes.
"""
import asyncio
import concurrent.futures
from dataclasses import dataclass, field
from urllib.parse import urlsplit

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
# Pages visited at once, in all: a visit mostly waits, on the browser or on the server.
CONCURRENCY = 4
PAGES_PER_VISITOR = 2
CRAWL_SECONDS = 600


@dataclass
class Visit:
    """One page as one visitor saw it."""

    role: str
    locale: str
    endpoint: str
    url: str
    status: int
    html: str
    violations: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    overflow: int = 0  # CSS pixels the page is wider than the window
    failure: str = ""  # why the page could not be checked

    @property
    def name(self):
        return f"{self.role} {self.locale} {self.endpoint} {self.url} ({self.status})"


def _is_error(message, status):
    # The browser logs an error page's own status; anything else (a CSP refusal) is a fault.
    return message.type == "error" and f"status of {status}" not in message.text


async def _visit(page, messages, role, locale, endpoint, url):
    messages.clear()
    try:
        response = await page.goto(url)
        path = urlsplit(page.url).path
        visit = Visit(role, locale, endpoint, url if path == url else f"{url} -> {path}",
                      response.status, await response.text())
        if await page.get_attribute("html", "lang") != locale:
            visit.failure = "the page is not in the chosen language"
        visit.violations = await page.evaluate(RUN_AXE, AXE_TAGS)
        visit.overflow = await page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth")
        visit.console_errors = [m.text for m in messages if _is_error(m, response.status)]
    except Exception as exc:  # noqa: BLE001 - the tests report it with the page it hit
        visit = Visit(role, locale, endpoint, url, 0, "", failure=repr(exc))
    return visit


async def _crawl(browser, server, role, state, locale, viewport, axe_path, limit):
    """Each page once; error pages and redirects to the same place are checked once."""
    context = await browser.new_context(base_url=server.url, storage_state=state,
                                        viewport=viewport)
    # An init script runs outside the page's CSP, which stays as strict as in production.
    await context.add_init_script(path=str(axe_path))
    page = await context.new_page()
    await page.goto("/")
    async with page.expect_navigation():
        await page.select_option("#locale-switch", locale)
    seen, todo = set(), asyncio.Queue()
    for endpoint, url in server.pages:
        # A plain request first: most pages answer a visitor with an error or a redirect
        # already seen, and a browser visit costs ten times more.
        head = await context.request.get(url, max_redirects=0)
        key = (head.status if head.status >= 400
               else urlsplit(head.headers.get("location", url)).path)
        if key not in seen:
            seen.add(key)
            todo.put_nowait((endpoint, url))
    visits = []

    async def worker(page):
        messages = []
        page.on("console", lambda message: messages.append(message))
        while not todo.empty():
            endpoint, url = todo.get_nowait()
            async with limit:
                visits.append(await _visit(page, messages, role, locale, endpoint, url))

    pages = [page] + [await context.new_page() for _ in range(PAGES_PER_VISITOR - 1)]
    await asyncio.gather(*(worker(page) for page in pages))
    await context.close()
    return sorted(visits, key=lambda visit: visit.url)


async def _crawl_all(server, jobs, axe_path, launch):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch)
        limit = asyncio.Semaphore(CONCURRENCY)

        async def one(role, state, locales):
            # One language after the other: the switcher changes the account's own setting.
            return [((role, locale), await _crawl(browser, server, role, state, locale,
                                                  viewport, axe_path, limit))
                    for locale, viewport in locales.items()]

        try:
            # A browser that stops answering must fail the run, not hold CI for an hour.
            results = await asyncio.wait_for(asyncio.gather(*(one(*job) for job in jobs)),
                                             CRAWL_SECONDS)
        finally:
            await browser.close()
    return dict(pair for pairs in results for pair in pairs)


def crawl_all(server, jobs, axe_path, launch):
    """{(role, locale): [Visit]} for jobs of (role, storage state, {locale: viewport})."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _crawl_all(server, jobs, axe_path, launch)).result()
