#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: a CSV import through the assistant, then its Undo.

Starts `mutual --ledger=TMP` on a ledger with one relationship, picks a
HomeBank CSV file through Import… (MUTUAL_TEST_CHOOSE_FILE stands in for
the native file chooser, which the accessibility bus cannot drive),
assigns the one unmatched payee to the relationship and remembers it as
an alias, imports, checks the rows landed there, presses the toast's
Undo and checks the ledger is back as it was, all through the
accessibility tree.  TAP output.
Usage: test-ui-e2e-import.py MUTUAL_BINARY [SCREENSHOT_DIR]
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
shots = sys.argv[2] if len(sys.argv) > 2 else None


def mutual(*args):
    return subprocess.run([binary, '--ledger=' + ledger] + list(args),
                          capture_output=True, text=True, check=True).stdout


def exchanges(name):
    return json.loads(mutual('exchanges', name, '--format=json'))


def shoot(name):
    if shots:
        # SHOT_WIDTH=360: the assistant as on a phone.
        if os.environ.get('SHOT_WIDTH'):
            subprocess.run(['xdotool', 'search', '--name', '^Import$', 'windowsize',
                            os.environ['SHOT_WIDTH'], '680'], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.8)
        subprocess.run(['import', '-window', 'root', os.path.join(shots, name + '.png')], check=False)


def wait_for(predicate, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.2)
    return False


BUTTON = ('push button', 'button', 'toggle button')
ENTRY = ('text', 'entry', 'password text', 'search bar')
LIST = ('list box', 'list')

tmp = tempfile.mkdtemp(prefix='mutual-e2e-import-')
ledger = os.path.join(tmp, 'ledger.db')
# HomeBank's CSV (homebank.free.fr/help/misc-csvformat.html): the columns
# date;payment;info;payee;memo;amount;category;tags, a signed amount.
statement = os.path.join(tmp, 'statement.csv')
with open(statement, 'w', encoding='utf-8') as out:
    out.write('date;payment;info;payee;memo;amount;category;tags\n'
              '2025-03-03;4;;Acme GmbH;Invoice 12;1200.00;;\n'
              '2025-03-17;4;;ACME GMBH SAGT DANKE;Invoice 13;800.00;;\n'
              '2025-03-28;4;;ACME GMBH SAGT DANKE;Invoice 14;350.50;;\n')

mutual('add-relationship', 'Acme GmbH')
mutual('log', 'Acme GmbH', '--given', '--kind=work', '--value=2000', '--date=2025-02-01')
before = mutual('export', '-')

env = dict(os.environ)
env.pop('NO_AT_BRIDGE', None)
env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
env['GTK_A11Y'] = 'atspi'
env['MUTUAL_TEST_CHOOSE_FILE'] = statement
if app_debug:
    env['G_DEBUG'] = app_debug
proc = subprocess.Popen([binary, '--ledger=' + ledger], env=env)
try:
    Atspi.init()
    app = find_app(proc.pid)
    if not ok(app is not None, 'the window appears on the accessibility bus'):
        raise SystemExit

    menu = find(app, 'Main Menu', BUTTON)
    ok(menu is not None, 'the window has a "Main Menu" button')
    press(menu)
    item = find(app, 'Import…', ('menu item', 'push button', 'button'))
    if not ok(item is not None, 'the main menu offers "Import…"'):
        raise SystemExit
    press(item)

    ok(find(app, 'Spreadsheet (CSV)', ('label',), 20) is not None,
       'the assistant shows the file\'s type: "Spreadsheet (CSV)"')
    shoot('1-file')
    button = find(app, 'Next', BUTTON)
    ok(button is not None, 'the assistant has a button "Next"')
    press(button)

    ok(find(app, 'Rows to Import', ('table', 'tree table', 'list', 'grid'), 20) is not None,
       'the preview lists the rows')
    ok(find(app, 'Unmatched', ('label', 'table cell'), 5) is not None,
       'the preview marks the unmatched rows')
    shoot('2-preview')
    button = find(app, 'Next', BUTTON)
    ok(button is not None, 'the assistant has a button "Next"')
    press(button)

    search = find(app, 'Find a relationship for “ACME GMBH SAGT DANKE”', ENTRY)
    ok(search is not None, 'the unmatched payee is listed once, with a search for its relationship')
    if search is not None:
        set_text(search, 'acme')
    choices = find(app, 'What to do with “ACME GMBH SAGT DANKE”', LIST)
    ok(choices is not None, 'the unmatched payee has its choices')
    time.sleep(0.5)
    shoot('3-unmatched')
    if choices is not None:
        # Skip, Create, then the relationships the search found.
        choices.get_selection_iface().select_child(2)
    time.sleep(0.3)
    button = find(app, 'Import', BUTTON)
    ok(button is not None, 'the last page imports')
    press(button)

    ok(wait_for(lambda: len(exchanges('Acme GmbH')) == 4),
       'the three rows landed in "Acme GmbH", the unmatched two by the assignment')
    ok('<identifier type="alias">ACME GMBH SAGT DANKE</identifier>' in mutual('export', '-'),
       'the assigned name is remembered as an alias')
    ok(len(json.loads(mutual('relationships', '--format=json'))) == 1, 'no relationship was created')

    undo = find(app, 'Undo', BUTTON)
    ok(undo is not None, 'the toast offers Undo')
    shoot('4-imported')
    if undo is not None:
        press(undo)
    ok(wait_for(lambda: mutual('export', '-') == before),
       'Undo puts the ledger back as it was: rows, alias and all')
finally:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(tmp, ignore_errors=True)
    tap.plan()
sys.exit(1 if tap.failed else 0)
