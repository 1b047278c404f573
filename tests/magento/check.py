#!/usr/bin/env python3
"""Checks of MageOS_AsyncEvents inside a real Magento (run by scripts/test-magento).

    check.py rest        REST through Magento's webapi with a real admin token
    check.py consumers   a customer saved through the real repository (REST /V1/customers), published by
                         the fixture module's observer, consumed by bin/magento queue:consumers:start
                         event.trigger.consumer and event.retry.consumer; QUEUE=amqp or QUEUE=sql
    check.py outbox      the transactional outbox: a fixture observer publishes inside a customer save's transaction;
                         a save rolled back delivers nothing, a committed one is delivered once, and one whose
                         process is SIGKILLed right after the commit is delivered once when a consumer runs; QUEUE as above
    check.py cli         async-events:doctor and every other CLI command through bin/magento
    check.py ecosystem   the mageos-async-events 4.x sink packages installed beside the module: Azure Event Grid
                         delivers through our consumer, the AWS sinks load, their settings reach ours, the admin UI
                         saves, the common module's events published through Magento's publisher are delivered

Environment: RABBITMQ_VHOST, MAGENTO_DIR, BASE_URL (http://127.0.0.1:PORT), EXTENSION (the .so), STATE (a JSON file the
phases share), RECEIVER_URL (http://127.0.0.1:PORT of receiver.py), RECEIVER_TOKEN, QUEUE.
Every check prints one line; the first failure stops the phase with exit code 1.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

MAGENTO_DIR = os.environ["MAGENTO_DIR"]
BASE_URL = os.environ["BASE_URL"].rstrip("/")
EXTENSION = os.environ["EXTENSION"]
STATE_FILE = os.environ["STATE"]
RECEIVER_URL = os.environ["RECEIVER_URL"].rstrip("/")
TOKEN = os.environ["RECEIVER_TOKEN"]
EVENT = "fixture.customer.created"
OUTBOX_EVENT = "fixture.customer.saved"
CRASH_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "crash-after-commit.php")

passed = 0
responses = []  # every REST response body, to look for the verification token


def ok(what):
    global passed
    passed += 1
    print(f"  ok  {what}", flush=True)


def fail(what, detail=""):
    print(f"  FAIL {what}", flush=True)
    if detail:
        print("       " + str(detail)[:4000].replace("\n", "\n       "), flush=True)
    sys.exit(1)


def check(cond, what, detail=""):
    if cond:
        ok(what)
    else:
        fail(what, detail)


def load_state():
    try:
        with open(STATE_FILE) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save_state(state):
    with open(STATE_FILE, "w") as f:
        json.dump(state, f, indent=1)


def http(method, path, body=None, token=None, raw_url=False):
    """One request; answers (status, parsed JSON or text)."""
    url = path if raw_url else BASE_URL + path
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    req.add_header("Accept", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            status, text = resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    if not raw_url:
        responses.append(text)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def admin_token():
    status, token = http("POST", "/rest/V1/integration/admin/token",
                         {"username": "admin", "password": "Admin12345!"})
    if status != 200 or not isinstance(token, str):
        fail("admin token", f"{status} {token}")
    return token


def magento(*args, timeout=300, check_rc=True, extension=True):
    """bin/magento ARGS with the extension loaded; answers (returncode, stdout+stderr)."""
    cmd = ["php", "-d", "memory_limit=2G"]
    if extension:
        cmd += ["-d", "extension=" + EXTENSION]
    cmd += ["bin/magento", *args]
    try:
        res = subprocess.run(cmd, cwd=MAGENTO_DIR, capture_output=True, text=True, timeout=timeout,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        fail("bin/magento " + " ".join(args) + f" finished within {timeout}s", (e.stdout or "") + (e.stderr or ""))
    out = res.stdout + res.stderr
    for bad in ("PHP Fatal", "PHP Warning", "PHP Deprecated", "Fatal error", "Warning:", "Deprecated:"):
        if bad in out:
            fail("bin/magento " + " ".join(args) + ": no PHP error", out)
    if check_rc and res.returncode != 0:
        fail("bin/magento " + " ".join(args) + " exits 0", f"rc={res.returncode}\n{out}")
    return res.returncode, out


def magento_script(script, *args):
    """Runs one of our PHP scripts against the Magento install, the extension loaded; answers the CompletedProcess."""
    return subprocess.run(["php", "-d", "memory_limit=2G", "-d", "extension=" + EXTENSION, script, MAGENTO_DIR, *args],
                          cwd=MAGENTO_DIR, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def sql(query):
    env_php = os.path.join(MAGENTO_DIR, "app/etc/env.php")
    db = subprocess.run(["php", "-r", f"$c = include '{env_php}'; echo $c['db']['connection']['default']['dbname'];"],
                        capture_output=True, text=True, check=True).stdout.strip()
    res = subprocess.run(["mysql", "-uroot", "-h127.0.0.1", "-N", "-B", db, "-e", query],
                         capture_output=True, text=True, check=True)
    return [line.split("\t") for line in res.stdout.splitlines()]


def rabbit_messages(queue):
    res = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", os.environ["RABBITMQ_VHOST"], "name", "messages"],
                         capture_output=True, text=True, check=True)
    for line in res.stdout.splitlines():
        name, _, count = line.partition("\t")
        if name == queue:
            return int(count)
    return None


def receiver_requests():
    _, reqs = http("GET", RECEIVER_URL + "/requests", raw_url=True)
    return reqs


def subscription_body(**fields):
    body = {"event_name": EVENT, "recipient_url": RECEIVER_URL + "/ok/rest", "verification_token": TOKEN,
            "metadata": "http", "store_id": 0}
    body.update(fields)
    return {"asyncEvent": body}


def assert_error_json(status, body, expected_status, what):
    check(status == expected_status and isinstance(body, dict) and isinstance(body.get("message"), str),
          f"{what}: HTTP {expected_status} with Magento's error JSON", f"{status} {body}")


def phase_rest():
    state = load_state()
    token = admin_token()
    ok("POST /V1/integration/admin/token answers a token")

    status, body = http("GET", "/rest/V1/async_events?searchCriteria[pageSize]=5")
    assert_error_json(status, body, 401, "GET /V1/async_events without a token")
    status, body = http("POST", "/rest/V1/async_event", subscription_body())
    assert_error_json(status, body, 401, "POST /V1/async_event without a token")
    status, body = http("GET", "/rest/V1/async_events?searchCriteria[pageSize]=5", token="not-a-token")
    assert_error_json(status, body, 401, "GET /V1/async_events with a wrong token")

    status, created = http("POST", "/rest/V1/async_event", subscription_body(), token=token)
    check(status == 200 and isinstance(created, dict) and created.get("subscription_id"),
          "POST /V1/async_event creates a subscription", f"{status} {created}")
    sid = created["subscription_id"]
    expected = {"event_name": EVENT, "recipient_url": RECEIVER_URL + "/ok/rest", "status": True, "store_id": 0}
    check(all(created.get(k) == v for k, v in expected.items()) and "verification_token" not in created
          and "metadata" not in created, "the created subscription's fields, without token or metadata", created)

    status, got = http("GET", f"/rest/V1/async_event/{sid}", token=token)
    check(status == 200 and got.get("subscription_id") == sid and got.get("event_name") == EVENT
          and got.get("subscribed_at"), "GET /V1/async_event/:id", f"{status} {got}")

    # A second one to tell the search criteria apart
    status, other = http("POST", "/rest/V1/async_event",
                         subscription_body(recipient_url=RECEIVER_URL + "/ok/other", status=False), token=token)
    check(status == 200 and other.get("status") is False, "POST with status false creates it disabled",
          f"{status} {other}")
    other_id = other["subscription_id"]

    query = urllib.parse.urlencode({
        "searchCriteria[filterGroups][0][filters][0][field]": "recipient_url",
        "searchCriteria[filterGroups][0][filters][0][value]": "%/ok/rest",
        "searchCriteria[filterGroups][0][filters][0][conditionType]": "like",
        "searchCriteria[filterGroups][1][filters][0][field]": "status",
        "searchCriteria[filterGroups][1][filters][0][value]": "1",
        "searchCriteria[sortOrders][0][field]": "subscription_id",
        "searchCriteria[sortOrders][0][direction]": "DESC",
        "searchCriteria[pageSize]": "10",
        "searchCriteria[currentPage]": "1",
    })
    status, listed = http("GET", "/rest/V1/async_events?" + query, token=token)
    check(status == 200 and listed.get("total_count") == 1 and [i["subscription_id"] for i in listed["items"]] == [sid]
          and "search_criteria" in listed, "GET /V1/async_events with filter groups, sort order and page",
          f"{status} {listed}")
    status, listed = http("GET", "/rest/V1/async_events?searchCriteria[pageSize]=1&searchCriteria[currentPage]=2"
                          "&searchCriteria[sortOrders][0][field]=subscription_id"
                          "&searchCriteria[sortOrders][0][direction]=ASC", token=token)
    check(status == 200 and listed.get("total_count") == 2 and [i["subscription_id"] for i in listed["items"]] == [other_id],
          "GET /V1/async_events pages (page 2 of size 1)", f"{status} {listed}")

    status, updated = http("PUT", f"/rest/V1/async_event/{sid}",
                           {"asyncEvent": {"recipient_url": RECEIVER_URL + "/ok/updated", "status": False}}, token=token)
    check(status == 200 and updated.get("recipient_url") == RECEIVER_URL + "/ok/updated"
          and updated.get("status") is False and updated.get("event_name") == EVENT,
          "PUT /V1/async_event/:id changes the fields sent", f"{status} {updated}")
    status, got = http("GET", f"/rest/V1/async_event/{sid}", token=token)
    check(status == 200 and got.get("recipient_url") == RECEIVER_URL + "/ok/updated" and got.get("status") is False,
          "GET after PUT shows the change", f"{status} {got}")

    status, body = http("POST", "/rest/V1/async_event", subscription_body(event_name="no.such.event"), token=token)
    assert_error_json(status, body, 400, "an event no module declares")
    check(EVENT in json.dumps(body), "its message lists the declared events", body)
    status, body = http("POST", "/rest/V1/async_event", subscription_body(recipient_url="ftp://127.0.0.1/x"), token=token)
    assert_error_json(status, body, 400, "a URL that is not http(s)")
    status, body = http("POST", "/rest/V1/async_event", subscription_body(recipient_url="http://169.254.169.254/latest"),
                        token=token)
    assert_error_json(status, body, 400, "an address the SSRF guard refuses")
    status, body = http("POST", "/rest/V1/async_event", subscription_body(metadata="no-such-sink"), token=token)
    assert_error_json(status, body, 400, "an unknown sink")
    body_missing = subscription_body()
    del body_missing["asyncEvent"]["event_name"]
    status, body = http("POST", "/rest/V1/async_event", body_missing, token=token)
    assert_error_json(status, body, 400, "a missing event_name")
    status, body = http("GET", "/rest/V1/async_events?searchCriteria[filterGroups][0][filters][0][field]=nope"
                        "&searchCriteria[filterGroups][0][filters][0][value]=1", token=token)
    assert_error_json(status, body, 400, "an unknown searchCriteria field")
    status, body = http("GET", "/rest/V1/async_event/999999", token=token)
    assert_error_json(status, body, 404, "a missing subscription")

    status, deleted = http("DELETE", f"/rest/V1/async_event/{other_id}", token=token)
    check(status == 200 and deleted is True, "DELETE /V1/async_event/:id", f"{status} {deleted}")
    status, body = http("GET", f"/rest/V1/async_event/{other_id}", token=token)
    assert_error_json(status, body, 404, "GET after DELETE")
    status, body = http("DELETE", f"/rest/V1/async_event/{sid}", token=token)
    check(status == 200, "DELETE the first one too", f"{status} {body}")

    leaked = [r for r in responses if TOKEN in r]
    check(not leaked, f"the verification token is in none of the {len(responses)} REST responses", leaked[:2])

    # The subscriptions the consumers deliver to, of store 1, the customers' (as in the reference module, an event of
    # store N reaches the subscriptions of store N, and one of store 0 those of every store)
    subs = {}
    for kind in ("ok", "flaky", "failing"):
        status, created = http("POST", "/rest/V1/async_event",
                               subscription_body(recipient_url=f"{RECEIVER_URL}/{kind}/subscription", store_id=1),
                               token=token)
        check(status == 200, f"subscription for /{kind}/ created", f"{status} {created}")
        subs[kind] = created["subscription_id"]
    state["subscriptions"] = subs
    save_state(state)


def wait_for(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    fail(what, f"not within {seconds}s")


def phase_consumers():
    queue = os.environ["QUEUE"]
    state = load_state()
    subs = state["subscriptions"]
    token = admin_token()
    if queue == "amqp":
        _, out = magento("async-events:doctor")
        check("amqp" in out.lower(), "doctor names the RabbitMQ queue", out)
    sql_before = int(sql("SELECT COUNT(*) FROM async_event_queue")[0][0])

    before = len(receiver_requests())
    email = f"roni.{queue}.{int(time.time())}@example.com"
    status, customer = http("POST", "/rest/V1/customers", {
        "customer": {"email": email, "firstname": "Roni", "lastname": "Cost", "website_id": 1, "store_id": 1,
                     "group_id": 1, "addresses": [{"firstname": "Roni", "lastname": "Cost", "street": ["6146 Honey Bluff"],
                                                   "city": "Calder", "postcode": "49628", "country_id": "US",
                                                   "region_id": 33, "telephone": "555-229-3326",
                                                   "default_billing": True, "default_shipping": True}]},
        "password": "Customer12345!"}, token=token)
    check(status == 200 and customer.get("id"), f"[{queue}] customer saved through POST /V1/customers",
          f"{status} {customer}")
    cid = customer["id"]
    # Magento_Customer's TransactionWrapper plugin runs CustomerRepository::save, and so the observer, inside a
    # transaction of the default connection: the event waits in the transactional outbox, not in the queue
    sql_after = int(sql("SELECT COUNT(*) FROM async_event_queue")[0][0])
    waiting = outbox_messages()
    check(len(waiting) == 1 and waiting[0].get("event_name") == EVENT and waiting[0].get("arguments") == {"customerId": cid},
          f"[{queue}] the observer ran inside the repository's transaction: its event waits in async_event_outbox",
          waiting)
    check(sql_after == sql_before and queued(queue) == (sql_before if queue == "sql" else 0),
          f"[{queue}] and is not queued yet (neither in async_event_queue nor in RabbitMQ's event.trigger)",
          f"{sql_before} -> {sql_after}, event.trigger {rabbit_messages('event.trigger')}")

    t0 = time.time()
    magento("queue:consumers:start", "event.trigger.consumer", "--max-messages=1", timeout=180)
    ok(f"[{queue}] queue:consumers:start event.trigger.consumer --max-messages=1 relayed and consumed it in "
       f"{time.time() - t0:.1f}s")
    check(outbox_messages() == [], f"[{queue}] async_event_outbox is empty again")

    def delivered():
        reqs = receiver_requests()[before:]
        mine = [r for r in reqs if r["event"].get("type") == EVENT and r["event"].get("data", {}).get("id") == cid]
        return mine if {r["path"].split("/")[1] for r in mine} >= {"ok", "flaky", "failing"} else None
    first = wait_for(delivered, 30, f"[{queue}] first attempts reach /ok/, /flaky/ and /failing/")
    check(all(r["magento_signature_ok"] and r["standard_webhooks_ok"] for r in first),
          f"[{queue}] both signatures verify on all {len(first)} requests", first)
    uuid = first[0]["event"]["id"]
    check(all(r["event"]["id"] == uuid for r in first), f"[{queue}] one event id across subscriptions: {uuid}",
          [r["event"]["id"] for r in first])

    okreq = [r for r in first if r["path"].startswith("/ok/")][0]
    status, rest_customer = http("GET", f"/rest/V1/customers/{cid}", token=token)
    check(status == 200, "GET /V1/customers/:id (the same service method through REST)", f"{status} {rest_customer}")
    payload = okreq["event"]["data"]
    check(payload == rest_customer, f"[{queue}] the payload is what CustomerRepositoryInterface::getById answers "
          "through the webapi (equal to GET /V1/customers/:id)",
          json.dumps({"payload": payload, "rest": rest_customer}, indent=1, sort_keys=True))
    check(okreq["event"].get("specversion") == "1.0" and okreq["event"].get("source") == "1",
          f"[{queue}] a CloudEvent 1.0 from store 1", okreq["event"])

    t0 = time.time()
    magento("queue:consumers:start", "event.retry.consumer", "--max-messages=2", timeout=180)
    ok(f"[{queue}] queue:consumers:start event.retry.consumer --max-messages=2 returned in {time.time() - t0:.1f}s")

    def retried():
        reqs = [r for r in receiver_requests()[before:] if r["event"].get("id") == uuid]
        flaky = [r for r in reqs if r["path"].startswith("/flaky/")]
        failing = [r for r in reqs if r["path"].startswith("/failing/")]
        return reqs if len(flaky) >= 2 and len(failing) >= 2 else None
    reqs = wait_for(retried, 30, f"[{queue}] the retry consumer retried /flaky/ and /failing/")
    flaky = [r["status"] for r in reqs if r["path"].startswith("/flaky/")]
    check(flaky == [500, 200], f"[{queue}] /flaky/ failed once, then the retry was delivered (same id)", flaky)
    check(all(r["magento_signature_ok"] and r["standard_webhooks_ok"] for r in reqs),
          f"[{queue}] both signatures verify on the retries too", reqs)

    rows = sql(f"SELECT subscription_id, success, attempt FROM async_event_subscriber_log WHERE uuid = '{uuid}' "
               "ORDER BY log_id")
    check(len(rows) == 5, f"[{queue}] five attempts in async_event_subscriber_log", rows)
    dead = sql(f"SELECT COUNT(*) FROM async_event_dead_letter WHERE uuid = '{uuid}'")
    check(int(dead[0][0]) == 1, f"[{queue}] the always failing delivery is dead-lettered after max_deaths",
          dead)
    state.setdefault("uuids", []).append(uuid)
    state.setdefault("customers", []).append({"id": cid, "email": email})
    save_state(state)


def new_customer(email, token):
    """POST /V1/customers with one address; answers (status, body)."""
    return http("POST", "/rest/V1/customers", {
        "customer": {"email": email, "firstname": "Olivia", "lastname": "Outbox", "website_id": 1, "store_id": 1,
                     "group_id": 1, "addresses": [{"firstname": "Olivia", "lastname": "Outbox", "street": ["1 Commit Way"],
                                                   "city": "Calder", "postcode": "49628", "country_id": "US",
                                                   "region_id": 33, "telephone": "555-229-3326",
                                                   "default_billing": True, "default_shipping": True}]},
        "password": "Customer12345!"}, token=token)


TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def outbox_messages():
    """The events waiting in async_event_outbox, oldest first."""
    return [json.loads(row[0]) for row in sql("SELECT message FROM async_event_outbox ORDER BY outbox_id")]


def queued(queue):
    """Messages in the event queue: SQL rows, or RabbitMQ's event.trigger."""
    if queue == "sql":
        return int(sql("SELECT COUNT(*) FROM async_event_queue")[0][0])
    return rabbit_messages("event.trigger")


def customers_with(email):
    return int(sql(f"SELECT COUNT(*) FROM customer_entity WHERE email = '{email}'")[0][0])


def outbox_deliveries(before):
    return [r for r in receiver_requests()[before:] if r["event"].get("type") == OUTBOX_EVENT]


def delivered_once(queue, before, uuid, cid, what):
    """Waits for the delivery of uuid, then checks that it is the only one, signed, with the customer as payload."""
    wait_for(lambda: [r for r in outbox_deliveries(before) if r["event"].get("id") == uuid], 30,
             f"[{queue}] {what}: delivered")
    time.sleep(2)  # a second delivery would come within the same consumer run
    reqs = outbox_deliveries(before)
    check(len(reqs) == 1 and reqs[0]["event"]["id"] == uuid and reqs[0]["path"] == "/ok/outbox",
          f"[{queue}] {what}: delivered exactly once, with the uuid given inside the transaction", reqs)
    check(reqs[0]["magento_signature_ok"] and reqs[0]["standard_webhooks_ok"] and reqs[0]["status"] == 200,
          f"[{queue}] {what}: both signatures verify", reqs[0])
    data = reqs[0]["event"].get("data", {})
    check(data.get("id") == cid and reqs[0]["event"].get("source") == "1",
          f"[{queue}] {what}: the payload is customer {cid} of store 1", reqs[0]["event"])


def phase_outbox():
    queue = os.environ["QUEUE"]
    state = load_state()
    token = admin_token()
    if "outbox_subscription" not in state:
        status, created = http("POST", "/rest/V1/async_event", subscription_body(
            event_name=OUTBOX_EVENT, recipient_url=f"{RECEIVER_URL}/ok/outbox", store_id=1), token=token)
        check(status == 200, f"subscription to {OUTBOX_EVENT} for /ok/outbox created", f"{status} {created}")
        state["outbox_subscription"] = created["subscription_id"]
        save_state(state)
    check(outbox_messages() == [], f"[{queue}] async_event_outbox is empty to begin with")
    queued_before = queued(queue)
    stamp = f"{queue}.{int(time.time())}"

    # (a) The observer publishes inside the save's transaction, then the save fails: Magento rolls back
    before = len(receiver_requests())
    email = f"outbox.rollback.{stamp}@example.com"
    status, body = new_customer(email, token)
    check(status == 400 and "fixture: the save of" in json.dumps(body),
          f"[{queue}] a customer save whose observer published, then failed, is refused (HTTP 400)", f"{status} {body}")
    check(customers_with(email) == 0, f"[{queue}] the save was rolled back: no customer {email}")
    check(outbox_messages() == [], f"[{queue}] the rolled-back save left nothing in async_event_outbox")
    check(queued(queue) == queued_before, f"[{queue}] nor in the queue")

    # (b) The observer publishes inside the save's transaction, which commits
    email = f"outbox.commit.{stamp}@example.com"
    status, customer = new_customer(email, token)
    check(status == 200 and customer.get("id"), f"[{queue}] a customer saved through POST /V1/customers",
          f"{status} {customer}")
    cid = customer["id"]
    waiting = outbox_messages()
    check(len(waiting) == 1 and waiting[0].get("event_name") == OUTBOX_EVENT
          and waiting[0].get("arguments") == {"customerId": cid},
          f"[{queue}] its observer's event waits in async_event_outbox, written in the save's transaction", waiting)
    uuid = waiting[0]["uuid"]
    check(queued(queue) == queued_before, f"[{queue}] nothing is queued before a trigger consumer relays it")
    t0 = time.time()
    magento("queue:consumers:start", "event.trigger.consumer", "--max-messages=1", timeout=180)
    ok(f"[{queue}] queue:consumers:start event.trigger.consumer --max-messages=1 relayed and consumed it in "
       f"{time.time() - t0:.1f}s")
    delivered_once(queue, before, uuid, cid, "the committed save's event")
    sent = outbox_deliveries(before)[0]
    check(sent["event"].get("correlationid") == f"customer-save:{email}" and sent["event"].get("traceparent") == TRACEPARENT
          and sent["traceparent"] == TRACEPARENT and sent["event"].get("time", "").endswith("Z"),
          f"[{queue}] the observer's correlation id and traceparent reach the receiver (CloudEvent and header), with time",
          sent)
    _, out = magento("async-events:search", f'correlation_id:"customer-save:{email}"', "--limit=0")
    check("1 match(es)." in out, f"[{queue}] async-events:search finds the attempt by its correlation id", out)
    check(outbox_messages() == [], f"[{queue}] the relayed row is gone from async_event_outbox")
    check(queued(queue) == queued_before, f"[{queue}] the queue holds nothing more: no event of the rolled-back save")
    ok(f"[{queue}] no delivery for the rolled-back save (the only {OUTBOX_EVENT} delivery is the committed one's)")

    # (c) A process commits a transaction with a published event and dies at once (SIGKILL); no consumer runs
    before = len(receiver_requests())
    email = f"outbox.crash.{stamp}@example.com"
    res = magento_script(CRASH_SCRIPT, email)
    check(res.returncode == -9, f"[{queue}] crash-after-commit.php committed, then died of SIGKILL",
          f"rc={res.returncode}\n{res.stdout}{res.stderr}")
    printed = json.loads(res.stdout.strip().splitlines()[-1])
    cid = printed["customer_id"]
    check(customers_with(email) == 1 and printed["transaction_level"] == 0,
          f"[{queue}] its customer {cid} is committed", printed)
    waiting = outbox_messages()
    check(len(waiting) == 1 and waiting[0].get("arguments") == {"customerId": cid},
          f"[{queue}] its event survived the crash in async_event_outbox", waiting)
    uuid = waiting[0]["uuid"]
    check(queued(queue) == queued_before and outbox_deliveries(before) == [],
          f"[{queue}] not queued, not delivered: nothing ran after the commit")
    _, out = magento("async-events:doctor")
    check("1 event(s) waiting in async_event_outbox" in out, f"[{queue}] async-events:doctor shows the event waiting", out)
    magento("queue:consumers:start", "event.trigger.consumer", "--max-messages=1", timeout=180)
    ok(f"[{queue}] queue:consumers:start event.trigger.consumer --max-messages=1 after the crash")
    delivered_once(queue, before, uuid, cid, "the crashed process's event")
    check(outbox_messages() == [] and queued(queue) == queued_before,
          f"[{queue}] the outbox and the queue are empty again")
    _, out = magento("async-events:doctor")
    check("0 events waiting in async_event_outbox" in out and "FAIL" not in out,
          f"[{queue}] async-events:doctor: 0 events waiting in the outbox", out)


def phase_cli():
    state = load_state()
    uuid = state["uuids"][0]
    _, out = magento("list", "async-events")
    commands = ["async-events:doctor", "async-events:replay", "async-events:dlq:retry", "async-events:dlq:erase",
                "async-events:dlq:export", "async-events:subscriber:list", "async-events:search", "async-events:reindex"]
    check(all(c in out for c in commands), "bin/magento list shows the eight commands", out)
    rc, out = magento("list", "async-events", extension=False)
    check(all(c in out for c in commands), "bin/magento list works without the extension too", out)

    _, out = magento("async-events:doctor")
    # (the events line names the first ten declared: with the ecosystem's modules installed, not the fixture's)
    check("declared in async_events.xml" in out and "FAIL" not in out, "async-events:doctor passes", out)
    print("       " + out.strip().replace("\n", "\n       "))
    rc, out = magento("async-events:doctor", extension=False, check_rc=False)
    check(rc == 1 and "not loaded" in out, "async-events:doctor without the extension says so and exits 1",
          f"rc={rc}\n{out}")

    _, out = magento("async-events:subscriber:list")
    check(all(f"/{k}/subscription" in out for k in ("ok", "flaky", "failing")), "async-events:subscriber:list", out)
    _, out = magento("async-events:subscriber:list", "--event=fixture.customer.created", "--enabled")
    check("/ok/subscription" in out, "async-events:subscriber:list --event --enabled", out)

    _, out = magento("async-events:reindex")
    ok("async-events:reindex")
    _, out = magento("async-events:reindex", "--sync")
    ok("async-events:reindex --sync")
    email = state["customers"][0]["email"]
    _, out = magento("async-events:search", f"data.data.email: {email}")
    check(uuid in out, "async-events:search finds the event by the payload's email", out)
    failed = int(sql("SELECT COUNT(*) FROM async_event_subscriber_log WHERE success = 0")[0][0])
    _, out = magento("async-events:search", "event_name: fixture.* AND success: false", "--limit=0")
    check(f"{failed} match(es)." in out, f"async-events:search --limit=0 counts the {failed} failed attempts", out)
    rc, out = magento("async-events:search", "event_name: (", check_rc=False)
    check(rc == 1 and "^" in out, "a malformed query prints the message with a caret and exits 1", f"rc={rc}\n{out}")
    csv = os.path.join(MAGENTO_DIR, "var/export/async-events-search.csv")
    magento("async-events:search", "event_name: fixture.customer.created", f"--csv={csv}", "--oldest-first")
    with open(csv) as f:
        lines = f.read().splitlines()
    check(len(lines) >= 11 and uuid in "\n".join(lines), f"async-events:search --csv writes every match ({len(lines) - 1} rows)",
          lines[:3])

    # What the admin pages left to deliver (their Replay, their Retry the oldest) goes out first
    drain("the deliveries the admin pages left")
    before = len(receiver_requests())
    _, out = magento("async-events:replay", uuid, f"--subscription={state['subscriptions']['ok']}")
    magento("queue:consumers:start", "event.retry.consumer", "--max-messages=1", timeout=180)
    replayed = wait_for(lambda: [r for r in receiver_requests()[before:] if r["event"].get("id") == uuid], 30,
                        "the replayed event reaches the receiver")
    check(len(replayed) == 1 and replayed[0]["path"].startswith("/ok/") and replayed[0]["magento_signature_ok"]
          and replayed[0]["standard_webhooks_ok"], "async-events:replay UUID --subscription: delivered again to that "
          "subscription only, same id, both signatures", replayed)

    export = os.path.join(MAGENTO_DIR, "var/export/dead-letters-cli.json")
    magento("async-events:dlq:export", export)
    with open(export) as f:
        letters = json.load(f)
    count = int(sql("SELECT COUNT(*) FROM async_event_dead_letter")[0][0])
    check(len(letters) == count and count >= 2 and all(letter.get("uuid") in state["uuids"] for letter in letters),
          f"async-events:dlq:export writes every dead letter ({len(letters)})", letters)
    _, out = magento("async-events:dlq:retry")
    after = int(sql("SELECT COUNT(*) FROM async_event_dead_letter")[0][0])
    check(after == count - 1, f"async-events:dlq:retry retries the oldest ({count} -> {after} dead letters)", out)
    _, out = magento("async-events:dlq:retry", "--all", "--batch-size=1", "--cooldown=0", timeout=120)
    after_all = int(sql("SELECT COUNT(*) FROM async_event_dead_letter")[0][0])
    check(after_all == 0, f"async-events:dlq:retry --all runs the retry job until the list is empty ({after} -> 0)", out)
    pending = int(sql("SELECT COUNT(*) FROM async_event_delivery")[0][0])
    check(pending == count, f"the {count} retried dead letters are deliveries again", pending)
    # The receiver still fails them: they come back as dead letters
    drain("the retried dead letters")
    back = int(sql("SELECT COUNT(*) FROM async_event_dead_letter")[0][0])
    check(back == count, f"delivered to the always failing receiver again, they are dead letters again ({back})")
    rc, out = magento("async-events:dlq:erase", check_rc=False)
    left = int(sql("SELECT COUNT(*) FROM async_event_dead_letter")[0][0])
    check(left == count, "async-events:dlq:erase without --force and without a terminal erases nothing", f"rc={rc}\n{out}")
    _, out = magento("async-events:dlq:erase", "--force")
    left = int(sql("SELECT COUNT(*) FROM async_event_dead_letter")[0][0])
    check(left == 0, "async-events:dlq:erase --force erases them", out)
    _, out = magento("async-events:doctor")
    ok("async-events:doctor passes at the end too")


ECOSYSTEM_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ecosystem.php")
ECOSYSTEM_TOKEN = "entra-token-of-the-test"


def ecosystem(*args):
    """ecosystem.php's JSON: the notifiers Magento builds for each sink name, and the AWS settings passed on."""
    res = magento_script(ECOSYSTEM_SCRIPT, *args)
    check(res.returncode == 0, f"ecosystem.php {' '.join(args)}", res.stdout + res.stderr)
    return json.loads(res.stdout.strip().splitlines()[-1])


def phase_ecosystem():
    """The mageos-async-events 4.x sink packages (mage-os/mageos-async-events-sinks: Azure Event Grid, AWS),
    installed beside this module from their own repository, as a store that used them has them."""
    token = admin_token()
    magento("config:set", "async_events_azure/service_principal/tenant_id", "tenant-of-the-test")
    magento("config:set", "async_events_azure/service_principal/client_id", "client-of-the-test")
    magento("config:set", "async_events_azure/service_principal/client_secret", "secret-of-the-test")
    magento("config:set", "async_events_aws/eventbridge/region", "eu-west-3")
    magento("config:set", "async_events_aws/eventbridge/access_key", "AKIAECOSYSTEM")
    magento("config:set", "async_events_aws/eventbridge/source", "com.example.ecosystem")
    found = ecosystem("seed-token", ECOSYSTEM_TOKEN)
    notifiers = found["notifiers"]
    check(notifiers["eventgrid"].get("class") == "MageOS\\AsyncEventsAzure\\Service\\EventGrid" and notifiers["eventgrid"]["notifier"],
          "the Azure package's EventGrid is the 'eventgrid' notifier and implements our NotifierInterface", notifiers)
    check(all(notifiers[n].get("notifier") and notifiers[n]["class"].startswith("MageOS\\AsyncEventsAWS\\") for n in ("eventbridge", "sqs")),
          "the AWS package's EventBridge and SQS load and implement our NotifierInterface (the extension sends those "
          "sinks natively)", notifiers)
    check(found["aws"] == {"aws_region": "eu-west-3", "aws_access_key_id": "AKIAECOSYSTEM", "eventbridge_source": "com.example.ecosystem"},
          "the AWS package's EventBridge settings reach the extension's native sinks", found)

    status, created = http("POST", "/rest/V1/async_event", subscription_body(
        recipient_url=f"{RECEIVER_URL}/sink/eventgrid", metadata="eventgrid"), token=token)
    check(status == 200, "a subscription to the Azure package's sink 'eventgrid' is saved over REST", f"{status} {created}")
    subscription_id = created["subscription_id"]
    # The admin UI package's SaveCommand (its Save controller's work) saves through our resource model
    saved = ecosystem("admin-ui-save", json.dumps({
        "event_name": EVENT, "recipient_url": f"{RECEIVER_URL}/ok/adminui", "verification_token": TOKEN,
        "metadata": "http", "store_id": "0", "status": "1"}))
    admin_ui_id = saved["subscription_id"]
    status, body = http("GET", f"/rest/V1/async_event/{admin_ui_id}", token=token)
    check(status == 200 and body.get("recipient_url") == f"{RECEIVER_URL}/ok/adminui" and body.get("status") is True
          and "verification_token" not in body,
          "the admin UI package's SaveCommand saved a subscription the REST API reads back (token never returned)",
          f"{status} {body}")
    for metadata in ("eventbridge", "sqs"):
        status, body = http("POST", "/rest/V1/async_event", subscription_body(
            recipient_url="arn:aws:events:eu-west-3:000000000000:event-bus/shop" if metadata == "eventbridge"
            else "https://sqs.eu-west-3.amazonaws.com/000000000000/shop", metadata=metadata, status=False), token=token)
        check(status == 200, f"a subscription to '{metadata}' is saved over REST", f"{status} {body}")

    # mageos-common-async-events publishes customer.created with Magento's publisher to the topic event.trigger
    status, body = http("POST", "/rest/V1/async_event", subscription_body(
        event_name="customer.created", recipient_url=f"{RECEIVER_URL}/ok/common"), token=token)
    check(status == 200, "a subscription to the common module's customer.created is saved over REST", f"{status} {body}")

    before = len(receiver_requests())
    email = f"ecosystem.{int(time.time())}@example.com"
    status, customer = new_customer(email, token)
    check(status == 200 and customer.get("id"), "a customer saved through POST /V1/customers", f"{status} {customer}")
    magento("queue:consumers:start", "event.trigger.consumer", "--max-messages=2", timeout=180)
    sent = wait_for(lambda: [r for r in receiver_requests()[before:] if r["path"].startswith("/sink/eventgrid")], 30,
                    "the event reaches the receiver through the Azure package's EventGrid")
    request = sent[0]
    event = request["event"]
    check(request["path"] == "/sink/eventgrid?api-version=2018-01-01"
          and request["authorization"] == f"Bearer {ECOSYSTEM_TOKEN}"
          and request["content_type"].startswith("application/cloudevents+json"),
          "EventGrid posted as it does to Azure: its query, its bearer token from Magento's cache, its content type", request)
    check(event.get("type") == EVENT and event.get("data", {}).get("email") == email and event.get("source") == "1"
          and event.get("correlationid") == event.get("id") and event.get("time"),
          "its body is our CloudEvent, serialised by the package: the customer as data, with time and correlationid",
          event)
    signed = wait_for(lambda: [r for r in receiver_requests()[before:] if r["path"] == "/ok/adminui"], 30,
                      "the event reaches the admin UI package's subscription")
    check(signed[0]["magento_signature_ok"] and signed[0]["standard_webhooks_ok"] and signed[0]["status"] == 200,
          "signed with the token the admin UI package sealed with Magento's encryptor", signed[0])
    common = wait_for(lambda: [r for r in receiver_requests()[before:] if r["path"] == "/ok/common"], 30,
                      f"[{os.environ.get('QUEUE')}] the common module's customer.created reaches its subscription")
    check(len(common) == 1 and common[0]["event"].get("type") == "customer.created"
          and common[0]["event"].get("data", {}).get("email") == email and common[0]["magento_signature_ok"],
          "published by the common module's observer through Magento's publisher, resolved with its "
          "AsyncCustomerManagement::getById, delivered once and signed", common)
    rows = sql(f"SELECT success, uuid FROM async_event_subscriber_log WHERE subscription_id = {subscription_id}")
    check([r[0] for r in rows] == ["1"] and rows[0][1] == event["id"],
          "its attempt is logged as a success under the event's uuid", rows)
    drain("the other subscriptions' deliveries of the ecosystem customer")


def drain(what):
    """Runs event.retry.consumer until no delivery is pending (each pending one needs one attempt at least)."""
    for _ in range(10):
        pending = int(sql("SELECT COUNT(*) FROM async_event_delivery")[0][0])
        if pending == 0:
            ok(f"{what}: delivered or dead-lettered by event.retry.consumer")
            return
        magento("queue:consumers:start", "event.retry.consumer", f"--max-messages={pending}", timeout=180)
    fail(f"{what}: no delivery pending after ten consumer runs")


def main():
    phase = sys.argv[1]
    print(f"-- {phase} {os.environ.get('QUEUE', '')}", flush=True)
    {"rest": phase_rest, "consumers": phase_consumers, "outbox": phase_outbox, "cli": phase_cli,
     "ecosystem": phase_ecosystem}[phase]()
    print(f"{passed} passed, 0 failed", flush=True)


if __name__ == "__main__":
    main()
