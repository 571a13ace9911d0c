package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A first-match autorule table compiled for lookups whose cost does not grow with the number of rows.
 *
 * <p>Rows are grouped by which columns they constrain with equality ("the row's shape"). Each shape gets a
 * hash map from the tuple of its constrained values to the rows carrying that tuple. An item is looked up
 * once per shape — tables have a handful of shapes, however many rows — and every candidate is then checked
 * against all of its cells, so hash collisions and {@code not(...)} cells cannot change the answer. Matches
 * are returned in table order, so the first is the selected row, exactly as DMN's FIRST hit policy.
 */
public final class AutoruleIndex {

    /** A row whose lists multiply out to more keys than this keeps its widest list as a checked-only cell. */
    private static final int MAX_KEYS_PER_ROW = 256;
    private static final char SEPARATOR = '\u0000';
    private static final String NULL_MARK = "\u0001";

    private final AutoruleRow[] rows;
    private final Shape[] shapes;

    private record Shape(int[] columns, Map<String, int[]> rowsByKey) {
    }

    private AutoruleIndex(AutoruleRow[] rows, Shape[] shapes) {
        this.rows = rows;
        this.shapes = shapes;
    }

    public static AutoruleIndex build(AutoruleTable table) {
        AutoruleRow[] rows = table.rows().toArray(AutoruleRow[]::new);
        Map<Integer, Map<String, List<Integer>>> byShape = new LinkedHashMap<>();
        for (AutoruleRow row : rows) {
            int[] cols = indexedColumns(row);
            int mask = 0;
            for (int c : cols) {
                mask |= 1 << c;
            }
            Map<String, List<Integer>> keys = byShape.computeIfAbsent(mask, m -> new HashMap<>());
            for (String key : expandKeys(row, cols)) {
                keys.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row.index());
            }
        }
        List<Shape> shapes = new ArrayList<>();
        byShape.forEach((mask, keys) -> {
            Map<String, int[]> frozen = new HashMap<>(keys.size() * 2);
            keys.forEach((k, list) -> frozen.put(k, list.stream().mapToInt(Integer::intValue).toArray()));
            shapes.add(new Shape(columnsOf(mask), frozen));
        });
        return new AutoruleIndex(rows, shapes.toArray(Shape[]::new));
    }

    /** Indices (table order) of every row that matches the item's values; the first is the selected row. */
    public int[] match(String[] values) {
        int[] found = null;
        int n = 0;
        for (Shape shape : shapes) {
            int[] candidates = shape.rowsByKey.get(key(values, shape.columns));
            if (candidates == null) {
                continue;
            }
            for (int r : candidates) {
                if (rows[r].matches(values)) {
                    if (found == null) {
                        found = new int[4];
                    } else if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = r;
                }
            }
        }
        if (n == 0) {
            return new int[0];
        }
        int[] result = Arrays.copyOf(found, n);
        Arrays.sort(result);
        return result;
    }

    public AutoruleRow row(int index) {
        return rows[index];
    }

    public int shapeCount() {
        return shapes.length;
    }

    private static int[] indexedColumns(AutoruleRow row) {
        List<Integer> cols = new ArrayList<>();
        for (int c = 0; c < row.conditions().length; c++) {
            if (row.conditions()[c] instanceof Condition.OneOf) {
                cols.add(c);
            }
        }
        // Lists multiply into keys; past the cap the widest list is only checked, not hashed.
        while (product(row, cols) > MAX_KEYS_PER_ROW) {
            Integer widest = cols.stream().max((a, b) -> Integer.compare(size(row, a), size(row, b))).orElseThrow();
            cols.remove(widest);
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long product(AutoruleRow row, List<Integer> cols) {
        long p = 1;
        for (int c : cols) {
            p *= size(row, c);
        }
        return p;
    }

    private static int size(AutoruleRow row, int column) {
        return ((Condition.OneOf) row.conditions()[column]).values().size();
    }

    private static List<String> expandKeys(AutoruleRow row, int[] cols) {
        List<String> keys = List.of("");
        for (int i = 0; i < cols.length; i++) {
            List<String> next = new ArrayList<>();
            for (String prefix : keys) {
                for (String v : ((Condition.OneOf) row.conditions()[cols[i]]).values()) {
                    next.add(i == 0 ? part(v) : prefix + SEPARATOR + part(v));
                }
            }
            keys = next;
        }
        return keys;
    }

    private static String key(String[] values, int[] cols) {
        if (cols.length == 0) {
            return "";
        }
        if (cols.length == 1) {
            return part(values[cols[0]]);
        }
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < cols.length; i++) {
            if (i > 0) {
                b.append(SEPARATOR);
            }
            b.append(part(values[cols[i]]));
        }
        return b.toString();
    }

    private static String part(String v) {
        return v == null ? NULL_MARK : v;
    }

    private static int[] columnsOf(int mask) {
        return java.util.stream.IntStream.range(0, 32).filter(c -> (mask & (1 << c)) != 0).toArray();
    }
}
