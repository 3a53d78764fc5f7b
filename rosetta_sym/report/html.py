"""HTML page of the ladder report, rendered from the ``ladder.json`` content.

Mathematics is written as LaTeX inside ``\\[ ... \\]``. MathJax typesets it
when the page can load MathJax from its CDN; offline, the LaTeX source stays
visible as text, so the page reads without network access. Figures are PNG
files in the same folder, referenced by file name.

Sections other than the equations share one layout: a ``summary`` list of
``[label, value, unit]`` rows, ``tables`` of ``{"title", "columns", "rows"}``,
``figures`` of ``{"file", "caption"}`` and ``notes``.
"""

from __future__ import annotations

import html
import logging
import math
from pathlib import Path

__all__ = ["render_html", "write_html", "format_value"]

logger = logging.getLogger(__name__)

MATHJAX_URL = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"

STYLE = """
body { font-family: sans-serif; max-width: 72em; margin: 1em auto; padding: 0 1em;
       line-height: 1.4; color: #222; }
h1, h2, h3 { font-weight: 600; }
h2 { border-bottom: 2px solid #446; margin-top: 2.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; }
th { background: #eef; }
td.number { text-align: right; font-family: monospace; }
.math { overflow-x: auto; margin: 0.3em 0; }
.latex-source { font-family: monospace; font-size: 0.85em; white-space: pre-wrap; }
figure { margin: 1em 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #444; }
.skipped { color: #666; font-style: italic; }
.error { color: #a00; font-weight: 600; }
nav ul { columns: 3; }
"""


def format_value(value) -> str:
    """Format a number with six significant digits; other values as text."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "n/a"
        return f"{value:.6g}"
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, float) for v in value)
    ):
        real, imag = value
        sign = "+" if imag >= 0 else "-"
        return f"{real:.6g} {sign} {abs(imag):.6g}i"
    return str(value)


def _escape(text) -> str:
    return html.escape(str(text), quote=True)


def _math(latex: str) -> str:
    return f'<div class="math">\\[{_escape(latex)}\\]</div>'


def _table(title: str | None, columns: list[str], rows: list[list]) -> str:
    parts = []
    if title:
        parts.append(f"<h4>{_escape(title)}</h4>")
    parts.append("<table><tr>")
    parts.extend(f"<th>{_escape(column)}</th>" for column in columns)
    parts.append("</tr>")
    for row in rows:
        parts.append("<tr>")
        for cell in row:
            css = ' class="number"' if isinstance(cell, (int, float, list)) else ""
            parts.append(f"<td{css}>{_escape(format_value(cell))}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def _figure(figure: dict) -> str:
    caption = _escape(figure["caption"])
    return (
        f'<figure><img src="{_escape(figure["file"])}" alt="{caption}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _equations_html(section: dict) -> str:
    parts = []
    if section.get("description"):
        parts.append(f"<p>{_escape(section['description'])}</p>")
    parts.append(f"<p>Time unit: {_escape(section['time_unit'])}.</p>")
    parts.extend(_math(line) for line in section["equations"])
    parts.extend(_math(line) for line in section["functions"])
    rows = [
        [p["name"], p["value"], p["unit"], _bounds(p["bounds"]), p["description"]]
        for p in section["parameters"]
    ]
    parts.append(
        _table("Parameters", ["name", "value", "unit", "bounds", "meaning"], rows)
    )
    if section["references"]:
        parts.append("<h4>Sources of the equations and parameter values</h4><ul>")
        parts.extend(
            f"<li>{_escape(r['authors'])} ({r['year']}). {_escape(r['title'])}.</li>"
            for r in section["references"]
        )
        parts.append("</ul>")
    rows = [[s["name"], s["initial"], s["description"]] for s in section["states"]]
    parts.append(_table("States", ["name", "initial value", "meaning"], rows))
    if section.get("coupling"):
        coupling = section["coupling"]
        channels = "; ".join(
            f"sends {c['source']} to input {c['target']}" for c in coupling["channels"]
        )
        parts.append(
            f"<p>Network coupling: {_escape(coupling['kind'])} "
            f'(<span class="latex-source">{_escape(channels)}</span>).</p>'
        )
    parts.append("<h4>Jacobian (inputs set to zero)</h4>")
    parts.append(_math(f"J = {section['jacobian']}"))
    parts.append("<h4>Analytic Hopf condition</h4>")
    parts.extend(_math(line) for line in section["hopf_condition"])
    return "".join(parts)


def _bounds(bounds) -> str:
    if bounds is None:
        return ""
    lower, upper = bounds
    return f"[{format_value(lower) if lower is not None else '-inf'}, " + (
        f"{format_value(upper) if upper is not None else 'inf'}]"
    )


def _generic_html(section: dict) -> str:
    parts = []
    if section.get("summary"):
        rows = [list(row) for row in section["summary"]]
        parts.append(_table(None, ["quantity", "value", "unit"], rows))
    for table in section.get("tables", []):
        parts.append(_table(table["title"], table["columns"], table["rows"]))
    parts.extend(_figure(figure) for figure in section.get("figures", []))
    parts.extend(f"<p>{_escape(note)}</p>" for note in section.get("notes", []))
    return "".join(parts)


def _section_html(key: str, title: str, section: dict) -> str:
    header = f"<h3>{_escape(title)}</h3>"
    status = section.get("status")
    if status == "skipped":
        return (
            header + f'<p class="skipped">Not shown: {_escape(section["reason"])}</p>'
        )
    if status == "error":
        return header + f'<p class="error">Failed: {_escape(section["error"])}</p>'
    body = _equations_html(section) if key == "equations" else _generic_html(section)
    return header + body


def _connectome_html(info: dict) -> str:
    parts = [
        f"<p>Connectome: <b>{_escape(info['identity'])}</b>, "
        f"{info['n_regions']} regions, {_escape(info['description'])}</p>"
    ]
    if info.get("fallback"):
        parts.append(f'<p class="error">{_escape(info["fallback"])}</p>')
    return "".join(parts)


def render_html(report: dict) -> str:
    """Render the report dictionary (the ``ladder.json`` content) as a page."""
    titles = {item["key"]: item["title"] for item in report["sections"]}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>rosetta_sym ladder report</title>",
        f"<style>{STYLE}</style>",
        f'<script async src="{MATHJAX_URL}"></script>',
        "</head><body>",
        "<h1>The ladder of neural mass models</h1>",
        f"<p>Generated by {_escape(report['generator'])} on "
        f"{_escape(report['created'])} (Python {_escape(report['python'])}), "
        f"{'quick' if report['options']['quick'] else 'full'} mode, "
        f"in {report.get('elapsed_seconds', 0.0):.1f} s. "
        "Every number on this page is also in "
        '<a href="ladder.json">ladder.json</a>.</p>',
        "<noscript><p>Equations are shown as LaTeX source.</p></noscript>",
        _connectome_html(report["connectome"]),
        "<nav><ul>",
    ]
    parts.extend(
        f'<li><a href="#{_escape(rung["name"])}">{_escape(rung["name"])}</a>: '
        f"{_escape(rung['summary'])}</li>"
        for rung in report["rungs"]
    )
    parts.append("</ul></nav>")
    for rung in report["rungs"]:
        name = _escape(rung["name"])
        parts.append(f'<h2 id="{name}">{name}</h2>')
        parts.append(
            f"<p>{_escape(rung['summary'])}. "
            f"Model hash {_escape(rung['hash'][:16])}.</p>"
        )
        for key, section in rung["sections"].items():
            parts.append(_section_html(key, titles.get(key, key), section))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(report: dict, path: Path) -> None:
    """Write the page of ``report`` to ``path`` (UTF-8)."""
    path.write_text(render_html(report), encoding="utf-8")
    logger.info("wrote %s", path)
