package dev.rooremote.console.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void readsHeadingsParagraphsListsAndCode() {
        List<Markdown.Block> blocks = Markdown.parse(String.join(
                "\n",
                "## Plan",
                "I will **read** the file and",
                "write `output.txt`.",
                "",
                "- first step",
                "  - nested",
                "2. numbered",
                "> quoted",
                "```java",
                "class A {}",
                "```",
                "after"));

        assertThat(blocks).hasSize(8);
        assertThat(blocks.get(0)).isEqualTo(new Markdown.Heading(2, List.of(plain("Plan"))));
        assertThat(blocks.get(1))
                .isEqualTo(new Markdown.Paragraph(List.of(
                        plain("I will "),
                        new Markdown.Span("read", Markdown.Style.BOLD),
                        plain(" the file and write "),
                        new Markdown.Span("output.txt", Markdown.Style.CODE),
                        plain("."))));
        assertThat(blocks.get(2)).isEqualTo(new Markdown.ListItem("•", 0, List.of(plain("first step"))));
        assertThat(blocks.get(3)).isEqualTo(new Markdown.ListItem("•", 1, List.of(plain("nested"))));
        assertThat(blocks.get(4)).isEqualTo(new Markdown.ListItem("2.", 0, List.of(plain("numbered"))));
        assertThat(blocks.get(5)).isEqualTo(new Markdown.Quote(List.of(plain("quoted"))));
        assertThat(blocks.get(6)).isEqualTo(new Markdown.Code("java", "class A {}"));
        assertThat(blocks.get(7)).isEqualTo(new Markdown.Paragraph(List.of(plain("after"))));
    }

    @Test
    void anUnclosedFenceWhileStreamingIsAlreadyCode() {
        List<Markdown.Block> blocks = Markdown.parse("Here:\n```\nline 1\nline 2");

        assertThat(blocks)
                .containsExactly(
                        new Markdown.Paragraph(List.of(plain("Here:"))), new Markdown.Code("", "line 1\nline 2"));
    }

    @Test
    void unmatchedMarkersStayText() {
        assertThat(Markdown.inline("2 * 3 = 6 and a `tick")).containsExactly(plain("2 * 3 = 6 and a `tick"));
        assertThat(Markdown.inline("snake_case_name")).containsExactly(plain("snake_case_name"));
    }

    @Test
    void emptyTextHasNoBlocks() {
        assertThat(Markdown.parse(null)).isEmpty();
        assertThat(Markdown.parse("")).isEmpty();
    }

    private static Markdown.Span plain(String text) {
        return new Markdown.Span(text, Markdown.Style.PLAIN);
    }
}
