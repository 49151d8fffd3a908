"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from mypage_api.models.base import Base
from mypage_api.models.office import Office, OfficeJurisdiction

__all__ = ["Base", "Office", "OfficeJurisdiction"]
