"""Baidu's official Python SDK in the loop a user would write: one CdnClient.purge per 100 URLs.

Usage: python sdk_purge.py ENDPOINT ACCESS_KEY SECRET_KEY URL_FILE
Prints the wall time of the loop in seconds (the interpreter's start and imports excluded).
"""

import sys
import time

from baidubce.auth.bce_credentials import BceCredentials
from baidubce.bce_client_configuration import BceClientConfiguration
from baidubce.services.cdn.cdn_client import CdnClient

endpoint, access_key, secret_key, url_file = sys.argv[1:5]
with open(url_file, encoding="utf-8") as f:
    urls = [line.strip() for line in f if line.strip()]

client = CdnClient(BceClientConfiguration(credentials=BceCredentials(access_key, secret_key), endpoint=endpoint))
started = time.perf_counter()
for start in range(0, len(urls), 100):
    client.purge([{"url": u} for u in urls[start:start + 100]])
print(f"{time.perf_counter() - started:.3f}")
