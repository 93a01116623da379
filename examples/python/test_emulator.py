"""A Python test against `switchback serve --emulator --seed seed.json`, with only the standard library
(unittest, urllib). Run: SWITCHBACK_URL=http://127.0.0.1:8080 python3 examples/python/test_emulator.py"""
import json
import os
import unittest
import urllib.error
import urllib.request

S = os.environ.get("SWITCHBACK_URL", "http://127.0.0.1:8080")


def call(method, path, body=None, token=None):
    request = urllib.request.Request(S + path, method=method)
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class EmulatorTest(unittest.TestCase):
    def setUp(self):
        call("POST", "/_switchback/reset", {})  # back to the seed: data, faults, journal

    def test_the_app_refreshes_exactly_once_after_its_token_expired(self):
        status, _, body = call("POST", "/_switchback/tokens",
                               {"athlete": "demo", "client_id": 1, "scope": "read", "expires_in": 60})
        tokens = json.loads(body)
        self.assertEqual(status, 200)
        self.assertEqual(tokens["expires_in"], 60)

        call("POST", "/_switchback/clock", {"advance": "PT61S"})
        self.assertEqual(call("GET", "/api/v3/athlete", token=tokens["access_token"])[0], 401)
        status, _, body = call("POST", "/oauth/token", {
            "client_id": 1, "client_secret": "0123456789abcdef0123456789abcdef01234567",
            "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
        self.assertEqual(status, 200)
        self.assertEqual(call("GET", "/api/v3/athlete", token=json.loads(body)["access_token"])[0], 200)

        journal = json.loads(call("GET", "/_switchback/requests")[2])
        refreshes = [r for r in journal if r.get("grant_type") == "refresh_token"]
        self.assertEqual([r["outcome"] for r in refreshes], ["issued"])
        self.assertNotIn(tokens["refresh_token"], json.dumps(journal))

    def test_a_503_carries_retry_after(self):
        call("POST", "/_switchback/faults", {"path": "/api/v3/athlete", "status": 503})
        tokens = json.loads(call("POST", "/_switchback/tokens", {"athlete": "demo", "client_id": 1})[2])
        status, headers, _ = call("GET", "/api/v3/athlete", token=tokens["access_token"])
        self.assertEqual(status, 503)
        self.assertEqual(headers["Retry-After"], "1")


if __name__ == "__main__":
    unittest.main()
