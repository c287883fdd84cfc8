"""The main window, its bars, menus, notices and dialogs."""
