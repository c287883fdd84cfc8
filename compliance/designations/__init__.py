"""Designated parties and vessels: load the UN 1718 lists and screen names and IMO numbers against them."""

from compliance.designations.lists import DesignationList, Listing, load_list
from compliance.designations.matcher import PartyHit, PartyScreen

__all__ = ["DesignationList", "Listing", "PartyHit", "PartyScreen", "load_list"]
