"""REST resources, one blueprint per module."""

from api.resources import authors, feeds, partners, posts, projects, search, sync, themes, tokens, vacancies, webhooks

MODULES = (posts, projects, partners, vacancies, themes, authors, search, tokens, feeds, sync, webhooks)
BLUEPRINTS = tuple(module.blp for module in MODULES)
