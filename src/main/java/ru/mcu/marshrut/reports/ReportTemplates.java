package ru.mcu.marshrut.reports;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateExtension;

/**
 * Renders a {@link ReportDocument} with the Qute templates {@code templates/reports/report.md} and
 * {@code report.html}; the HTML template escapes every value (Qute's default for {@code .html}), the Markdown one
 * writes {@code < > &} as entities and escapes the table separator in cells. The templates are checked against {@code ReportDocument} at build time.
 */
@ApplicationScoped
public class ReportTemplates {

    private final Template markdown;
    private final Template html;

    public ReportTemplates(@Location("reports/report.md") Template markdown, @Location("reports/report.html") Template html) {
        this.markdown = markdown;
        this.html = html;
    }

    public String markdown(ReportDocument doc) {
        return markdown.data("doc", doc).render();
    }

    public String html(ReportDocument doc) {
        return html.data("doc", doc).render();
    }

    /** Template extensions on the cells of a report. */
    @TemplateExtension
    static final class Cells {
        private Cells() {
        }

        /** A Markdown table cell: a {@code |} would end the cell, a line break the row (free text can hold both). */
        static String mdCell(String cell) {
            return md(cell).replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        }

        /**
         * Markdown text shown as written. HTML in it is shown, not run — Markdown passes inline HTML through, and a
         * category or a name sent by a platform ({@code <img onerror=…>}) would run in a viewer of the downloaded file;
         * as entities, a viewer shows the characters themselves. Markdown's own syntax is escaped with a backslash: a
         * link or an image ({@code ![t](http://…)} loads the address in the viewer), emphasis, code; the backslash
         * itself first, or {@code A\|B} would end a table cell after {@code A\}.
         */
        static String md(String text) {
            StringBuilder out = new StringBuilder(text.length() + 16);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '\\', '[', ']', '*', '_', '`', '~' -> out.append('\\').append(c);
                    default -> out.append(c);
                }
            }
            return out.toString();
        }

        /** Numbers are right-aligned in HTML. */
        static boolean numeric(String cell) {
            return ReportDocument.isNumber(cell);
        }
    }
}
