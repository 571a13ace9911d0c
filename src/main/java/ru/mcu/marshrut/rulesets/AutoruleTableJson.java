package ru.mcu.marshrut.rulesets;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON form of an autorule table, as uploaded and downloaded. Every cell is text in the DMN's FEEL unary-test
 * syntax ({@code "Дороги"}, {@code -} for any value, {@code "POS","APPEAL_59FZ"} for a list); {@code coExecutors}
 * may also be an array of recipient ids. {@link JsonTable} reads and writes it; this record is its schema.
 */
@Schema(name = "AutoruleTable")
public record AutoruleTableJson(String municipality, String description, List<Row> rows) {

    @Schema(name = "AutoruleTableRow")
    public record Row(
            @Schema(description = "The rule id, unique in the table", example = "kch-roads") String id,
            @Schema(example = "\"POS\"") String channel,
            @Schema(example = "\"Дороги\"") String category,
            @Schema(example = "-") String subcategory,
            @Schema(description = "ОКТМО of the place, or -", example = "-") String oktmo,
            @Schema(example = "-") String authorType,
            @Schema(description = "ROUTE (to recipient) or MODERATE (to the coordinator)", example = "\"ROUTE\"") String action,
            @Schema(description = "Recipient id", example = "\"kachkanar.ogh\"") String recipient,
            @Schema(description = "Recipient ids, comma-separated or an array; null: none", nullable = true) String coExecutors,
            @Schema(description = "Why the rule exists (decree and point)") String annotation) {
    }
}
