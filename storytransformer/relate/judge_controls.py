"""Control pairs: the judge is asked five pairs whose relation is known before its answers
about the user's stories are trusted.

A model that cannot tell a reworded duplicate from a sibling answers every pair alike;
measured: the bundled SmolLM2-135M, constrained to the schema, answered "duplicate" for every
one of the unsure labelled pairs (docs/grouping.md). Its answers would merge siblings. So the
controls go in the judge's first batch (cached like any judgment); a judge that gets fewer
than ``PASS`` of them right is *distrusted*: its answers are recorded, none is applied, and
every pair keeps its no-model decision, saying why.

The pairs are plain and unambiguous for a capable model: one duplicate worded by two teams,
one sibling of a template (another channel), one conflict (another number), one unrelated
pair, one more duplicate with other words for the same action.
"""

from __future__ import annotations

from storytransformer.stories import Story

PASS = 4  # of the 5 controls right


def _story(n: int, text: str) -> Story:
    return Story(id=f"control-{n}", text=text, source="(judge control)", line=1, format="text")


CONTROLS: tuple[tuple[Story, Story, str], ...] = (
    (_story(1, "As a shopper, I want to sign in with my Google account, so that I do not need another password."),
     _story(2, "As a customer, I want to log in using Google so I don't have to remember a new password."),
     "duplicate"),
    (_story(3, "As a team lead, I want build failure notifications in Slack, so that I react quickly."),
     _story(4, "As a team lead, I want build failure notifications in Microsoft Teams, so that I react quickly."),
     "related"),
    (_story(5, "As a user, I want to be logged out after 30 minutes of inactivity, so that my account stays safe."),
     _story(6, "As a user, I want to be logged out after 120 minutes of inactivity, so that my account stays safe."),
     "conflict"),
    (_story(7, "As an accountant, I want to export the monthly invoices to CSV, so that I can reconcile payments."),
     _story(8, "As a warehouse worker, I want to scan parcels at the loading dock, so that shipments are tracked."),
     "unrelated"),
    (_story(9, "As an administrator, I want to deactivate the accounts of employees who left, so that they lose "
               "access."),
     _story(10, "As an admin, I want to disable user accounts of former staff, so that they can no longer get in."),
     "duplicate"),
)
