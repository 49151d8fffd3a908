"""Pure rules of the seed (SPEC.md R1-R22): plain values in, plain values out.

Nothing here reads the clock, the settings or the database. Calendar rules work on
dates of the Asia/Tokyo calendar; instants are timezone-aware datetimes.
"""
