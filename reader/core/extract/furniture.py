"""What a page's furniture is made of, by tag and ARIA role: one list for every module that
asks (the cleanup before readability, the block features, the huge-page fallback, the
title's furniture `<h1>`), so they cannot drift apart.

Two kinds: the site's landmarks around the article (its header, navigation, asides, footer)
and its controls (forms, menus, dialogs, search and tool bars). Each module takes the kinds it
needs; where one leaves a member out it says why beside its own name.
"""

from __future__ import annotations

LANDMARK_TAGS = frozenset({"header", "nav", "aside", "footer"})
LANDMARK_ROLES = frozenset({"banner", "navigation", "complementary", "contentinfo"})
CONTROL_TAGS = frozenset({"form", "menu", "dialog"})
CONTROL_ROLES = frozenset({"search", "menu", "menubar", "toolbar", "dialog"})

FURNITURE_TAGS = LANDMARK_TAGS | CONTROL_TAGS
FURNITURE_ROLES = LANDMARK_ROLES | CONTROL_ROLES
# what holds the article itself: furniture inside it is the article's own
CONTENT_TAGS = frozenset({"article", "main"})
