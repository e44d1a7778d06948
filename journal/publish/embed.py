"""`journal embed`: the lines to paste into any blog post to show a trip's live map.

Needs only trip.toml and journal.toml (no photo is opened), so it answers at once. The first
line is the Jekyll include that `journal render --jekyll` wrote; the second a plain-HTML iframe
for pages Jekyll does not process, with the blog's baseurl when journal.toml names the blog.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from journal.core.errors import JournalError
from journal.core.models import JournalSettings, TripConfig
from journal.publish.blogconfig import read_blog_config
from journal.publish.blogpaths import TripAssets
from journal.publish.liquid import liquid_text
from journal.render.themes import environment, load_theme


def embed_lines(
    folder: Path, config: TripConfig, settings: JournalSettings, lang: str | None = None
) -> list[str]:
    """The `{% include %}` line and the plain `<iframe>` line for one trip and language."""
    lang = lang or config.default_lang
    if lang not in config.languages:
        raise JournalError(
            folder / "trip.toml",
            f"no language {lang!r}; this trip has {', '.join(config.languages)}",
        )
    paths = TripAssets(folder.name, config.languages)
    env = environment(load_theme(settings.theme or "default"), lang)
    title = env.get_template("jekyll/map_title.txt").render(title=config.title(lang)).strip()
    title = liquid_text(Markup(title))  # autoescaped already; the line may go into a post
    argument = f' lang="{lang}"' if paths.page_dir(lang) else ""
    include = f"{{% include {paths.include_name}{argument} %}}"
    src = _baseurl(settings.blog) + paths.asset_url(f"{paths.page_dir(lang)}/map.html".lstrip("/"))
    iframe = env.get_template("jekyll/map_iframe.html").render(src=src, title=title).strip()
    return [include, iframe]


def _baseurl(blog: Path | None) -> str:
    """The blog's `baseurl` from its _config.yml; "" when unknown (a user or org site)."""
    if blog is None:
        return ""
    try:
        return read_blog_config(blog).baseurl
    except JournalError:
        return ""  # the render names what is wrong with the blog; these lines still help
