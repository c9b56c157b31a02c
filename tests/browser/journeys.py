"""The main journeys through Rapport's pages in a real headless Chromium (Selenium).

Usage: journeys.py BASE_URL SQLITE_PATH SCREENSHOT_DIR. The server is `rapport serve --demo`;
sign-in links are read from the outbox table (the mail the server would send)."""
import email
import os
import re
import sqlite3
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, DB, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
PASSWORD = "rapport-demo"
failures = []


def browser(width=1280, height=900):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def shot(driver, name):
    path = os.path.join(SHOTS, name + ".png")
    driver.save_screenshot(path)
    return path


def sign_in(driver, address):
    driver.get(BASE + "/")
    driver.find_element(By.ID, "email").send_keys(address)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]").click()


def latest_link(kind_path):
    db = sqlite3.connect(DB)
    for _ in range(50):
        row = db.execute("select content from outbox where kind = 'notification' order by created_at desc limit 1").fetchone()
        if row:
            message = email.message_from_string(row[0])
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    text = part.get_payload(decode=True).decode()
                    found = re.search(r"https?://\S+" + kind_path + r"\S+", text)
                    if found:
                        return found.group(0)
        time.sleep(0.1)
    return None


def no_script_ran(driver):
    return driver.execute_script("return window.__xss === undefined")


# 1. An admin creates a macro and an SLA policy, and sees the policy applied to a ticket.
admin = browser()
try:
    sign_in(admin, "admin@demo.rapport.test")
    check("Mine" in admin.page_source, "admin signs in and sees the inbox")
    admin.get(BASE + "/admin/macros")
    admin.find_element(By.ID, "mc-name").send_keys("Refund on its way")
    admin.find_element(By.ID, "mc-body").send_keys("Hello {{customer.first_name}}, your refund is on its way.")
    Select(admin.find_element(By.ID, "mc-status")).select_by_value("solved")
    admin.find_element(By.CSS_SELECTOR, "form[action='/admin/macros'] button").click()
    check("Refund on its way" in admin.page_source, "admin creates a macro")
    admin.get(BASE + "/admin/sla")
    admin.find_element(By.ID, "sp-name").send_keys("Urgent within 15 minutes")
    admin.find_element(By.CSS_SELECTOR, "input[name='priorities[]'][value=urgent]").click()
    admin.find_element(By.ID, "sp-first").send_keys("15")
    admin.find_element(By.ID, "sp-resolution").send_keys("240")
    admin.find_element(By.ID, "sp-first-place").click()
    admin.find_element(By.CSS_SELECTOR, "form[action='/admin/sla/policies'] button").click()
    check("Urgent within 15 minutes" in admin.page_source, "admin creates an SLA policy")
    shot(admin, "admin-sla")
    admin.get(BASE + "/views/unsolved")
    admin.find_element(By.CSS_SELECTOR, "table.tickets tbody tr a").click()
    Select(admin.find_element(By.ID, "p-priority")).select_by_value("urgent")
    admin.find_element(By.CSS_SELECTOR, "form[action$='/properties'] button").click()
    check(admin.find_element(By.ID, "sla-policy").text == "Urgent within 15 minutes", "the new policy applies to a ticket made urgent")
finally:
    admin.quit()

# 2. A customer signs in to the portal by a link and sends a request, with HTML that must not run.
db = sqlite3.connect(DB)
customer_email, customer_name = db.execute(
    "select e.address, c.name from customer_emails e join customers c on c.id = e.customer_id order by e.address limit 1").fetchone()
portal = browser(390, 844)
try:
    portal.get(BASE + "/portal/demo")
    portal.find_element(By.ID, "portal-email").send_keys(customer_email)
    portal.find_element(By.CSS_SELECTOR, "form[action$='/sign-in'] button").click()
    link = latest_link("/portal/demo/link/")
    check(link is not None, "the portal mails a sign-in link")
    portal.get(link)
    portal.find_element(By.ID, "portal-continue").click()
    check("Your requests" in portal.page_source, "the customer is signed in by the link")
    portal.get(BASE + "/portal/demo/requests/new")
    portal.find_element(By.ID, "r-subject").send_keys("Hose <img src=x onerror=\"window.__xss=1\"> leaks")
    portal.find_element(By.ID, "r-body").send_keys("It leaks.<script>window.__xss=1</script>")
    portal.find_element(By.CSS_SELECTOR, "form[action$='/requests'] button").click()
    check("request is sent" in portal.page_source and no_script_ran(portal), "the customer sends a request; their HTML stays text")
    request_url = portal.current_url.split("?")[0]
    shot(portal, "portal-request-360")
finally:
    pass

# 3. An agent finds the ticket in a view, reads the playbook, replies with the macro (which solves it).
agent = browser()
try:
    sign_in(agent, "agent@demo.rapport.test")
    agent.get(BASE + "/views/unassigned?sort=-created_at")
    shot(agent, "inbox")
    rows = agent.find_elements(By.CSS_SELECTOR, "table.tickets tbody tr")
    check(any("Hose" in row.text for row in rows), "the new request is in the unassigned view")
    agent.find_element(By.TAG_NAME, "body").send_keys("j")
    agent.find_element(By.TAG_NAME, "body").send_keys("?")
    check(agent.find_element(By.ID, "shortcut-help").is_displayed(), "? shows the keyboard shortcuts")
    agent.find_element(By.CSS_SELECTOR, "#shortcut-help [data-close]").click()
    link = next(row for row in rows if "Hose" in row.text).find_element(By.TAG_NAME, "a")
    link.click()
    check(no_script_ran(agent), "the customer's HTML does not run on the agent's ticket page")
    playbook = agent.find_element(By.ID, "playbook")
    check("How to handle this customer" in playbook.text, "the playbook panel is beside the composer")
    Select(agent.find_element(By.ID, "macro-id")).select_by_visible_text("Refund on its way")
    WebDriverWait(agent, 5).until(lambda d: "refund is on its way" in d.find_element(By.ID, "macro-preview").text)
    check(True, "the macro preview fills in the customer's name")
    shot(agent, "ticket-page")
    agent.find_element(By.CSS_SELECTOR, "form[action$='/macro'] button").click()
    check("The macro is applied" in agent.page_source and "Solved" in agent.find_element(By.ID, "properties-summary").text,
          "the macro replies and solves the ticket")
    agent.find_element(By.ID, "history")
finally:
    agent.quit()

# 4. The customer sees the agent's reply.
try:
    portal.get(request_url)
    check("refund is on its way" in portal.page_source, "the customer sees the agent's reply in the portal")
    shot(portal, "portal-ticket")
finally:
    portal.quit()

print(f"screenshots: {SHOTS}")
if failures:
    print(f"{len(failures)} browser check(s) failed")
    sys.exit(1)
print("all browser checks passed")
