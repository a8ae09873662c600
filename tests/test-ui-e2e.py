#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: drives the real window through the accessibility tree.

Starts `mutual --ledger=TMP` on an empty ledger, adds a relationship and
an exchange with the controls' accessible names, then reads them back
with `mutual classify --format=json`.  TAP output.
Usage: test-ui-e2e.py MUTUAL_BINARY [SCREENSHOT_DIR]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Warnings of the accessibility client library are not the window's:
# keep G_DEBUG for the window only.
app_debug = os.environ.pop('G_DEBUG', None)

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402
from e2e_atspi import tap, ok, walk, showing, plain_name, find, do, press, set_text, find_app  # noqa: E402,F401

binary = sys.argv[1]


def classify(ledger):
    out = subprocess.run([binary, '--ledger=' + ledger, 'classify', '--format=json'],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


BUTTON = ('push button', 'button', 'toggle button')
ENTRY = ('text', 'entry', 'password text')

tmp = tempfile.mkdtemp(prefix='mutual-e2e-')
ledger = os.path.join(tmp, 'ledger.db')
env = dict(os.environ)
env.pop('NO_AT_BRIDGE', None)
env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
env['GTK_A11Y'] = 'atspi'
if app_debug:
    env['G_DEBUG'] = app_debug
proc = subprocess.Popen([binary, '--ledger=' + ledger], env=env)
try:
    Atspi.init()
    app = find_app(proc.pid)
    if not ok(app is not None, 'the window appears on the accessibility bus'):
        raise SystemExit

    button = find(app, 'Add Relationship', BUTTON)
    ok(button is not None, 'an empty ledger offers "Add Relationship"')
    ok(find(app, 'Try Demo Data', BUTTON, 1) is not None, 'an empty ledger offers "Try Demo Data"')
    press(button)

    name = find(app, 'Name', ENTRY)
    ok(name is not None, 'the relationship form has an entry "Name"')
    add = find(app, 'Add', BUTTON)
    ok(add is not None, 'the relationship form has a button "Add"')
    set_text(name, 'Acme GmbH')
    time.sleep(0.5)
    press(add)

    rows = []
    end = time.monotonic() + 10
    while time.monotonic() < end and not rows:
        rows = classify(ledger)
        time.sleep(0.2)
    ok(len(rows) == 1 and rows[0]['name'] == 'Acme GmbH', 'the relationship is in the ledger')

    button = find(app, 'Add Exchange', BUTTON)
    ok(button is not None, 'the relationship page offers "Add Exchange"')
    press(button)
    value = find(app, 'Value', ENTRY)
    ok(value is not None, 'the exchange form has an entry "Value"')
    add = find(app, 'Add', BUTTON)
    ok(add is not None, 'the exchange form has a button "Add"')
    set_text(value, '1200.50')
    time.sleep(0.5)
    press(add)

    rows = []
    end = time.monotonic() + 10
    while time.monotonic() < end:
        rows = classify(ledger)
        if rows and rows[0]['given'] != '0.00':
            break
        time.sleep(0.2)
    ok(rows and rows[0]['given'] == '1200.50' and rows[0]['balance'] == '-1200.50',
       'the exchange is in the ledger: given 1200.50, balance -1200.50')

    # A change by another process shows without restart.
    subprocess.run([binary, '--ledger=' + ledger, 'add-relationship', 'Zeta Partners'], check=True,
                   stdout=subprocess.DEVNULL)
    ok(find(app, 'Zeta Partners', ('label',), 10) is not None,
       'a relationship added from the command line appears in the sidebar')

    ok(find(app, 'Search Relationships', ENTRY, 2) is not None, 'the search entry is "Search Relationships"')
    ok(find(app, 'Main Menu', BUTTON, 2) is not None, 'the menu button is "Main Menu"')

    if len(sys.argv) > 2:
        subprocess.run(['import', '-window', 'root', os.path.join(sys.argv[2], 'e2e.png')], check=False)
finally:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(tmp, ignore_errors=True)
    tap.plan()
sys.exit(1 if tap.failed else 0)
