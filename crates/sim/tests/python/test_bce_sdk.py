"""Baidu's official Python SDK (bce-python-sdk 0.9.79) against cachedesk-sim.

Started by run.sh, which puts the simulator's endpoints and demo credentials in SIM_* variables.
The simulator runs at `--speed 2s`: records finish about two seconds after they are accepted.
"""

import datetime
import json
import os
import re
import time
import uuid

import pytest
from baidubce.auth.bce_credentials import BceCredentials
from baidubce.bce_client_configuration import BceClientConfiguration
from baidubce.exception import BceHttpClientError
from baidubce.services.cdn.cdn_client import CdnClient
from baidubce.services.eo.eo_client import EoClient

CDN = os.environ["SIM_BAIDU_CDN"]
GEO = os.environ["SIM_BAIDU_GEO"]
AK = os.environ["SIM_ACCESS_KEY"]
SK = os.environ["SIM_SECRET_KEY"]
DOMAIN = os.environ["SIM_DOMAIN"]
SITE = os.environ["SIM_SITE"]
TASK_ID = re.compile(r"^[0-9a-f]{32}$")


def configuration(endpoint, secret=SK):
    return BceClientConfiguration(credentials=BceCredentials(AK, secret), endpoint=endpoint)


@pytest.fixture
def cdn():
    return CdnClient(configuration(CDN))


@pytest.fixture
def eo():
    return EoClient(configuration(GEO))


def raw(response):
    """The JSON exactly as the simulator sent it (the SDK renames keys to snake_case)."""
    return json.loads(response.raw_data)


def stamp(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def last_hour():
    now = datetime.datetime.now(datetime.timezone.utc)
    return stamp(now - datetime.timedelta(hours=1)), stamp(now + datetime.timedelta(minutes=1))


def unique(path):
    return "http://%s/%s/%s" % (DOMAIN, uuid.uuid4().hex, path)


def settle(fetch, timeout=15.0):
    """Polls `fetch` until every record is completed or failed; returns the last details."""
    deadline = time.time() + timeout
    while True:
        details = raw(fetch())["details"]
        if all(d["status"] in ("completed", "failed") for d in details) or time.time() > deadline:
            return details
        time.sleep(0.5)


def vendor_error(excinfo):
    error = excinfo.value.last_error
    return error.status_code, error.code


def test_cdn_purge_files_and_directories(cdn):
    file_url, dir_url = unique("app.js"), unique("img/")
    response = cdn.purge([{"url": file_url}, {"url": dir_url, "type": "directory"}])
    assert TASK_ID.match(response.id)

    first = raw(cdn.list_purge_tasks(id=response.id))
    assert first["isTruncated"] is False and "nextMarker" not in first
    assert {d["task"]["url"]: d["task"]["type"] for d in first["details"]} == {
        file_url: "file",
        dir_url: "directory",
    }
    for d in first["details"]:
        assert d["status"] == "in-progress" and "finishedAt" not in d
        assert 0 <= d["progress"] < 100 and d["createdAt"].endswith("Z")

    done = settle(lambda: cdn.list_purge_tasks(id=response.id))
    assert [d["status"] for d in done] == ["completed", "completed"]
    assert all(d["progress"] == 100 and d["finishedAt"] >= d["createdAt"] for d in done)


def test_cdn_prefetch_waits_runs_and_fails_on_fail_paths(cdn):
    ok_url, bad_url = unique("big.bin"), unique("fail/missing.bin")
    response = cdn.prefetch([{"url": ok_url}, {"url": bad_url}])
    assert TASK_ID.match(response.id)

    first = raw(cdn.list_prefetch_tasks(id=response.id))["details"]
    assert {d["status"] for d in first} <= {"waiting", "in-progress"}

    done = {d["task"]["url"]: d for d in settle(lambda: cdn.list_prefetch_tasks(id=response.id))}
    assert done[ok_url]["status"] == "completed" and "reason" not in done[ok_url]
    assert done[bad_url]["status"] == "failed" and done[bad_url]["reason"]
    assert "startedAt" in done[ok_url] and "finishedAt" in done[ok_url]


def test_cdn_lists_a_time_range_to_the_end_by_marker(cdn):
    urls = [unique("page/%d.css" % i) for i in range(250)]
    for start in range(0, len(urls), 100):
        cdn.purge([{"url": u} for u in urls[start:start + 100]])
    start_time, end_time = last_hour()

    seen, pages, marker = [], 0, None
    while True:
        page = cdn.list_purge_tasks(startTime=start_time, endTime=end_time, marker=marker)
        body = raw(page)
        pages += 1
        assert len(body["details"]) <= 100
        seen.extend(d["task"]["url"] for d in body["details"])
        if not body["isTruncated"]:
            assert "nextMarker" not in body
            break
        marker = page.next_marker
    assert pages >= 3
    assert len(seen) == len(set(seen))
    assert set(urls) <= set(seen)

    wildcard = raw(cdn.list_purge_tasks(url=urls[7].rsplit("/", 2)[0] + "/*/7.css"))
    assert [d["task"]["url"] for d in wildcard["details"]] == [urls[7]]


def test_cdn_lists_prefetches_by_time_range(cdn):
    url = unique("range.bin")
    cdn.prefetch([{"url": url}])
    start_time, end_time = last_hour()
    body = raw(cdn.list_prefetch_tasks(startTime=start_time, endTime=end_time))
    assert url in [d["task"]["url"] for d in body["details"]]


def test_cdn_quota_counts_purges_and_prefetches(cdn):
    before = cdn.list_quota()
    assert before.url_quota == 20000 and before.dir_quota == 200
    cdn.purge([{"url": unique("q.js")}, {"url": unique("q/"), "type": "directory"}])
    cdn.prefetch([{"url": unique("q.bin")}])
    after = cdn.list_quota()
    assert after.url_remain == before.url_remain - 2
    assert after.dir_remain == before.dir_remain - 1


def test_cdn_refuses_urls_outside_the_account(cdn):
    with pytest.raises(BceHttpClientError) as excinfo:
        cdn.purge([{"url": "http://not-mine.invalid/x.js"}])
    assert vendor_error(excinfo) == (400, "IllegalRequestUrl")


def test_cdn_refuses_a_wrong_secret():
    client = CdnClient(configuration(CDN, secret="wrong-secret-key-0000"))
    with pytest.raises(BceHttpClientError) as excinfo:
        client.list_quota()
    assert vendor_error(excinfo) == (403, "SignatureDoesNotMatch")


def test_eo_purge_prefetch_and_lists(eo):
    host = "img." + SITE
    file_url = "http://%s/%s/a.png" % (host, uuid.uuid4().hex)
    dir_url = "http://%s/%s/assets/" % (host, uuid.uuid4().hex)
    purge = eo.purge([{"url": file_url, "type": "file"}, {"url": dir_url, "type": "directory"}], SITE)
    assert TASK_ID.match(purge.id)

    by_id = raw(eo.list_purge_tasks(SITE, id=purge.id))
    assert by_id["isTruncated"] is False
    assert {d["task"]["url"] for d in by_id["details"]} == {file_url, dir_url}
    assert all(d["operator"] and "startedAt" not in d for d in by_id["details"])

    start_time, end_time = last_hour()
    dirs = raw(eo.list_purge_tasks(SITE, startTime=start_time, endTime=end_time, type="directory"))
    listed = [d["task"] for d in dirs["details"]]
    assert {"url": dir_url, "type": "directory"} in listed
    assert all(t["type"] == "directory" for t in listed)

    prefetch = eo.prefetch([{"url": file_url}], SITE)
    assert TASK_ID.match(prefetch.id)
    done = settle(lambda: eo.list_prefetch_tasks(SITE, id=prefetch.id))
    assert [(d["task"]["url"], d["status"]) for d in done] == [(file_url, "completed")]
    assert TASK_ID.match(done[0]["id"]) and done[0]["operator"]

    ranged = raw(eo.list_prefetch_tasks(SITE, startTime=start_time, endTime=end_time))
    assert file_url in [d["task"]["url"] for d in ranged["details"]]


def test_eo_refuses_urls_outside_the_site(eo):
    with pytest.raises(BceHttpClientError) as excinfo:
        eo.purge([{"url": "http://elsewhere.invalid/a.png"}], SITE)
    assert vendor_error(excinfo) == (400, "IllegalRequestUrl")
