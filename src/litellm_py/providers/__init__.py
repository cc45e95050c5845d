"""Providers: one package per API, each behind `BaseProvider`."""
