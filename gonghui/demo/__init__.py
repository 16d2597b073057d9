"""Synthetic demonstration data: unions below the real regional tree, members, demo accounts.

Everything is drawn from seeded random generators, so one seed always gives the same names,
ID numbers and phone numbers. Nothing here is real personal data: names come from Faker's
zh_CN lists, ID numbers are built with the GB 11643 algorithm on real region codes.
"""
