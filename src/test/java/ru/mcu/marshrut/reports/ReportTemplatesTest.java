package ru.mcu.marshrut.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReportTemplatesTest {

    @Inject
    ReportTemplates templates;

    private static ReportDocument document() {
        return new ReportDocument("Записка <МЦУ> & «район»")
                .line("Поступило: 3 (предыдущая неделя: 1, +2).")
                .line("Категория <img src=x onerror=alert(1)>: 1.")
                .table("Поступление по каналам", "Каналы", List.of("Канал", "Эта неделя"),
                        List.of(List.of("ПОС", "2"), List.of("<script>alert(1)</script>", "1"), List.of("a | b", "0"),
                                List.of("две\nстроки", "4"), List.of("A\\|B ![t](http://evil.example/p.png) [жми](x) *b* _i_ `c` ~s~", "5")))
                .table("Пусто", "Пусто", List.of("Получатель"), List.of());
    }

    @Test
    void markdownHasTheSummaryTablesEscapedSeparatorsAndHtmlAndMarkdownShownNotRun() {
        String md = templates.markdown(document());
        assertThat(md).isEqualTo("""
                # Записка &lt;МЦУ&gt; &amp; «район»

                Поступило: 3 (предыдущая неделя: 1, +2).

                Категория &lt;img src=x onerror=alert(1)&gt;: 1.

                ## Поступление по каналам

                | Канал | Эта неделя |
                |---|---|
                | ПОС | 2 |
                | &lt;script&gt;alert(1)&lt;/script&gt; | 1 |
                | a \\| b | 0 |
                | две строки | 4 |
                | A\\\\\\|B !\\[t\\](http://evil.example/p.png) \\[жми\\](x) \\*b\\* \\_i\\_ \\`c\\` \\~s\\~ | 5 |

                ## Пусто

                Нет.

                """);
    }

    @Test
    void htmlEscapesEveryValueAndAlignsNumbers() {
        String html = templates.html(document());
        assertThat(html).contains("<title>Записка &lt;МЦУ&gt; &amp; «район»</title>")
                .contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td class=\"n\">1</td>")
                .contains("<h2>Пусто</h2>\n<p>Нет.</p>")
                .doesNotContain("<script>");
    }
}
