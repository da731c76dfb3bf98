"""The words that mark page furniture and the end of an article, for HTML and text dumps alike.

Both extractors drop the same kinds of lines ("Advertisement", "Share this story", "Related
stories") and stop at the same end markers, so the patterns live here rather than in either
extractor (which also keeps `cleanup.py` from importing the dump extractor).
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
END_MARKER = re.compile(
    r"^(?:related(?:\s+\w+){0,3}|more (?:from|on|in|stories|news|articles|\w+(?:\s+\w+)?)|"
    r"(?:you|we think you) (?:may|might) (?:also )?(?:like|enjoy).*|recommended(?: for you| reading| stories)?|"
    r"read (?:next|more|these next)|(?:show |view |leave a |\d+ )?(?:comments?|replies|reply)|"
    r"(?:most|the most) (?:popular|read|viewed|shared).*|latest(?: news| stories| articles)?|"
    r"top stories|trending(?: now| stories)?|(?:related )?(?:tags|topics)|share this(?: article| story)?|"
    r"about the author|sponsored(?: content| stories)?|around the web|popular (?:now|stories|posts)|"
    r"what to read next|up next|editor'?s picks|in (?:case you missed it|other news)|"
    r"join the conversation.*|(?:sign up|subscribe) (?:for|to) (?:our|the) .*newsletter.*)\s*:?$",
    re.I,
)
