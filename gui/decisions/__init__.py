"""Decisions in the app: the dialog, the desk, the detail pane's section, the window."""
