"""Printouts: the seeker-number QR code and PDFs (the reception slip; later referral letters).

Pure renderers: plain values in, bytes out. Nothing here reads the clock, the settings,
the database or the file system; the same input always gives the same bytes.
"""
