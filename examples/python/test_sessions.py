"""A parallel test suite in Python against one shared graphmock.

Each test runs in a graphmock session of its own: a fixture (setUp) starts
the session with the test's scenarios, the test points its Graph client at
the session's base URL (or sends its header), and tearDown checks the
session's verify and ends it. The tests run at once in worker threads, as
pytest-xdist workers or a parallel CI job would, and they conflict on
purpose: the same Graph paths answer differently in each, the same flow
moves to different states, and some are throttled. None sees another's
answers, calls or verification.

Standard library only. Start graphmock, then:

    GRAPHMOCK_URL=http://127.0.0.1:8080 python3 examples/python/test_sessions.py

(GRAPHMOCK_ADMIN_TOKEN too if graphmock runs with -admin-token.) It exits 0
when every test passed. graphmock's own test suite runs it
(cmd/graphmock/sessions_test.go).
"""

import json
import os
import sys
import unittest
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

GRAPHMOCK_URL = os.environ.get("GRAPHMOCK_URL", "http://127.0.0.1:8080")
ADMIN_TOKEN = os.environ.get("GRAPHMOCK_ADMIN_TOKEN", "")
WORKERS = 8


def http(method, url, body=None, headers=None):
    """Sends a request and returns (status, headers, body bytes), errors included."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def admin(method, url, body=None):
    """Calls graphmock's admin API and returns (status, decoded JSON)."""
    headers = {"Content-Type": "application/yaml"} if body else {}
    if ADMIN_TOKEN:
        headers["Authorization"] = "Bearer " + ADMIN_TOKEN
    status, _, data = http(method, url, body, headers)
    return status, json.loads(data)


class GraphmockSession:
    """An isolated mock inside the shared graphmock, for one test."""

    def __init__(self, scenarios="", ttl="5m"):
        status, body = admin("POST", f"{GRAPHMOCK_URL}/_graphmock/sessions?ttl={ttl}", scenarios)
        if status != 201:
            raise RuntimeError(f"starting a session: {status} {body}")
        self.id = body["id"]
        self.base_url = body["baseUrl"]  # a Graph client's base URL, before /v1.0
        self.admin_url = body["adminUrl"]  # the session's own admin API
        self.header = body["header"]  # X-Graphmock-Session, for clients that keep their base URL

    def graph(self, method, path, body=None, by_header=False):
        """Calls Graph as a client would: by the session's base URL, or
        at graphmock's own URL with the session's header."""
        headers = {"Authorization": "Bearer test-token"}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        if by_header:
            headers[self.header] = self.id
            return http(method, GRAPHMOCK_URL + path, body, headers)
        return http(method, self.base_url + path, body, headers)

    def calls(self):
        return admin("GET", self.admin_url + "/calls")[1]

    def verify(self):
        return admin("GET", self.admin_url + "/verify")

    def end(self):
        return admin("DELETE", self.admin_url)


def scenarios_for(n):
    """Test n's scenarios: the same paths as every other test's, answered
    with n's own statuses, bodies, sequence, flow and throttling."""
    throttled = n % 3 == 0
    messages = (
        f"response: {{throttle: {{retryAfter: {n + 1}}}}}"
        if throttled
        else f"response: {{status: 200, body: {{value: [], test: {n}}}}}"
    )
    return f"""version: 1
scenarios:
  - name: me
    times: 2
    request: {{method: GET, path: /v1.0/me}}
    responses:
      - {{status: 200, body: {{displayName: "user {n}", call: 1}}}}
      - {{status: {200 + n % 4}, body: {{displayName: "user {n}", call: 2}}}}
  - name: lists-before
    state: {{flow: todo, when: started}}
    request: {{method: GET, path: /v1.0/me/todo/lists}}
    response: {{status: 200, body: {{value: []}}}}
  - name: create-list
    times: 1
    state: {{flow: todo, then: created-{n}}}
    request: {{method: POST, path: /v1.0/me/todo/lists}}
    response: {{status: 201, body: {{id: list-{n}}}}}
  - name: lists-after
    state: {{flow: todo, when: created-{n}}}
    request: {{method: GET, path: /v1.0/me/todo/lists}}
    response: {{status: 200, body: {{value: [{{id: list-{n}}}]}}}}
  - name: messages
    request: {{method: GET, path: /v1.0/me/messages}}
    {messages}
"""


class SessionTest(unittest.TestCase):
    """Each test gets a session with its own scenarios (the fixture), and
    its verification and end are checked afterwards."""

    n = 0  # which test, set by load_tests

    def setUp(self):
        self.session = GraphmockSession(scenarios_for(self.n))

    def tearDown(self):
        status, report = self.session.verify()
        self.assertEqual(status, 200, report["message"])
        status, _ = self.session.end()
        self.assertEqual(status, 200)
        status, _, body = self.session.graph("GET", "/v1.0/me")
        self.assertEqual(status, 404)
        error = json.loads(body)["error"]
        self.assertEqual(error["code"], "SessionNotFound")
        self.assertIn(self.session.id, error["message"])

    def test_the_session_answers_only_with_its_own_scenarios(self):
        n, s = self.n, self.session
        by_header = n % 2 == 1  # half the tests keep graphmock's URL and send the header

        status, _, body = s.graph("GET", "/v1.0/me", by_header=by_header)
        self.assertEqual((status, json.loads(body)), (200, {"displayName": f"user {n}", "call": 1}))
        status, _, body = s.graph("GET", "/v1.0/me", by_header=by_header)
        self.assertEqual((status, json.loads(body)), (200 + n % 4, {"displayName": f"user {n}", "call": 2}))

        status, _, body = s.graph("GET", "/v1.0/me/todo/lists", by_header=by_header)
        self.assertEqual(json.loads(body), {"value": []})
        status, _, body = s.graph("POST", "/v1.0/me/todo/lists", {"displayName": "groceries"}, by_header=by_header)
        self.assertEqual((status, json.loads(body)), (201, {"id": f"list-{n}"}))
        status, _, body = s.graph("GET", "/v1.0/me/todo/lists", by_header=by_header)
        self.assertEqual(json.loads(body), {"value": [{"id": f"list-{n}"}]})

        status, headers, body = s.graph("GET", "/v1.0/me/messages", by_header=by_header)
        if n % 3 == 0:
            self.assertEqual((status, headers["Retry-After"]), (429, str(n + 1)))
        else:
            self.assertEqual((status, json.loads(body)), (200, {"value": [], "test": n}))

        journal = s.calls()
        self.assertEqual(
            [(c["method"], c["path"]) for c in journal["calls"]],
            [("GET", "/v1.0/me"), ("GET", "/v1.0/me"), ("GET", "/v1.0/me/todo/lists"),
             ("POST", "/v1.0/me/todo/lists"), ("GET", "/v1.0/me/todo/lists"), ("GET", "/v1.0/me/messages")],
        )
        self.assertEqual(journal["stats"]["recorded"], 6)
        self.assertEqual(journal["calls"][3]["body"], {"displayName": "groceries"})
        _, flows = admin("GET", s.admin_url + "/state")
        self.assertEqual(flows["flows"]["todo"], f"created-{n}")


def load_tests(count=24):
    """count copies of the test, each with its own n."""
    tests = []
    for n in range(count):
        case = type(f"SessionTest{n}", (SessionTest,), {"n": n})
        tests.append(case("test_the_session_answers_only_with_its_own_scenarios"))
    return tests


def run_in_parallel(tests):
    """Runs the tests in WORKERS threads at once; returns whether all passed."""

    def run(test):
        result = unittest.TestResult()
        test.run(result)
        return test, result

    failed = 0
    with ThreadPoolExecutor(WORKERS) as pool:
        for test, result in pool.map(run, tests):
            for _, trace in result.failures + result.errors:
                failed += 1
                print(f"FAIL: {test.id()} (n={test.n})\n{trace}", file=sys.stderr)
    print(f"{len(tests)} tests in {WORKERS} parallel workers, one graphmock session each: {failed} failed")
    return failed == 0


if __name__ == "__main__":
    sys.exit(0 if run_in_parallel(load_tests()) else 1)
