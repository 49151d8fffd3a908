"""mypage-api: the job-seeker My Page (求職者マイページ) backend."""

__version__ = "0.1.0"
