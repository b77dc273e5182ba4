"""An Atom feed of each public commission's published comments and the council's replies.

Only published comments are in it: a comment the council hides leaves the feed at once,
as it leaves the page. Only the display name is given as the author.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from commissioning.models import Commission, PublicComment
from home import public

FEED_SIZE = 50


class CommissionCommentsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, pk: int) -> Commission:
        commission = public.public_commission(pk)
        if commission is None:
            raise Http404
        return commission

    def title(self, commission: Commission) -> str:
        return f"Comments on {commission.title}"

    def link(self, commission: Commission) -> str:
        return reverse("home:public_commission", args=[commission.pk])

    def subtitle(self, commission: Commission) -> str:
        return f"What the public said to {commission.organisation.name}, and its replies."

    def items(self, commission: Commission) -> list[PublicComment]:
        newest = public.published_comments(commission).order_by("-published_at", "-pk")
        return list(newest[:FEED_SIZE])

    def item_title(self, comment: PublicComment) -> str:
        return f"Comment from {comment.display_name}"

    def item_description(self, comment: PublicComment) -> str:
        # The feed generator escapes this text; nothing in it is ever read as HTML.
        if comment.reply:
            return f"{comment.body}\n\nThe council replied: {comment.reply}"
        return comment.body

    def item_link(self, comment: PublicComment) -> str:
        url = reverse("home:public_commission", args=[comment.commission_id])
        return f"{url}#comment-{comment.pk}"

    def item_author_name(self, comment: PublicComment) -> str:
        return comment.display_name

    def item_pubdate(self, comment: PublicComment) -> datetime.datetime | None:
        return comment.published_at

    def item_updateddate(self, comment: PublicComment) -> datetime.datetime:
        return comment.updated_at
