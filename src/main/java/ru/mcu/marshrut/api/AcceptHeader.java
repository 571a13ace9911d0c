package ru.mcu.marshrut.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the media type of an answer offered in several (a report as HTML or XLSX, a rating as JSON or CSV) by the
 * request's Accept header, as RFC 9110 §12.5.1 reads it: each offered type takes the quality of the most specific
 * range that matches it ({@code text/csv} before {@code text/*} before {@code *}{@code /*}); the highest quality
 * wins, then the type named over one a wildcard takes, then the range the client listed first, then the operation's
 * own order. An operation whose answer has one media type is negotiated by the framework instead; an explicit
 * {@code ?format=} is chosen before this is asked.
 */
final class AcceptHeader {

    /** The higher quality first; of equals, the type the client named over one a wildcard takes; then the first listed. */
    private static final Comparator<Range> PREFERENCE = Comparator.comparingDouble((Range r) -> -r.q())
            .thenComparingInt(r -> -r.specificity()).thenComparingInt(Range::position);

    private AcceptHeader() {
    }

    /**
     * The offered choice the header prefers; the first offered when there is no header; empty when the header
     * accepts none of them (a 406).
     */
    static <T> Optional<T> choose(String accept, List<T> offered, Function<T, List<String>> mediaTypes) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(offered.get(0));
        }
        List<Range> ranges = ranges(accept);
        T best = null;
        Range bestRange = null;
        for (T choice : offered) {
            // a format known by several names is as acceptable as its most acceptable name
            Range r = null;
            for (String mediaType : mediaTypes.apply(choice)) {
                Range m = mostSpecific(ranges, mediaType);
                if (m != null && (r == null || PREFERENCE.compare(m, r) < 0)) {
                    r = m;
                }
            }
            if (r != null && r.q > 0 && (bestRange == null || PREFERENCE.compare(r, bestRange) < 0)) {
                best = choice;
                bestRange = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The format (a value of the operation's {@code ?format=}) whose media type the header prefers, the first when
     * there is no header; a 406 naming them when it takes none.
     */
    static String format(String accept, List<String> formats, List<String> mediaTypes) {
        return choose(accept, formats, f -> List.of(mediaTypes.get(formats.indexOf(f))))
                .orElseThrow(() -> ProblemException.notAcceptable(mediaTypes, formats));
    }

    /** An answer whose media type Accept chose says so to caches ({@code Vary}); one that ?format= chose does not vary. */
    static jakarta.ws.rs.core.Response negotiated(jakarta.ws.rs.core.Response answer, String format) {
        return format != null ? answer
                : jakarta.ws.rs.core.Response.fromResponse(answer).header(jakarta.ws.rs.core.HttpHeaders.VARY, "Accept").build();
    }

    /** The Accept header's media ranges; one whose quality cannot be read counts as not accepted. */
    private static List<Range> ranges(String accept) {
        List<Range> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] params = parts[i].split(";");
            // ";" alone splits into nothing (String.split drops trailing empty strings): no range, as an empty one
            String range = params.length == 0 ? "" : params[0].strip().toLowerCase(Locale.ROOT);
            if (range.isEmpty()) {
                continue;
            }
            if (range.equals("*")) {
                range = "*/*"; // as some HTTP clients send it
            }
            double q = 1;
            for (int p = 1; p < params.length; p++) {
                String param = params[p].strip().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    q = quality(param.substring(2).strip());
                }
            }
            ranges.add(new Range(range, q, i, range.equals("*/*") ? 0 : range.endsWith("/*") ? 1 : 2));
        }
        return ranges;
    }

    private static double quality(String value) {
        try {
            double q = Double.parseDouble(value);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The most specific range matching the media type (the first listed of equals), or null. */
    private static Range mostSpecific(List<Range> ranges, String mediaType) {
        String type = mediaType.substring(0, mediaType.indexOf('/') + 1);
        Range best = null;
        for (Range r : ranges) {
            boolean matches = switch (r.specificity) {
                case 0 -> true;
                case 1 -> r.range.equals(type + "*");
                default -> r.range.equals(mediaType);
            };
            if (matches && (best == null || r.specificity > best.specificity)) {
                best = r;
            }
        }
        return best;
    }

    private record Range(String range, double q, int position, int specificity) {
    }
}
