"""The designation lists the window screens against, and their dialog."""
