"""Password hashing, access tokens and opaque secrets."""
