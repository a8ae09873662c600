#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the "Why?" popover for a few archetypes of issue 15.

Makes a ledger of the archetypes (dates before today, as in
tests/test-archetypes.h), opens the window on each one with a given
width, pops up "Why?" through the accessibility tree and saves the
screen, cropped to the window.  Run it under a display with an
accessibility bus, for example:

  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \\
    build-aux/why-screenshots.py build/app/mutual data/screenshots
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

binary, out_dir = sys.argv[1], sys.argv[2]
top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (name, [(direction, kind, value, count, days_ago, step)])
ARCHETYPES = {
    'Mentor': [('given', 'gift', '30.00', 10, 330, 33),
               ('received', 'advice', '0', 19, 340, 17)],
    'Freeloader': [('given', 'work', '5000.00', 3, 300, 100),
                   ('received', 'feedback', '0', 5, 290, 60)],
    'New contact': [('given', 'advice', '0', 1, 5, 1)],
    'Favour swap': [('given', 'support', '0', 13, 340, 27),
                    ('received', 'support', '0', 19, 345, 18)],
}
SHOTS = [  # (archetype, width, height, file)
    ('Mentor', 1000, 760, 'why-mentor.png'),
    ('Freeloader', 1000, 760, 'why-freeloader.png'),
    ('New contact', 360, 760, 'why-new-contact-360.png'),
    ('Favour swap', 360, 760, 'why-favour-swap-360.png'),
]


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        try:
            child = node.get_child_at_index(i)
        except gi.repository.GLib.Error:
            continue
        yield from walk(child, depth + 1)


def find(app, name, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for node in walk(app):
            try:
                if node.get_name() == name and node.get_role_name() in ('push button', 'toggle button', 'button'):
                    extents = node.get_extents(Atspi.CoordType.WINDOW)
                    action = node.get_action_iface()
                    if extents.width > 0 and action is not None and action.get_n_actions() > 0:
                        return node
            except gi.repository.GLib.Error:
                continue
        time.sleep(0.2)
    return None


def find_app(pid, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except gi.repository.GLib.Error:
                continue
        time.sleep(0.3)
    return None


tmp = tempfile.mkdtemp(prefix='mutual-why-')
ledger = os.path.join(tmp, 'ledger.db')
today = datetime.date.today()
xml = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<mutual xmlns="urn:mutual:ledger:1" version="1" currency="EUR">']
for name, runs in ARCHETYPES.items():
    xml.append('<relationship name="%s">' % name)
    for direction, kind, value, count, days_ago, step in runs:
        for i in range(count):
            date = today - datetime.timedelta(days=days_ago - i * step)
            xml.append('<exchange date="%s" direction="%s" kind="%s" value="%s"/>'
                       % (date.isoformat(), direction, kind, value))
    xml.append('</relationship>')
xml.append('</mutual>')
with open(os.path.join(tmp, 'ledger.xml'), 'w') as f:
    f.write('\n'.join(xml))
subprocess.run([binary, '--ledger=' + ledger, 'import', os.path.join(tmp, 'ledger.xml')],
               check=True, stdout=subprocess.DEVNULL)
ids = {o['name']: o['id'] for o in json.loads(subprocess.run(
    [binary, '--ledger=' + ledger, 'classify', '--format=json'],
    capture_output=True, text=True, check=True).stdout)}

Atspi.init()
os.makedirs(out_dir, exist_ok=True)
# Without a compositing manager a popover's shadow is drawn black.
compositor = subprocess.Popen(['xcompmgr']) if shutil.which('xcompmgr') else None
for name, width, height, filename in SHOTS:
    config = os.path.join(tmp, 'config-' + filename)
    os.makedirs(os.path.join(config, 'glib-2.0', 'settings'))
    with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write("[io/github/mutualapp/Mutual]\nwindow-width=%d\nwindow-height=%d\n"
                "last-relationship='%s'\n" % (width, height, ids[name]))
    env = dict(os.environ, XDG_CONFIG_HOME=config, GSETTINGS_BACKEND='keyfile',
               GSETTINGS_SCHEMA_DIR=os.path.join(top, 'build', 'data'),
               XDG_CACHE_HOME=os.path.join(tmp, 'cache'), GTK_A11Y='atspi',
               ADW_DEBUG_COLOR_SCHEME='prefer-light', LANGUAGE='en', LC_ALL='C.UTF-8')
    env.pop('NO_AT_BRIDGE', None)
    proc = subprocess.Popen([binary, '--ledger=' + ledger], env=env)
    try:
        app = find_app(proc.pid)
        why = find(app, 'Why?') if app else None
        if why is None:
            print('no "Why?" button for', name, file=sys.stderr)
            continue
        action = why.get_action_iface()
        action.do_action(0)
        time.sleep(1.5)
        path = os.path.join(out_dir, filename)
        subprocess.run(['import', '-window', 'root', '-crop', '%dx%d+0+0' % (width, height),
                        '+repage', path], check=True)
        print(path)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
if compositor:
    compositor.terminate()
shutil.rmtree(tmp, ignore_errors=True)
