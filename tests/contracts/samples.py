"""Small contract texts shared by the contract tests."""

MINIMAL = """\
schema: infusionkit.contract/1
payer: Acme Health Plan
effective: 2025-01-01
"""
