"""The headers every answer carries: nothing kept by a browser or proxy unless the answer
says how it may be cached, nothing sniffed. Added by the ``ResponseHeaders`` middleware
(``http_guards``) and by the handler of unexpected errors (``errors``), which answers
outside every middleware."""

# Every answer may carry personal data or tokens (even a public job page is answered to a
# signed-in seeker), and counter PCs are shared: nothing is stored by a browser or proxy.
NO_STORE = [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
NOSNIFF = (b"x-content-type-options", b"nosniff")


def add_guard_headers(headers: list[tuple[bytes, bytes]]) -> None:
    """Adds to an answer's raw headers those it lacks: ``Cache-Control: no-store`` and
    ``Pragma: no-cache`` when it has no ``Cache-Control`` (a printout says ``private,
    no-store``), and ``X-Content-Type-Options: nosniff``."""
    names = {name.lower() for name, _ in headers}
    if b"cache-control" not in names:
        headers.extend(NO_STORE)
    if NOSNIFF[0] not in names:
        headers.append(NOSNIFF)
