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
 * <p>Every value a column's cells name gets a small number (its dictionary id). Rows are grouped by which
 * columns they constrain with equality ("the row's shape"); each shape maps the packed ids of its columns to
 * the rows carrying them. An item costs one dictionary lookup per column and one open-addressing lookup per
 * shape — tables have a handful of shapes, however many rows. Equal ids are equal strings, so a candidate is
 * then checked only on the cells its shape did not key on ({@code not(...)} cells, lists too wide to expand). Matches are
 * returned in table order, so the first is the selected row, exactly as DMN's FIRST hit policy.
 */
public final class AutoruleIndex {

    /** A row whose lists multiply out to more keys than this keeps its widest list as a checked-only cell. */
    private static final int MAX_KEYS_PER_ROW = 256;
    private static final int[] NONE = new int[0];

    private final AutoruleRow[] rows;
    /** Per column: value → id (1-based); {@code null} is a value too (HashMap allows a null key). */
    private final List<Map<String, Integer>> dictionaries;
    private final int[] bits;
    private final Shape[] shapes;
    /** Per row: the columns its shape does not already guarantee (not(...) cells, unexpanded lists). */
    private final int[][] residual;

    private AutoruleIndex(AutoruleRow[] rows, List<Map<String, Integer>> dictionaries, int[] bits, Shape[] shapes,
            int[][] residual) {
        this.rows = rows;
        this.residual = residual;
        this.dictionaries = dictionaries;
        this.bits = bits;
        this.shapes = shapes;
    }

    public static AutoruleIndex build(AutoruleTable table) {
        return build(table, 63);
    }

    /** {@code maxPackedBits} below 63 only in tests, to exercise the wide-key path on small tables. */
    static AutoruleIndex build(AutoruleTable table, int maxPackedBits) {
        AutoruleRow[] rows = table.rows().toArray(AutoruleRow[]::new);
        int columns = AutoruleTable.COLUMNS.size();
        List<Map<String, Integer>> dictionaries = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            dictionaries.add(new HashMap<>());
        }
        int[][] indexed = new int[rows.length][];
        for (AutoruleRow row : rows) {
            indexed[row.index()] = indexedColumns(row);
            for (int c : indexed[row.index()]) {
                Map<String, Integer> dict = dictionaries.get(c);
                for (String v : ((Condition.OneOf) row.conditions()[c]).values()) {
                    dict.putIfAbsent(v, dict.size() + 1);
                }
            }
        }
        int[] bits = new int[columns];
        for (int c = 0; c < columns; c++) {
            bits[c] = 64 - Long.numberOfLeadingZeros(dictionaries.get(c).size() + 1L);
        }
        Map<Integer, Map<Long, List<Integer>>> byShape = new LinkedHashMap<>();
        Map<Integer, Map<List<Integer>, List<Integer>>> wideShapes = new LinkedHashMap<>();
        for (AutoruleRow row : rows) {
            int[] cols = indexed[row.index()];
            int mask = 0;
            int width = 0;
            for (int c : cols) {
                mask |= 1 << c;
                width += bits[c];
            }
            for (int[] ids : expandIds(row, cols, dictionaries)) {
                if (width <= maxPackedBits) {
                    byShape.computeIfAbsent(mask, m -> new HashMap<>())
                            .computeIfAbsent(pack(ids, cols, bits), k -> new ArrayList<>(1)).add(row.index());
                } else {
                    wideShapes.computeIfAbsent(mask, m -> new HashMap<>())
                            .computeIfAbsent(boxed(ids), k -> new ArrayList<>(1)).add(row.index());
                }
            }
        }
        List<Shape> shapes = new ArrayList<>();
        byShape.forEach((mask, keys) -> shapes.add(new PackedShape(columnsOf(mask), keys)));
        wideShapes.forEach((mask, keys) -> shapes.add(new WideShape(columnsOf(mask), keys)));
        int[][] residual = new int[rows.length][];
        for (AutoruleRow row : rows) {
            List<Integer> cols = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                final int col = c;
                boolean guaranteed = Arrays.stream(indexed[row.index()]).anyMatch(i -> i == col);
                if (!guaranteed && !(row.conditions()[c] instanceof Condition.Any)) {
                    cols.add(c);
                }
            }
            residual[row.index()] = cols.stream().mapToInt(Integer::intValue).toArray();
        }
        return new AutoruleIndex(rows, List.copyOf(dictionaries.stream().map(d -> (Map<String, Integer>) new HashMap<>(d)).toList()),
                bits, shapes.toArray(Shape[]::new), residual);
    }

    /** Indices (table order) of every row that matches the item's values; the first is the selected row. */
    public int[] match(String[] values) {
        int[] ids = new int[values.length];
        for (int c = 0; c < values.length; c++) {
            Integer id = dictionaries.get(c).get(values[c]);
            ids[c] = id == null ? 0 : id; // 0: no cell names this value, no equality shape on c can match
        }
        int[] found = null;
        int n = 0;
        for (Shape shape : shapes) {
            int[] candidates = shape.candidates(ids, bits);
            for (int r : candidates) {
                if (residualMatches(r, values)) {
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
            return NONE;
        }
        int[] result = n == found.length ? found : Arrays.copyOf(found, n);
        if (n > 1) {
            Arrays.sort(result);
        }
        return result;
    }

    /** Equal dictionary ids mean equal strings, so only the cells the shape did not key on are checked. */
    private boolean residualMatches(int r, String[] values) {
        int[] cols = residual[r];
        if (cols.length == 0) {
            return true;
        }
        Condition[] conditions = rows[r].conditions();
        for (int c : cols) {
            if (!conditions[c].matches(values[c])) {
                return false;
            }
        }
        return true;
    }

    public AutoruleRow row(int index) {
        return rows[index];
    }

    public int rowCount() {
        return rows.length;
    }

    public int shapeCount() {
        return shapes.length;
    }

    private interface Shape {
        int[] candidates(int[] ids, int[] bits);
    }

    /** Shapes whose packed ids fit in a long: an open-addressing table, no allocation per lookup. */
    private static final class PackedShape implements Shape {
        private final int[] columns;
        private final long[] keys;
        private final int[][] values;
        private final int mask;

        PackedShape(int[] columns, Map<Long, List<Integer>> entries) {
            this.columns = columns;
            int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
            this.keys = new long[capacity];
            this.values = new int[capacity][];
            this.mask = capacity - 1;
            entries.forEach((k, rows) -> {
                int slot = slot(k);
                while (values[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k;
                values[slot] = rows.stream().mapToInt(Integer::intValue).toArray();
            });
        }

        @Override
        public int[] candidates(int[] ids, int[] bits) {
            long key = 0;
            for (int c : columns) {
                if (ids[c] == 0) {
                    return NONE;
                }
                key = (key << bits[c]) | ids[c];
            }
            for (int slot = slot(key);; slot = (slot + 1) & mask) {
                int[] v = values[slot];
                if (v == null) {
                    return NONE;
                }
                if (keys[slot] == key) {
                    return v;
                }
            }
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }

    /** Shapes over very large vocabularies (more than 63 bits of ids): a map keyed by the id list. */
    private static final class WideShape implements Shape {
        private final int[] columns;
        private final Map<List<Integer>, int[]> rowsByKey = new HashMap<>();

        WideShape(int[] columns, Map<List<Integer>, List<Integer>> entries) {
            this.columns = columns;
            entries.forEach((k, rows) -> rowsByKey.put(k, rows.stream().mapToInt(Integer::intValue).toArray()));
        }

        @Override
        public int[] candidates(int[] ids, int[] bits) {
            Integer[] key = new Integer[columns.length];
            for (int i = 0; i < columns.length; i++) {
                if (ids[columns[i]] == 0) {
                    return NONE;
                }
                key[i] = ids[columns[i]];
            }
            int[] r = rowsByKey.get(Arrays.asList(key));
            return r == null ? NONE : r;
        }
    }

    private static long pack(int[] ids, int[] cols, int[] bits) {
        long key = 0;
        for (int i = 0; i < cols.length; i++) {
            key = (key << bits[cols[i]]) | ids[i];
        }
        return key;
    }

    private static List<Integer> boxed(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
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

    /** Every combination of the ids of the row's listed values, in the order of {@code cols}. */
    private static List<int[]> expandIds(AutoruleRow row, int[] cols, List<Map<String, Integer>> dictionaries) {
        List<int[]> combos = new ArrayList<>();
        combos.add(new int[0]);
        for (int i = 0; i < cols.length; i++) {
            List<int[]> next = new ArrayList<>();
            for (int[] prefix : combos) {
                for (String v : ((Condition.OneOf) row.conditions()[cols[i]]).values()) {
                    int[] ids = Arrays.copyOf(prefix, prefix.length + 1);
                    ids[prefix.length] = dictionaries.get(cols[i]).get(v);
                    next.add(ids);
                }
            }
            combos = next;
        }
        return combos;
    }

    private static int[] columnsOf(int mask) {
        return java.util.stream.IntStream.range(0, 32).filter(c -> (mask & (1 << c)) != 0).toArray();
    }
}
