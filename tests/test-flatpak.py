#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: it cannot be built without a network here,
so this holds it to the ids, runtime and sandbox the app needs, no more."""
import json
import sys

manifest_path, app_id = sys.argv[1], sys.argv[2]
failures = []


def check(condition, message):
    print(("ok - " if condition else "not ok - ") + message)
    if not condition:
        failures.append(message)


with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)

check(manifest.get("id") == app_id, "the app id is " + app_id)
check(manifest.get("runtime") == "org.gnome.Platform", "the runtime is org.gnome.Platform")
check(manifest.get("sdk") == "org.gnome.Sdk", "the SDK is org.gnome.Sdk")
check(str(manifest.get("runtime-version", "")).isdigit()
      and int(manifest["runtime-version"]) >= 47, "the runtime is a current GNOME release")
check(manifest.get("command") == "mutual", "the command is mutual")

allowed = {"--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri"}
args = manifest.get("finish-args", [])
check(set(args) <= allowed, "finish-args stay within display, IPC and GPU: %s" % sorted(set(args) - allowed))
check(not any(a.startswith("--filesystem") for a in args), "no file system access: files go through portals")
check("--share=network" not in args, "no network access")
check({"--share=ipc", "--socket=wayland"} <= set(args), "the window can be shown")

modules = manifest.get("modules", [])
main = modules[-1] if modules else {}
check(main.get("name") == "mutual" and main.get("buildsystem") == "meson", "the last module builds Mutual with Meson")
check(any(s.get("type") == "dir" and s.get("path") == ".." for s in main.get("sources", [])),
      "Mutual is built from the local folder")


sys.exit(1 if failures else 0)
