"""Single sign-on through OpenID Connect providers (R23): flows and links."""
