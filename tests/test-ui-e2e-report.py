#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: a client report made through the window's Report dialog.

Starts `mutual --ledger=TMP` on an empty ledger, adds "Acme GmbH" with
the window, gives it exchanges (and another relationship) from the
command line, then opens Review Report (win.report), names who prepared
it, presses Save and names the file in the save dialog, all through the
accessibility tree; reads the PDF back with pdftotext.  TAP output.
Usage: test-ui-e2e-report.py MUTUAL_BINARY [SCREENSHOT_DIR]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Warnings of the accessibility client library are not the window's.
app_debug = os.environ.pop('G_DEBUG', None)

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402
from e2e_atspi import tap, ok, walk, showing, plain_name, find, do, press, set_text, find_app  # noqa: E402,F401

binary = sys.argv[1]
shots = sys.argv[2] if len(sys.argv) > 2 else None


def screenshot(name):
    if shots:
        subprocess.run(['import', '-window', 'root', os.path.join(shots, name)], check=False)


BUTTON = ('push button', 'button', 'toggle button')
ENTRY = ('text', 'entry', 'password text')
SWITCH = ('check box', 'switch', 'toggle button')

tmp = tempfile.mkdtemp(prefix='mutual-e2e-report-')
ledger = os.path.join(tmp, 'ledger.db')
pdf = os.path.join(tmp, 'acme-review.pdf')


def cli(*args):
    subprocess.run([binary, '--ledger=' + ledger] + list(args), check=True, stdout=subprocess.DEVNULL)


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

    press(find(app, 'Add Relationship', BUTTON))
    name = find(app, 'Name', ENTRY)
    set_text(name, 'Acme GmbH')
    time.sleep(0.5)
    press(find(app, 'Add', BUTTON))
    # Walk the tree again only once the dialog is gone: GTK 4.8's bridge
    # can trip over a widget being destroyed while it is read.
    end = time.monotonic() + 10
    while time.monotonic() < end:
        out = subprocess.run([binary, '--ledger=' + ledger, 'relationships'], capture_output=True, text=True)
        if 'Acme GmbH' in out.stdout:
            break
        time.sleep(0.2)
    time.sleep(1)
    ok(find(app, 'Add Exchange', BUTTON) is not None, 'the window shows the new relationship "Acme GmbH"')

    cli('add-relationship', 'Zeta Partners')
    for i in range(6):
        cli('log', 'Acme GmbH', '--given' if i % 2 else '--received', '--kind=advice',
            '--value=%d' % (100 + i), '--date=2026-0%d-15' % (i + 1), '--note=Meeting number %d' % i)
    ok(find(app, 'Zeta Partners', ('label',), 10) is not None, 'the command line\'s changes show')

    # The window itself: a child of the application, no deeper walk.
    frame = None
    for i in range(app.get_child_count()):
        node = app.get_child_at_index(i)
        if node is not None and node.get_role_name() == 'frame':
            frame = node
            break
    ok(frame is not None and do(frame, ('win.report',)), 'Review Report opens (win.report)')

    ok(find(app, 'Report On', ('combo box',), 10) is not None, 'the Report dialog has a choice "Report On"')
    author = find(app, 'Your Name or Business', ENTRY)
    ok(author is not None, 'the Report dialog has an entry "Your Name or Business"')
    ok(find(app, 'Hide Amounts', SWITCH, 2) is not None,
       'the Report dialog has a switch "Hide Amounts"')
    ok(find(app, 'Include Private Notes', SWITCH, 2) is not None,
       'the Report dialog has a switch "Include Private Notes"')
    set_text(author, 'Jane Doe Consulting')
    time.sleep(0.5)
    screenshot('report-dialog.png')
    if shots and shutil.which('xdotool'):
        # As narrow as the window goes (DESIGN.md: 360 px).
        subprocess.run(['xdotool', 'search', '--name', '^Review Report$', 'windowsize', '%1', '360', '640'],
                       check=False)
        time.sleep(1)
        screenshot('report-dialog-360.png')
    save = find(app, 'Save…', BUTTON)
    ok(save is not None, 'the Report dialog has a button "Save…"')
    press(save)

    # The save dialog: GTK's own without a portal; a full path as the name.
    # GTK 4.8 names a button with a mnemonic by its label twice.
    file_name = find(app, 'Name:', ENTRY, 15)
    ok(file_name is not None, 'the save dialog asks for a name')
    try:
        current = file_name.get_text(0, file_name.get_character_count())
    except (GLib.Error, AttributeError):
        current = ''
    ok(current == 'Review – Acme GmbH.pdf', 'the suggested name is the relationship\'s, as a PDF: %r' % current)
    screenshot('report-save.png')
    set_text(file_name, os.path.splitext(pdf)[0])    # no extension: it gets one
    time.sleep(0.5)
    press(find(app, ('Save', '_Save Save'), BUTTON))

    end = time.monotonic() + 20
    while time.monotonic() < end and not os.path.exists(pdf):
        time.sleep(0.2)
    if ok(os.path.exists(pdf), 'the report is written, ".pdf" added to the name'):
        time.sleep(0.5)
        text = subprocess.run(['pdftotext', '-layout', pdf, '-'], capture_output=True, text=True).stdout
        ok('Acme GmbH' in text and 'Zeta Partners' not in text, 'it is about Acme GmbH only')
        ok('Jane Doe Consulting' in text, 'it names who prepared it')
        ok(all(('Meeting number %d' % i) in text for i in range(6)), 'it lists every exchange')
        ok('Page 1 of' in text, 'its pages are numbered')
finally:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(tmp, ignore_errors=True)
    tap.plan()
sys.exit(1 if tap.failed else 0)
