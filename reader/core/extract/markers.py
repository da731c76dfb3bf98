"""The words that mark page furniture and the end of an article, for HTML and text dumps alike.

Both extractors drop the same kinds of lines ("Advertisement", "Share this story", "Related
stories") and stop at the same end markers (the dump extractor at their other languages too),
so the patterns live here rather than in either extractor (which also keeps `cleanup.py` from
importing the dump extractor).
"""

from __future__ import annotations

import re

# A whole line of a text dump that is furniture (menus, share bars, legal lines, image names).
FURNITURE_LINE = re.compile(
    r"^(?:advertisement|advertisements?|sponsored|promoted|ad|ads|skip (?:to|ad).*|"
    r"share(?: this(?: article| story| post)?)?(?: on .*)?|share close.*|tweet|email|print|"
    r"copy link.*|facebook|twitter|linkedin|whatsapp|pinterest|reddit|"
    r"subscribe.*|sign (?:up|in).*|log ?in|register|newsletter.*|follow us.*|"
    r"related(?: articles| stories| posts| content| news)?:?|read (?:more|next|also).*|"
    r"more (?:from|on|stories|news).*|top stories|trending.*|most (?:popular|read|viewed).*|"
    r"recommended.*|you may also like.*|tags?:?|topics?:?|comments?.*|leave a (?:comment|reply).*|"
    r"end of article|latest news|see also.*|continue reading.*|click here.*|"
    r"(?:all rights reserved|copyright|©).*|.*\b(?:privacy policy|terms of (?:use|service)|cookie policy)\b.*|"
    r"back to top|menu|search|close|home|loading.*|watch|listen.*|photo:?|image:?|video:?|"
    r"image source.*|getty images|.*\.(?:svg|png|jpe?g|gif|webp)|\[.*\]|[\W_]+)$",
    re.I,
)

# A whole block of extracted HTML that is furniture.
FURNITURE_BLOCK = re.compile(
    r"^(?:advertisement|advertisements|sponsored(?: content)?|ad|skip (?:to|ad).{0,30}|"
    r"share(?: this)?(?: article| story| post| page)?(?: on \w+)?:?|"
    r"(?:share|tweet|email|print|pin|save)(?:\s+(?:on\s+)?(?:facebook|twitter|x|linkedin|whatsapp|"
    r"email|pinterest|reddit|this))*|copy link|link copied.*|"
    # a row of share buttons, spaced or glued ("FacebookTwitter", "Whatsapp Facebook Twitter")
    r"(?:(?:facebook|twitter|linkedin|whatsapp|pinterest|reddit|telegram|mastodon|flipboard|"
    r"messenger|threads|bluesky|email|e-mail|print|copy link)[\s,|/·•]*){2,12}|"
    r"(?:sign up|subscribe)(?: (?:for|to)(?: our)?)? .{0,80}newsletters?.{0,80}|"
    r"follow us(?: on .{0,40})?|read (?:more|next|also):?.{0,120}|related(?: articles| stories)?:?|"
    r"(?:recommended|more) (?:for you|stories|from .{0,40})|continue reading.{0,40}|"
    r"(?:photo|image|video|credit|source)s?:\s*.{0,60}|"
    r"(?:this|the) (?:article|story) (?:continues|is continued) below.{0,40}|"
    r"(?:story|article) continues below(?: advertisement)?|loading.{0,20}|"
    r"we (?:use|value) cookies.{0,200}|.{0,40}\ball rights reserved\b.{0,60})$",
    re.I,
)

# A sentence glued to the end of the last paragraph that only points elsewhere.
TAIL_FURNITURE = re.compile(
    r"^(?:read (?:all|more|also|the latest)|follow us|subscribe|click here|also read|for (?:more|the latest)|"
    r"download (?:the|our)|join (?:us|our)|sign up|get the latest|like us on|catch all the|"
    r"(?:copyright|©)|all rights reserved|this (?:article|story) (?:was|is) (?:first )?published)", re.I)

# A short heading after which the article is over ("Related stories", "Comments").
_END_ENGLISH = (
    r"related(?:\s+\w+){0,3}|more (?:from|on|in|stories|news|articles|\w+(?:\s+\w+)?)|"
    r"(?:you|we think you) (?:may|might) (?:also )?(?:like|enjoy).*|recommended(?: for you| reading| stories)?|"
    r"read (?:next|more|these next)|(?:show |view |leave a |\d+ )?(?:comments?|replies|reply)|"
    r"(?:most|the most) (?:popular|read|viewed|shared).*|latest(?: news| stories| articles)?|"
    r"top stories|trending(?: now| stories)?|(?:related )?(?:tags|topics)|share this(?: article| story)?|"
    r"about the author|sponsored(?: content| stories)?|around the web|popular (?:now|stories|posts)|"
    r"what to read next|up next|editor'?s picks|in (?:case you missed it|other news)|"
    r"join the conversation.*|(?:sign up|subscribe) (?:for|to) (?:our|the) .*newsletter.*"
)
END_MARKER = re.compile(r"^(?:" + _END_ENGLISH + r")\s*:?$", re.I)

# The same headings in the languages the eval's pages and readers' pages are most often in
# (German, French, Spanish, Italian, Portuguese, Dutch, Scandinavian, Czech and Slovak, Polish,
# Hungarian, Romanian, Greek, Russian and Ukrainian, Turkish, Chinese, Japanese, Korean), from
# the words sites use for them rather than from any page: an article in Czech runs on past
# "Související" into its teasers as an English one would past "Related" without them.
_END_ELSEWHERE = (
    # de
    r"(?:das )?könnte (?:sie|dich) auch interessieren|mehr zum thema.*|weitere (?:artikel|nachrichten|meldungen)|"
    r"ähnliche (?:artikel|beiträge)|verwandte (?:artikel|themen)|kommentare?|meistgelesen|meist ?gelesene? .*|"
    r"auch interessant|lesen sie (?:auch|mehr)|"
    # fr
    r"(?:à|a) lire (?:aussi|également)|lire (?:aussi|la suite)|sur le même sujet|articles? (?:similaires|liés|connexes)|"
    r"commentaires?|les plus (?:lus|populaires)|(?:à|a) découvrir aussi|vous aimerez aussi|"
    # es, pt
    r"(?:noticias|artículos) relacionad[oa]s|relacionad[oa]s|más (?:noticias|leídas?|vistas?)|lo más (?:leído|visto)|"
    r"te puede interesar|también te puede interesar|comentarios?|"
    r"leia (?:também|mais)|(?:notícias|artigos|matérias) relacionad[oa]s|comentários?|mais lid[oa]s|"
    # it
    r"articoli correlati|leggi anche|potrebbe interessarti|ti potrebbe interessare|commenti|(?:i )?più lett[ie]|"
    # nl
    r"lees ook|gerelateerde (?:artikelen|berichten)|meer nieuws|reacties|meest gelezen|"
    # sv, da, no
    r"läs (?:också|även|mer)|relaterat|relaterade artiklar|kommentarer|mest lästa?|"
    r"l[æe]s også|relaterte (?:saker|artikler)|mest (?:lest|læste)|"
    # cs, sk
    r"související(?: články| zprávy| témata)?|právě se děje|čtěte (?:také|též|dále)|diskuse|diskuze|komentáře|"
    r"nejčtenější(?: zprávy| články)?|další (?:zprávy|články)|súvisiace(?: články)?|čítajte (?:tiež|aj)|najčítanejšie|"
    # pl
    r"zobacz (?:też|także|również)|czytaj (?:też|także|również)|powiązane(?: artykuły)?|komentarze|"
    r"najczęściej czytane|polecane(?: artykuły)?|"
    # hu, ro, el
    r"kapcsolódó (?:cikkek|hírek)|hozzászólások|legolvasottabb|articole (?:similare|asemănătoare)|comentarii|"
    r"citește (?:și|mai mult)|σχετικά (?:άρθρα|θέματα)|σχόλια|διαβάστε (?:επίσης|ακόμη)|"
    # ru, uk
    r"читайте (?:также|також)|(?:похожие|связанные) (?:статьи|материалы|новости)|новости по теме|ещ[её] по теме|"
    r"комментари[ий]|коментарі|популярное|самое (?:читаемое|популярное)|"
    # tr
    r"ilgili (?:haberler|yazılar)|benzer haberler|yorumlar|(?:en )?çok okunanlar|"
    # zh, ja, ko
    r"相[关關](?:文章|阅读|閱讀|新[闻聞]|推荐|推薦|报道|報導)|延伸[阅閱][读讀]|推[荐薦][阅閱][读讀]|猜你喜[欢歡]|"
    r"热门文章|熱門文章|[评評][论論]|[网網]友[评評][论論]|"
    r"関連(?:記事|ニュース)|コメント|人気(?:記事|ランキング)|おすすめ記事|あわせて読みたい|"
    r"관련\s?기사|댓글|많이 본 (?:뉴스|기사)|인기\s?기사"
)

# END_MARKER in any of those languages too, and with a count ("Comments (12)", "Diskuse (4)").
# The dump extractor's rules end the article at it (a dump has no markup to tell the end by).
# Both learned models' features keep the English one: the dump model retrained on this moved
# AEB's dumps by -.005 to -.014 out of fold and Mozilla's by +.001 to +.011. With the rules
# alone reading it, the refitted fold models still moved AEB by -.005, yet the shipped model
# reads those five AEB dumps (six such lines, all after the article) exactly as before: a
# refit's shift, not these words'.
END_MARKER_ANY_LANGUAGE = re.compile(
    r"^(?:" + _END_ENGLISH + r"|" + _END_ELSEWHERE + r")(?:\s*\(\d+\))?\s*:?$", re.I)
