from django import template

from comparisons.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render editor-written Markdown as sanitised HTML: {{ snippet.body|markdown }}."""
    return render_markdown(text)
