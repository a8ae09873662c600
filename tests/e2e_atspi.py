# SPDX-License-Identifier: GPL-3.0-or-later
"""What the end-to-end tests share: TAP output and finding, pressing and
typing into the window's controls through the accessibility tree.

Import it after taking G_DEBUG out of the environment: the accessibility
client library's warnings are not the window's.
"""
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402


class Tap:
    """Numbered "ok"/"not ok" lines; remembers whether one failed."""

    def __init__(self):
        self.n = 0
        self.failed = False

    def ok(self, cond, what):
        self.n += 1
        print(('ok %d - %s' if cond else 'not ok %d - %s') % (self.n, what), flush=True)
        if not cond:
            self.failed = True
        return cond

    def plan(self):
        print('1..%d' % self.n)


tap = Tap()
ok = tap.ok


def walk(node, depth=0):
    """Every node below @node, depth first."""
    if node is None or depth > 60:
        return
    yield node
    # A node can vanish between two calls (a list rebuilds its rows when
    # another process changes the ledger): skip it, the search retries.
    try:
        count = node.get_child_count()
    except GLib.Error:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except GLib.Error:
            continue
        yield from walk(child, depth + 1)


def showing(node):
    # GTK 4.8 does not set SHOWING; a widget on screen has a size.
    try:
        extents = node.get_extents(Atspi.CoordType.WINDOW)
        return extents.width > 0 and extents.height > 0
    except (GLib.Error, AttributeError):
        return False


def plain_name(node):
    # GTK 4.8 names a button with a mnemonic "_Next Next": the label as
    # written, then as shown.
    text = (node.get_name() or '').replace('_', '')
    half = len(text) // 2
    if len(text) % 2 == 1 and text[half] == ' ' and text[:half] == text[half + 1:]:
        return text[:half]
    return text


def find(app, name, roles, timeout=10.0):
    """The first showing node called @name (or one of the names) with one of @roles."""
    names = (name,) if isinstance(name, str) else name
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for node in walk(app):
            try:
                if plain_name(node) in names and node.get_role_name() in roles and showing(node):
                    return node
            except GLib.Error:
                continue
        time.sleep(0.2)
    return None


def do(node, names):
    """Runs the first action of @node called one of @names."""
    action = node.get_action_iface()
    for i in range(action.get_n_actions()):
        if action.get_action_name(i) in names:
            return action.do_action(i)
    return False


def press(node):
    # A menu button has no action of its own in GTK 4.8: its inner
    # toggle button has.
    for candidate in walk(node):
        try:
            count = candidate.get_n_actions()
        except (GLib.Error, AttributeError):
            continue
        for i in range(count):
            if candidate.get_action_name(i) in ('click', 'activate', 'press'):
                return candidate.do_action(i)
        if count > 0:
            return candidate.do_action(0)
    return False


def set_text(node, text):
    node.get_editable_text_iface().set_text_contents(text)


def find_app(pid, timeout=20.0):
    """The accessible application of process @pid, once it shows up."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except GLib.Error:
                continue
        time.sleep(0.3)
    return None
