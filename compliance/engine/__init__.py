"""Evaluation: which measures bear on a row, and its verdict under each regime."""
