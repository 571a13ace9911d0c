package ru.mcu.marshrut.rulesets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The formats administrators exchange autorule tables in. DMN is the canonical, stored form; JSON, CSV and
 * XLSX carry the same rows with input cells as FEEL text ({@code -}, {@code "Дороги"}, {@code not("POS")}) and
 * outputs as plain values, so any round trip gives the same routing.
 */
public enum TableFormat {
    DMN("application/xml"),
    JSON("application/json"),
    CSV("text/csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    /** Column headers of the row formats, in order. */
    public static final List<String> HEADERS = List.of("id", "channel", "category", "subcategory", "oktmo",
            "authorType", "action", "recipient", "coExecutors", "annotation");
    private static final ObjectMapper JSON_MAPPER = ru.mcu.marshrut.JsonSettings.harden(new ObjectMapper());

    private final String mediaType;

    TableFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
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
        String mt = mediaType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return switch (mt) {
            case "application/xml", "text/xml", "application/dmn+xml" -> Optional.of(DMN);
            case "application/json" -> Optional.of(JSON);
            case "text/csv", "application/csv" -> Optional.of(CSV);
            case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> Optional.of(XLSX);
            default -> Optional.empty();
        };
    }

    /** Reads an upload into rows; file-level problems throw {@link InvalidRulesetException}. */
    public RawTable read(String sourceName, byte[] bytes) {
        return switch (this) {
            case DMN -> DmnAutoruleReader.read(sourceName, new String(bytes, StandardCharsets.UTF_8));
            case JSON -> readJson(bytes);
            case CSV -> readCsv(bytes);
            case XLSX -> readXlsx(bytes);
        };
    }

    public byte[] write(String municipality, RawTable table, String dmnXml) {
        return switch (this) {
            case DMN -> dmnXml.getBytes(StandardCharsets.UTF_8);
            case JSON -> writeJson(municipality, table);
            case CSV -> writeCsv(table);
            case XLSX -> writeXlsx(table);
        };
    }

    // ---- JSON ----

    static RawTable readJson(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON_MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidRulesetException("JSON не читается: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw new InvalidRulesetException("JSON: ожидается объект с массивом rows");
        }
        List<RawRow> rows = new ArrayList<>();
        for (JsonNode r : root.get("rows")) {
            if (!r.isObject()) {
                throw new InvalidRulesetException("JSON: каждая строка rows должна быть объектом");
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (String h : HEADERS) {
                JsonNode v = r.get(h);
                cells.put(h, v == null || v.isNull() ? null : v.isArray() ? joinArray(v) : v.asText());
            }
            rows.add(rowOf(cells));
        }
        return new RawTable(root.path("description").asText(""), rows);
    }

    private static String joinArray(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(e -> parts.add(e.asText()));
        return String.join(",", parts);
    }

    static byte[] writeJson(String municipality, RawTable table) {
        ObjectNode root = JSON_MAPPER.createObjectNode();
        root.put("municipality", municipality);
        root.put("description", table.description());
        ArrayNode rows = root.putArray("rows");
        for (RawRow r : table.rows()) {
            ObjectNode o = rows.addObject();
            List<String> values = valuesOf(r);
            for (int i = 0; i < HEADERS.size(); i++) {
                o.put(HEADERS.get(i), values.get(i));
            }
        }
        try {
            return JSON_MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- CSV (RFC 4180, UTF-8 with BOM for spreadsheet programs; comma or semicolon) ----

    static RawTable readCsv(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = parseCsv(text);
        if (records.isEmpty()) {
            throw new InvalidRulesetException("CSV пуст: нужна строка заголовка " + HEADERS);
        }
        return new RawTable("", rowsOf(records));
    }

    static List<List<String>> parseCsv(String text) {
        char sep = detectSeparator(text);
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, fieldStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"' && f.length() == 0 && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == sep) {
                rec.add(f.toString());
                f.setLength(0);
                fieldStarted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                rec.add(f.toString());
                out.add(rec);
                rec = new ArrayList<>();
                f.setLength(0);
                fieldStarted = false;
            } else {
                f.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new InvalidRulesetException("CSV: незакрытая кавычка");
        }
        if (f.length() > 0 || !rec.isEmpty()) {
            rec.add(f.toString());
            out.add(rec);
        }
        return out;
    }

    private static char detectSeparator(String text) {
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        return first.contains(";") && !first.contains(",") ? ';' : ',';
    }

    static byte[] writeCsv(RawTable table) {
        StringBuilder b = new StringBuilder("\uFEFF");
        b.append(String.join(",", HEADERS)).append("\r\n");
        for (RawRow r : table.rows()) {
            List<String> values = valuesOf(r);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                String v = values.get(i) == null ? "" : values.get(i);
                if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.contains(";")) {
                    b.append('"').append(v.replace("\"", "\"\"")).append('"');
                } else {
                    b.append(v);
                }
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- XLSX ----

    /** What an XLSX upload may unpack to, in all: a 10,000-row table is a few megabytes. */
    static final long XLSX_MAX_UNPACKED = 64L << 20;
    static final int XLSX_MAX_ENTRIES = 1_000;

    static RawTable readXlsx(byte[] bytes) {
        checkUnpackedSize(bytes);
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            if (wb.getNumberOfSheets() == 0) {
                throw new InvalidRulesetException("XLSX: в книге нет листов");
            }
            Sheet sheet = wb.getSheetAt(0);
            DataFormatter fmt = new DataFormatter();
            List<List<String>> records = new ArrayList<>();
            int width = HEADERS.size();
            for (int r = sheet.getFirstRowNum(); r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> rec = new ArrayList<>();
                if (row != null) {
                    width = Math.max(width, row.getLastCellNum());
                    for (int c = 0; c < width; c++) {
                        Cell cell = row.getCell(c);
                        rec.add(cell == null ? "" : fmt.formatCellValue(cell));
                    }
                }
                records.add(rec);
            }
            while (!records.isEmpty() && records.get(0).stream().allMatch(String::isBlank)) {
                records.remove(0);
            }
            if (records.isEmpty()) {
                throw new InvalidRulesetException("XLSX: лист пуст: нужна строка заголовка " + HEADERS);
            }
            List<RawRow> rows = rowsOf(records);
            String description = wb.getNumberOfSheets() > 1 && wb.getSheetAt(1).getRow(0) != null
                    && wb.getSheetAt(1).getRow(0).getCell(0) != null
                            ? fmt.formatCellValue(wb.getSheetAt(1).getRow(0).getCell(0)) : "";
            return new RawTable(description, rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRulesetException ire) {
                throw ire;
            }
            throw new InvalidRulesetException("файл не является книгой XLSX: " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks the archive once into nothing, counting: POI keeps every entry of a workbook in the heap, so a small
     * upload that inflates to gigabytes (a zip bomb) is refused here, at constant memory, before POI reads it.
     * POI's own per-entry inflate-ratio check (ZipSecureFile) stays on as well.
     */
    static void checkUnpackedSize(byte[] bytes) {
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (++entries > XLSX_MAX_ENTRIES) {
                    throw new InvalidRulesetException("XLSX: в архиве больше " + XLSX_MAX_ENTRIES + " файлов — файл отклонён");
                }
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    total += n;
                    if (total > XLSX_MAX_UNPACKED) {
                        throw new InvalidRulesetException("XLSX: распакованное содержимое больше "
                                + (XLSX_MAX_UNPACKED >> 20) + " МБ — файл отклонён, ничего не сохранено");
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidRulesetException("файл не является книгой XLSX: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new InvalidRulesetException("файл не является книгой XLSX: это не ZIP-архив");
        }
    }

    static byte[] writeXlsx(RawTable table) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("Автоправила");
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row header = sheet.createRow(0);
            for (int i = 0; i < HEADERS.size(); i++) {
                Cell c = header.createCell(i);
                c.setCellValue(HEADERS.get(i));
                c.setCellStyle(bold);
            }
            int r = 1;
            for (RawRow row : table.rows()) {
                Row x = sheet.createRow(r++);
                List<String> values = valuesOf(row);
                for (int i = 0; i < values.size(); i++) {
                    x.createCell(i).setCellValue(values.get(i) == null ? "" : values.get(i));
                }
            }
            sheet.createFreezePane(0, 1);
            Sheet about = wb.createSheet("Описание");
            about.createRow(0).createCell(0).setCellValue(table.description() == null ? "" : table.description());
            about.createRow(2).createCell(0).setCellValue(
                    "Строки читаются сверху вниз, срабатывает первая подходящая. Ячейки условий — выражения FEEL: "
                            + "- (любое значение), \"Дороги\", \"ЖКХ\", \"Энергетика\" (список), not(\"POS\"), null.");
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- shared ----

    /** Rows of a sheet or CSV: the first record is the header (columns in any order), blank records are skipped. */
    private static List<RawRow> rowsOf(List<List<String>> records) {
        Map<String, Integer> at = header(records.get(0));
        List<RawRow> rows = new ArrayList<>();
        for (List<String> rec : records.subList(1, records.size())) {
            if (rec.stream().allMatch(s -> s == null || s.isBlank())) {
                continue;
            }
            rows.add(rowOf(cells(at, rec)));
        }
        return rows;
    }

    private static Map<String, Integer> header(List<String> first) {
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < first.size(); i++) {
            String h = first.get(i) == null ? "" : first.get(i).strip();
            if (HEADERS.contains(h)) {
                at.put(h, i);
            }
        }
        for (String required : List.of("channel", "category", "recipient")) {
            if (!at.containsKey(required)) {
                throw new InvalidRulesetException("в заголовке нет столбца «" + required + "»; ожидаются столбцы " + HEADERS);
            }
        }
        return at;
    }

    private static Map<String, String> cells(Map<String, Integer> at, List<String> rec) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (String h : HEADERS) {
            Integer i = at.get(h);
            cells.put(h, i == null || i >= rec.size() ? null : rec.get(i));
        }
        return cells;
    }

    private static RawRow rowOf(Map<String, String> c) {
        List<String> inputs = new ArrayList<>();
        for (String col : AutoruleTable.COLUMNS) {
            String v = c.get(col);
            inputs.add(v == null || v.isBlank() ? "-" : v.strip());
        }
        // Row formats carry outputs as plain values; RawRow holds FEEL text, as DMN does.
        return new RawRow(blankToNull(c.get("id")), inputs, DmnAutoruleWriter.output(plain(c.get("action"))),
                DmnAutoruleWriter.output(plain(c.get("recipient"))), DmnAutoruleWriter.output(plain(c.get("coExecutors"))),
                c.get("annotation") == null ? "" : c.get("annotation").strip());
    }

    private static List<String> valuesOf(RawRow r) {
        List<String> v = new ArrayList<>();
        v.add(r.id());
        v.addAll(r.cells());
        v.add(plain(r.action()));
        v.add(plain(r.recipient()));
        v.add(plain(r.coExecutors()));
        v.add(r.annotation());
        return v;
    }

    /** Output cells as plain values: {@code "ROUTE"} → {@code ROUTE}; null and blank → null. */
    static String plain(String s) {
        if (s == null || s.isBlank() || s.strip().equals("null")) {
            return null;
        }
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return t.isBlank() ? null : t;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
