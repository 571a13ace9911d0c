package ru.mcu.marshrut.rulesets;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ru.mcu.marshrut.dmn.InvalidRulesetException;

/**
 * The formats administrators exchange autorule tables in. DMN is the canonical, stored form; JSON, CSV and
 * XLSX carry the same rows with input cells as FEEL text ({@code -}, {@code "Дороги"}, {@code not("POS")}) and
 * outputs as plain values, so any round trip gives the same routing. Each format is its own class
 * ({@link DmnAutoruleReader}, {@link JsonTable}, {@link CsvTable}, {@link XlsxTable}); this is the choice between them.
 */
public enum TableFormat {
    DMN("application/xml", "text/xml", "application/dmn+xml"),
    JSON("application/json"),
    CSV("text/csv", "application/csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final List<String> mediaTypes;

    TableFormat(String... mediaTypes) {
        this.mediaTypes = List.of(mediaTypes);
    }

    /** The media type a version is answered in. */
    public String mediaType() {
        return mediaTypes.get(0);
    }

    /** Every media type naming this format, in an upload's Content-Type or an export's Accept. */
    public List<String> mediaTypes() {
        return mediaTypes;
    }

    public static Optional<TableFormat> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (TableFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static Optional<TableFormat> byMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String mt = mediaType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip(); // ";" alone: "", not a failure
        for (TableFormat f : values()) {
            if (f.mediaTypes.contains(mt)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Reads an upload into rows; file-level problems throw {@link InvalidRulesetException}. */
    public RawTable read(String sourceName, byte[] bytes) {
        return switch (this) {
            case DMN -> DmnAutoruleReader.readUpload(sourceName, ru.mcu.marshrut.dmn.Utf8Text.decode("DMN", bytes));
            case JSON -> JsonTable.read(bytes);
            case CSV -> CsvTable.read(bytes);
            case XLSX -> XlsxTable.read(bytes);
        };
    }

    public byte[] write(String municipality, RawTable table, String dmnXml) {
        return switch (this) {
            case DMN -> dmnXml.getBytes(StandardCharsets.UTF_8);
            case JSON -> JsonTable.write(municipality, table);
            case CSV -> CsvTable.write(table);
            case XLSX -> XlsxTable.write(table);
        };
    }
}
