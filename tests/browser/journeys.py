"""The main journeys through Rapport's pages in a real headless Chromium (Selenium).

Usage: journeys.py BASE_URL SQLITE_PATH SCREENSHOT_DIR. The server is `rapport serve --demo` on a fresh
SQLite file; sign-in links are read from its outbox table (the mail the server would send), which is
what the customer would find in their mailbox. Prints one line per check and 'N passed, N failed'."""
import email
import json
import os
import re
import sqlite3
import statistics
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, DB, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
PASSWORD = "rapport-demo"
ADMIN, AGENT = "admin@demo.rapport.test", "agent@demo.rapport.test"
SUPERVISOR = "supervisor@demo.rapport.test"
# What every planted script, handler and link would do if it ever ran.
PWN = "window.__pwned=1;alert(1)"
passed, failures = 0, []


def browser(width=1280, height=800):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    # The page itself gets exactly this size (the window's frame would otherwise take some of it).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.implicitly_wait(2)
    return driver


def check(condition, what):
    global passed
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if condition:
        passed += 1
    else:
        failures.append(what)
    return condition


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def navigate_by(driver, action):
    """Runs an action that leads to a new page and waits until that page has loaded.

    The old page is marked with a global that the new page does not have. Waiting for the old
    <html> element to go stale is not enough: when the check lands mid-navigation Chromium
    answers "Node with given id does not belong to the document", a plain WebDriverException,
    which failed a CI run. Any such error during the wait only means "not there yet".
    """
    marker = "page-%d" % time.monotonic_ns()
    driver.execute_script("window.__rapportPage = arguments[0]", marker)
    action()

    def arrived(d):
        try:
            return (d.execute_script("return window.__rapportPage || null") != marker
                    and d.execute_script("return document.readyState") == "complete")
        except WebDriverException:
            return False

    WebDriverWait(driver, 10).until(arrived)


def submit(driver, form_selector):
    """Sends a form and waits for the page it leads to (every form here navigates)."""
    button = driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]")
    navigate_by(driver, button.click)


def follow(driver, element):
    """Clicks a link and waits for the next page."""
    navigate_by(driver, element.click)


def sign_in(driver, address):
    driver.get(BASE + "/")
    driver.find_element(By.ID, "email").send_keys(address)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver, "form[action='/sign-in']")


def no_script_ran(driver):
    """No planted script ran: no alert is open, the planted global is unset, and the page holds no
    script or event handler attribute other than Rapport's own."""
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        pass
    return driver.execute_script(
        "return window.__pwned === undefined"
        " && [...document.scripts].every(s => s.src.endsWith('/js/rapport.js'))"
        " && document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length === 0"
        " && [...document.querySelectorAll('a[href]')].every(a => !a.href.toLowerCase().startsWith('javascript:'))")


def latest_link(path_part, address):
    """The sign-in link in the newest mail to `address` in the outbox."""
    db = sqlite3.connect(DB)
    for _ in range(50):
        for (content,) in db.execute("select content from outbox where kind = 'notification' order by created_at desc limit 5"):
            message = email.message_from_string(content)
            if address not in (message.get("To") or ""):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    found = re.search(r"https?://\S+" + re.escape(path_part) + r"\S+", part.get_payload(decode=True).decode())
                    if found:
                        return found.group(0)
        time.sleep(0.1)
    return None


def api(method, path, token, body=None, content_type="application/json", headers=None):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method,
        headers={"Content-Type": content_type, **({"Authorization": "Bearer " + token} if token else {}), **(headers or {})})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")


def timings(cookie, paths, rounds=5):
    """Each page fetched `rounds` times after one warm-up; prints the median and the slowest, in ms."""
    figures = []
    for path in paths:
        spent = []
        for i in range(rounds + 1):
            request = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
            start = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                response.read()
                status = response.status
            if i:
                spent.append((time.perf_counter() - start) * 1000)
        figures.append((path, status, statistics.median(spent), max(spent)))
    for path, status, median, slowest in figures:
        print(f"time {median:7.1f} ms median, {slowest:7.1f} ms max  {status}  {path}" + ("   <-- over 100 ms" if median >= 100 else ""))
    return figures


def cookie_header(driver, name):
    value = next((c["value"] for c in driver.get_cookies() if c["name"] == name), None)
    return f"{name}={value}" if value else ""


def too_wide(driver, width=360):
    """The elements that reach past the right edge of a `width` px screen (outside scrolling boxes)."""
    return driver.execute_script("""
        const width = arguments[0], found = [];
        const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
        for (const e of document.querySelectorAll('body *')) {
            const box = e.getBoundingClientRect();
            if (box.width > 0 && box.right > width + 1 && !scrolls(e)) found.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '') + ' ' + Math.round(box.right));
        }
        return found.slice(0, 5);""", width)


def fits_width(driver, what):
    wide = too_wide(driver)
    return check(not wide, f"{what} fits a 360 px screen" + (f" (too wide: {', '.join(wide)})" if wide else ""))


db = sqlite3.connect(DB)
token = api("POST", "/api/v1/auth/token", None, {"email": ADMIN, "password": PASSWORD})["token"]
# The portal customer: one with a communication style, so that the playbook has something to say.
customer = api("GET", "/api/v1/customers?communication_style=impatient&limit=1", token)["items"][0]
customer_email, customer_name = customer["emails"][0], customer["name"]
print(f"portal customer: {customer_name} <{customer_email}>")

# 1. An admin sets up: a macro, an edited playbook entry (an admin page of issue 5 item 6), and an SLA
#    policy that they then see applied to a ticket made urgent.
admin = browser()
try:
    sign_in(admin, ADMIN)
    check("Mine" in admin.page_source, "the admin signs in and sees the inbox")
    admin.get(BASE + "/admin/macros")
    admin.find_element(By.ID, "mc-name").send_keys("Refund on its way")
    admin.find_element(By.ID, "mc-body").send_keys("Hello {{customer.first_name}}, your refund is on its way.")
    Select(admin.find_element(By.ID, "mc-status")).select_by_value("solved")
    submit(admin, "form[action='/admin/macros']")
    check("Refund on its way" in admin.page_source, "the admin creates a macro that replies and solves")

    admin.get(BASE + "/admin/playbooks")
    follow(admin, admin.find_element(By.CSS_SELECTOR, "a[href='/admin/playbooks/communication_style/impatient']"))
    actions = admin.find_element(By.ID, "pb-actions")
    actions.clear()
    actions.send_keys("Answer within the hour and give a firm date\nSay what you have already done")
    submit(admin, "form[action='/admin/playbooks/communication_style/impatient']")
    check("Saved." in admin.page_source, "the admin edits the playbook for impatient customers")

    admin.get(BASE + "/admin/sla")
    admin.find_element(By.ID, "sp-name").send_keys("Urgent within 15 minutes")
    admin.find_element(By.CSS_SELECTOR, "input[name='priorities[]'][value=urgent]").click()
    admin.find_element(By.ID, "sp-first").send_keys("15")
    admin.find_element(By.ID, "sp-resolution").send_keys("240")
    admin.find_element(By.ID, "sp-first-place").click()
    submit(admin, "form[action='/admin/sla/policies']")
    check("Urgent within 15 minutes" in admin.find_element(By.CSS_SELECTOR, "table.data").text, "the admin creates an SLA policy")
    shot(admin, "admin-sla")
    admin.get(BASE + "/views/unsolved")
    Select(admin.find_element(By.ID, "f-priority")).select_by_value("normal")
    submit(admin, "form.filters")
    follow(admin, admin.find_element(By.CSS_SELECTOR, "table.tickets tbody tr a"))
    before = admin.find_element(By.ID, "sla-policy").text
    Select(admin.find_element(By.ID, "p-priority")).select_by_value("urgent")
    submit(admin, "form[action$='/properties']")
    after = admin.find_element(By.ID, "sla-policy").text
    check(after == "Urgent within 15 minutes", f"the new policy applies to a normal ticket made urgent (policy was '{before}', now '{after}')")
    admin_cookie = cookie_header(admin, "rapport_session")
finally:
    admin.quit()

# 2. A customer signs in to the portal by the link mailed to them and sends a request whose HTML must stay text.
portal = browser()
try:
    portal.get(BASE + "/portal/demo")
    portal.find_element(By.ID, "portal-email").send_keys(customer_email)
    submit(portal, "form[action$='/sign-in']")
    link = latest_link("/portal/demo/link/", customer_email)
    check(link is not None, "the portal mails a sign-in link (read from the outbox)")
    portal.get(link)
    follow(portal, portal.find_element(By.ID, "portal-continue"))
    check("Your requests" in portal.page_source, "the customer is signed in by the link")
    shot(portal, "portal")
    follow(portal, portal.find_element(By.CSS_SELECTOR, "a[href$='/requests/new']"))
    portal.find_element(By.ID, "r-subject").send_keys(f'Invoice <img src=x onerror="{PWN}"> wrong')
    portal.find_element(By.ID, "r-body").send_keys(f'See <script>{PWN}</script> and <a href="javascript:{PWN}">this</a>')
    submit(portal, "form[action$='/requests']")
    check(no_script_ran(portal), "the customer's own HTML stays text in the portal")
    html_request_url = portal.current_url.split("?")[0]
    portal.get(BASE + "/portal/demo/requests/new")
    portal.find_element(By.ID, "r-subject").send_keys("My garden hose leaks at the tap")
    portal.find_element(By.ID, "r-body").send_keys("The new hose I bought last week drips where it joins the tap. Can I get a refund?")
    submit(portal, "form[action$='/requests']")
    check("request is sent" in portal.page_source, "the customer sends a request through the web form")
    request_url = portal.current_url.split("?")[0]
    portal_cookie = cookie_header(portal, "rapport_portal")
except Exception:
    portal.quit()
    raise

# 3. HTML mail with a script, an onerror handler and a javascript: link arrives by the inbound API.
secret = api("POST", "/api/v1/inbound/secret", token)["secret"]
mail = f"""From: Mallory <mallory@example.com>
To: support@demo.rapport.test
Subject: Invoice <script>{PWN}</script> attached
Message-ID: <xss-1@example.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body><p>Hello,</p><script>{PWN}</script><img src="x" onerror="{PWN}">
<a id="js-link" href="javascript:{PWN}">open my invoice</a><svg onload="{PWN}"></svg>
<p>Regards</p></body></html>
""".replace("\n", "\r\n").encode()
inbound = api("POST", "/api/v1/inbound/email", None, mail, "message/rfc822", {"X-Rapport-Inbound-Secret": secret})
html_ticket = inbound.get("ticket_id")
check(html_ticket is not None, "the HTML mail becomes a ticket")

# 4. An agent finds the request in a view, reads the playbook, replies with the macro and so solves it.
agent = browser()
try:
    sign_in(agent, AGENT)
    agent.get(BASE + "/views/unassigned?sort=-created_at")
    shot(agent, "inbox")
    rows = agent.find_elements(By.CSS_SELECTOR, "table.tickets tbody tr")
    check(any("garden hose leaks" in row.text for row in rows), "the customer's request is in the unassigned view")
    check(no_script_ran(agent), "the inbox shows the subjects as text")
    body = agent.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    body.send_keys("?")
    check(agent.find_element(By.ID, "shortcut-help").is_displayed(), "? shows the keyboard shortcuts")
    agent.find_element(By.CSS_SELECTOR, "#shortcut-help [data-close]").click()
    follow(agent, next(row for row in rows if "garden hose leaks" in row.text).find_element(By.TAG_NAME, "a"))
    playbook = agent.find_element(By.ID, "playbook")
    check("How to handle this customer" in playbook.text and "Answer within the hour and give a firm date" in playbook.text,
          "the playbook panel, with the admin's edit, is beside the composer")
    Select(agent.find_element(By.ID, "macro-id")).select_by_visible_text("Refund on its way")
    first_name = customer_name.split()[0]
    WebDriverWait(agent, 5).until(lambda d: "refund is on its way" in d.find_element(By.ID, "macro-preview").text)
    check(first_name in agent.find_element(By.ID, "macro-preview").text, "the macro preview fills in the customer's first name")
    agent.execute_script("window.scrollTo(0, 0)")
    shot(agent, "ticket-page")
    submit(agent, "form[action$='/macro']")
    check("The macro is applied" in agent.page_source and "Solved" in agent.find_element(By.ID, "properties-summary").text,
          "the macro replies and solves the ticket")
    follow(agent, agent.find_element(By.CSS_SELECTOR, "#customer-title a"))
    check(customer_name in agent.find_element(By.TAG_NAME, "h1").text, "the customer page opens from the ticket")
    shot(agent, "customer-page")

    agent.get(BASE + "/views/unassigned?sort=-created_at")
    follow(agent, next(row for row in agent.find_elements(By.CSS_SELECTOR, "table.tickets tbody tr") if "Invoice <img" in row.text)
           .find_element(By.TAG_NAME, "a"))
    check(no_script_ran(agent) and "onerror=" in agent.find_element(By.TAG_NAME, "h1").text,
          "a request full of HTML shows as text on the agent's ticket page")

    agent.get(f"{BASE}/tickets/{html_ticket}")
    for summary in agent.find_elements(By.CSS_SELECTOR, ".message details summary"):
        summary.click()
    time.sleep(0.5)
    frames = agent.find_elements(By.CSS_SELECTOR, "iframe[sandbox]")
    check(len(frames) == 1 and frames[0].get_attribute("sandbox") == "", "the formatted email is shown in a sandbox without scripts")
    agent.switch_to.frame(frames[0])
    inside = agent.execute_script(
        "return {scripts: document.scripts.length, handlers: document.querySelectorAll('[onerror],[onload]').length,"
        " js: [...document.querySelectorAll('a[href]')].filter(a => a.href.startsWith('javascript:')).length}")
    agent.find_element(By.XPATH, "//a[contains(., 'open my invoice')]").click()
    agent.switch_to.default_content()
    time.sleep(0.3)
    check(inside == {"scripts": 0, "handlers": 0, "js": 0}, f"the formatted email keeps no script, handler or javascript: link ({inside})")
    check(no_script_ran(agent), "HTML mail with <script>, onerror= and a javascript: link never runs, even when the link is clicked")
    shot(agent, "ticket-html-mail")
    agent_cookie = cookie_header(agent, "rapport_session")
finally:
    agent.quit()

# 5. The customer sees the agent's reply.
try:
    portal.get(request_url)
    check("refund is on its way" in portal.page_source, "the customer sees the agent's reply in the portal")
    shot(portal, "portal-ticket")
    portal.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True})
    portal.get(request_url)
    shot(portal, "portal-ticket-360")
    fits_width(portal, "the portal's ticket page")
finally:
    portal.quit()

# 5b. A supervisor reads the dashboard: headline figures, a trend chart drawn by the server, and the
# tickets behind a figure.
boss = browser()
try:
    sign_in(boss, SUPERVISOR)
    boss.get(BASE + "/dashboard")
    volume = boss.find_element(By.CSS_SELECTOR, "#headline-contact_volume .headline-value")
    check(volume.text.strip().isdigit() and int(volume.text.strip()) > 0,
          f"the dashboard shows the contact volume of the demo desk ({volume.text.strip()!r})")
    titles = boss.find_elements(By.CSS_SELECTOR, "figure.chart svg title")
    check(len(titles) > 0 and all(t.get_attribute("textContent").strip() for t in titles),
          f"the trends are SVG charts with a text title ({len(titles)} charts)")
    check(len(boss.find_elements(By.CSS_SELECTOR, "table.data tbody tr")) > 0, "the breakdown tables have rows")
    shot(boss, "dashboard")
    follow(boss, volume)
    listed = boss.find_elements(By.CSS_SELECTOR, "#figure-tickets tbody tr")
    check(boss.current_url.startswith(BASE + "/dashboard/tickets") and len(listed) > 0,
          f"the contact volume links to the tickets behind it ({len(listed)} listed)")
finally:
    boss.quit()

# 6. The pages at 360 px: nothing wider than the screen.
narrow = browser(360, 740)
try:
    sign_in(narrow, AGENT)
    for name, path in (("inbox", "/views/unassigned"), ("ticket", f"/tickets/{html_ticket}"), ("customers", "/customers"),
                       ("search", "/search?q=hose")):
        narrow.get(BASE + path)
        shot(narrow, f"{name}-360")
        fits_width(narrow, path)
    narrow.delete_all_cookies()
    sign_in(narrow, ADMIN)
    for name, path in (("admin-sla", "/admin/sla"), ("admin-automations", "/admin/automations"), ("dashboard", "/dashboard")):
        narrow.get(BASE + path)
        shot(narrow, f"{name}-360")
        fits_width(narrow, path)
finally:
    narrow.quit()

# 7. How fast each page answers on the demo data (printed; the goal is under 100 ms, not a pass/fail).
paths = ["/", "/views/unassigned", "/views/at_risk", "/views/breached", f"/tickets/{html_ticket}", "/customers",
         f"/customers/{customer['id']}", "/search?q=refund", "/admin/sla", "/admin/users", "/admin/skills", "/admin/automations",
         "/admin/playbooks", "/admin/support-addresses", "/admin/outbound-mail", "/dashboard"]
figures = timings(admin_cookie, paths)
figures += timings(portal_cookie, ["/portal/demo", request_url.replace(BASE, "")])
print(f"time: slowest median {max(f[2] for f in figures):.1f} ms over {len(figures)} pages")

print(f"screenshots: {SHOTS}")
print(f"browser: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
