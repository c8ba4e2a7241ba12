package dev.editstream.producers.enrich;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one page, no server and nothing fetched, that shows each row's source, mask
 * and result side by side with its caption, prompt and metrics. Columns sort on a click; the
 * buttons filter to the failures or to the rows that did not end as they expected. The counts at
 * the top are {@code summary.json}'s.
 */
final class HtmlReport {

  private HtmlReport() {}

  static void write(Path file, Summary summary, List<ResultRow> rows) throws IOException {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>EditStream enrich report</title>\n<style>\n")
        .append(CSS)
        .append("</style></head><body>\n<h1>EditStream enrich report</h1>\n");
    h.append("<p class=\"summary\">")
        .append(count("rows", summary.rows()))
        .append(count("succeeded", summary.succeeded()))
        .append(count("rejected", summary.rejected()))
        .append(count("failed", summary.rows() - summary.succeeded() - summary.rejected()))
        .append(count("unexpected", summary.unexpected()))
        .append(count("skipped", summary.skipped()))
        .append("</p>\n<p class=\"meta\">input ")
        .append(esc(summary.input()))
        .append(String.format(Locale.ROOT, " · %.1f s · ", summary.seconds()))
        .append("click a column to sort</p>\n");
    h.append("<p class=\"filters\">show: ")
        .append("<button data-filter=\"all\" class=\"on\">all</button>")
        .append("<button data-filter=\"failures\">failures</button>")
        .append("<button data-filter=\"unexpected\">unexpected</button></p>\n");
    h.append("<table id=\"rows\"><thead><tr>");
    for (String c :
        List.of(
            "#",
            "label",
            "status",
            "reason",
            "caption",
            "prompt",
            "source",
            "mask",
            "result",
            "edit (s)",
            "metrics",
            "sha256")) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (ResultRow r : rows) {
      row(h, r);
    }
    h.append("</tbody></table>\n<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
    Files.writeString(file, h, StandardCharsets.UTF_8);
  }

  private static String count(String name, int n) {
    return "<span class=\"count\">" + name + " <b id=\"count-" + name + "\">" + n + "</b></span> ";
  }

  private static void row(StringBuilder h, ResultRow r) {
    boolean failure = !"SUCCEEDED".equals(r.status());
    h.append("<tr class=\"")
        .append(failure ? "failure" : "success")
        .append(r.asExpected() ? "" : " unexpected")
        .append("\" data-id=\"")
        .append(esc(r.id()))
        .append("\">");
    cell(h, Integer.toString(r.line()), Integer.toString(r.line()));
    cell(h, r.label());
    h.append("<td class=\"status ")
        .append(esc(r.status()).toLowerCase(Locale.ROOT))
        .append("\">")
        .append(esc(r.status()))
        .append("</td>");
    h.append("<td>")
        .append(esc(r.reasonCode()))
        .append(
            r.asExpected() || r.expected() == null
                ? ""
                : "<br><small>expected " + esc(r.expected()) + "</small>")
        .append(
            r.message() == null || r.message().isEmpty()
                ? ""
                : "<br><small>" + esc(r.message()) + "</small>")
        .append("</td>");
    h.append("<td>")
        .append(esc(r.caption()))
        .append(r.captionSource() == null ? "" : "<br><small>" + esc(captionOrigin(r)) + "</small>")
        .append("</td>");
    cell(h, (r.edit() == null ? "" : r.edit() + ": ") + (r.prompt() == null ? "" : r.prompt()));
    image(h, r.source());
    image(h, r.mask());
    image(h, r.result());
    long editMs = r.timingsMs() == null ? 0 : r.timingsMs().getOrDefault("edit", 0L);
    cell(
        h,
        editMs == 0 ? "" : String.format(Locale.ROOT, "%.2f", editMs / 1000.0),
        Long.toString(editMs));
    cell(h, metrics(r.quality()));
    cell(h, r.sha256() == null ? "" : r.sha256().substring(0, 12) + "…", r.sha256());
    h.append("</tr>\n");
  }

  private static String captionOrigin(ResultRow r) {
    return r.captionScore() == null
        ? r.captionSource()
        : String.format(Locale.ROOT, "%s, score %.2f", r.captionSource(), r.captionScore());
  }

  private static String metrics(Map<String, Double> q) {
    if (q == null) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    q.forEach(
        (k, v) ->
            s.append(s.isEmpty() ? "" : ", ")
                .append(k)
                .append(' ')
                .append(String.format(Locale.ROOT, "%.3f", v)));
    return s.toString();
  }

  private static void cell(StringBuilder h, String text) {
    h.append("<td>").append(esc(text)).append("</td>");
  }

  private static void cell(StringBuilder h, String text, String sortKey) {
    h.append("<td data-sort=\"")
        .append(esc(sortKey))
        .append("\">")
        .append(esc(text))
        .append("</td>");
  }

  private static void image(StringBuilder h, String path) {
    if (path == null) {
      h.append("<td class=\"img\"></td>");
      return;
    }
    h.append("<td class=\"img\"><a href=\"")
        .append(esc(path))
        .append("\"><img src=\"")
        .append(esc(path))
        .append("\" alt=\"")
        .append(esc(path))
        .append("\"></a></td>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static final String CSS =
      """
      body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
      h1 { font-size: 1.4em; margin: 0 0 .3em; }
      .summary .count { margin-right: 1.2em; font-size: 1.1em; }
      .meta { color: #666; margin-top: 0; }
      button { margin-right: .4em; padding: .2em .8em; border: 1px solid #999; background: #fff;
        border-radius: 3px; cursor: pointer; }
      button.on { background: #333; color: #fff; }
      table { border-collapse: collapse; }
      th { background: #eee; cursor: pointer; position: sticky; top: 0; text-align: left;
        white-space: nowrap; }
      th, td { border: 1px solid #ddd; padding: 4px 6px; vertical-align: top; }
      td { max-width: 20em; }
      td.img img { width: 96px; height: 96px; object-fit: contain; image-rendering: pixelated;
        background: #f4f4f4; display: block; }
      td.status.succeeded { color: #17692b; font-weight: 600; }
      td.status.rejected { color: #a35b00; font-weight: 600; }
      td.status.failed, td.status.expired, td.status.cancelled { color: #b00020; font-weight: 600; }
      tr.unexpected td:first-child { border-left: 4px solid #b00020; }
      small { color: #666; }
      """;

  private static final String SCRIPT =
      """
      const body = document.querySelector('#rows tbody');
      // what a person would check first, for tests and scripts to read off the page
      window.addEventListener('load', () => {
        const imgs = Array.from(document.images);
        document.body.dataset.images = imgs.length;
        document.body.dataset.imagesLoaded =
          imgs.filter(i => i.complete && i.naturalWidth > 0).length;
        document.body.dataset.rows = body.rows.length;
      });
      document.querySelectorAll('#rows th').forEach((th, col) => {
        let up = true;
        th.addEventListener('click', () => {
          const key = tr => {
            const td = tr.children[col];
            return td.dataset.sort !== undefined ? td.dataset.sort : td.textContent;
          };
          const num = v => v !== '' && !isNaN(v);
          const rows = Array.from(body.rows);
          rows.sort((a, b) => {
            const x = key(a), y = key(b);
            const c = num(x) && num(y) ? x - y : x.localeCompare(y);
            return up ? c : -c;
          });
          up = !up;
          rows.forEach(r => body.appendChild(r));
        });
      });
      document.querySelectorAll('button[data-filter]').forEach(b => {
        b.addEventListener('click', () => {
          document.querySelectorAll('button[data-filter]').forEach(o => o.classList.remove('on'));
          b.classList.add('on');
          const f = b.dataset.filter;
          Array.from(body.rows).forEach(r => {
            const show = f === 'all' || r.classList.contains(f === 'failures' ? 'failure' : f);
            r.style.display = show ? '' : 'none';
          });
        });
      });
      """;
}
