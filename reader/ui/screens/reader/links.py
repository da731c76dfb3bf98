"""Links on the reading screen: the link list (`f`), the link in the current sentence (Enter)
and the web browser (`B`; a terminal browser runs with the app suspended: `ui/browser.py`)."""

from __future__ import annotations

from reader.core.links import Target, base_of, from_network, resolve, saved_path
from reader.core.models import Link
from reader.ui.screens.reader.base import ReaderScreenBase

LINK_LAYER = "links"
LINK_STYLE = "article-view--link"


class LinksPart(ReaderScreenBase):
    def mark_links(self) -> None:
        """Underline the article's links (a new article is on screen)."""
        article = self.article
        spans = [(link.start, link.end) for link in (article.links if article else [])
                 if link.start is not None and link.end is not None]
        self.article_view.set_highlights(LINK_LAYER, spans, LINK_STYLE)

    def _base(self) -> str | None:
        return base_of(self.article.url if self.article else None, self.location)

    def _local_allowed(self) -> bool:
        """Only a page read from a local file may open local files (its saved neighbours)."""
        return not from_network(self.location)

    def _resolve(self, href: str) -> Target:
        return resolve(href, self._base(), saved_at=saved_path(self.location),
                       local_allowed=self._local_allowed())

    def action_links(self) -> None:
        if self.needs_article():
            return
        assert self.article is not None
        self._show_links(self.article.links, "Links")

    def _show_links(self, links: list[Link], title: str) -> None:
        from reader.ui.screens.links import LinksScreen
        self.app.push_screen(LinksScreen(links, self._base(), title=title,
                                         saved_at=saved_path(self.location),
                                         local_allowed=self._local_allowed()),
                             self._link_chosen)

    def _links_in_sentence(self) -> list[Link]:
        sentence = self.article_view.current_sentence
        if sentence is None or self.article is None:
            return []
        return [link for link in self.article.links
                if link.start is not None and link.end is not None
                and link.start < sentence.end and link.end > sentence.start]

    def action_open_link(self) -> None:
        """Enter in the article: open the link in the sentence under the cursor."""
        if self.needs_article():
            return
        found = self._links_in_sentence()
        if not found:
            self.app.notify(f"There is no link in this sentence; "
                            f"{self.reader_app.key_of('reader.links')} lists the article's "
                            f"links.", timeout=4)
            return
        if len(found) == 1:
            self._link_chosen(("app", self._resolve(found[0].url)))
        else:
            self._show_links(found, "Links in this sentence")

    def action_open_in_browser(self) -> None:
        """`B`: the link in the current sentence, else the article itself, in the browser."""
        if self.needs_article():
            return
        found = self._links_in_sentence()
        if found:
            self._link_chosen(("browser", self._resolve(found[0].url)))
            return
        url = self.article.url if self.article else None
        if not url:
            self.app.notify("This article has no web address to open.", timeout=4)
            return
        self._link_chosen(("browser", resolve(url, None, local_allowed=self._local_allowed())))

    def _link_chosen(self, choice: tuple[str, Target] | None) -> None:
        if not choice:
            return
        how, target = choice
        app = self.reader_app
        if target.blocked:
            app.notify(target.why, severity="warning", timeout=6)
        elif target.in_page:
            app.notify("That link points to another place in this same page.", timeout=4)
        elif how == "browser" and target.url:
            from reader.ui.browser import open_url
            open_url(app, target.url)
        elif how == "app" and target.location:
            app.open_location(target.location)
        elif target.url:
            app.notify(f"This kind of link opens only in the web browser; press "
                       f"{app.key_of('reader.browser')}.",
                       severity="warning", timeout=5)
        else:
            app.notify("This link cannot be opened.", severity="warning", timeout=4)
