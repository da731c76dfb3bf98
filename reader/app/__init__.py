"""The application layer: what is neither the pure core nor a screen.

Config file, data/config/log folders, the crash log and the app's small state files live
here, behind one atomic-write helper. The core never imports this package; the store, the
UI and the commands do.
"""
