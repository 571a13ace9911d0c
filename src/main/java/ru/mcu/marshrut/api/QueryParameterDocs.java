package ru.mcu.marshrut.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import ru.mcu.marshrut.rating.ChannelGroup;
import ru.mcu.marshrut.rulesets.TableFormat;

/**
 * What the resources check in their query parameters, said in the OpenAPI document: which are required, which take
 * one of a few values, which are whole numbers and in what range. The resources read every parameter as text (a value
 * JAX-RS could not convert was a 404 naming nothing), so the generated document called them all optional strings.
 */
final class QueryParameterDocs {

    private QueryParameterDocs() {
    }

    /** One parameter's contract; null where the parameter's generated schema says it already. */
    record Rule(boolean required, List<String> values, Long min, Long max, boolean int32) {
        static Rule given() {
            return new Rule(true, null, null, null, false);
        }

        static Rule oneOf(String... values) {
            return new Rule(false, List.of(values), null, null, false);
        }

        /** A long (the audit's indexes). */
        static Rule wholeNumber(boolean required, long min, Long max) {
            return new Rule(required, null, min, max, false);
        }

        /** An int (a page and its size). */
        static Rule smallNumber(long min, Long max) {
            return new Rule(false, null, min, max, true);
        }
    }

    private static final String M = "/api/v1/municipalities/{municipality}";

    private static final String[] TABLE_FORMATS = Arrays.stream(TableFormat.values())
            .map(f -> f.name().toLowerCase()).toArray(String[]::new);

    /** Per operation ("METHOD path"), per query parameter. */
    static final Map<String, Map<String, Rule>> RULES = Map.ofEntries(
            Map.entry("GET " + M + "/ratings", Map.of("period", Rule.given(), "format", Rule.oneOf("json", "csv"),
                    "channels", Rule.oneOf(Arrays.stream(ChannelGroup.values()).map(Enum::name).toArray(String[]::new)))),
            Map.entry("GET " + M + "/reports/monthly", Map.of("month", Rule.given(), "format", Rule.oneOf("html", "xlsx"))),
            Map.entry("GET " + M + "/reports/weekly", Map.of("week", Rule.given(), "format", Rule.oneOf("md", "html"))),
            Map.entry("GET " + M + "/heatmap", Map.of("from", Rule.given(), "to", Rule.given())),
            Map.entry("POST " + M + "/autorules/{version}/simulate", Map.of("from", Rule.given(), "to", Rule.given())),
            Map.entry("GET " + M + "/autorules/{version}", Map.of("format", Rule.oneOf(TABLE_FORMATS))),
            Map.entry("POST " + M + "/autorules", Map.of("format", Rule.oneOf(TABLE_FORMATS))),
            Map.entry("GET " + M + "/audit/consistency", Map.of("first", Rule.wholeNumber(true, 0, null),
                    "second", Rule.wholeNumber(true, 0, null))),
            Map.entry("GET " + M + "/audit/export", Map.of("from", Rule.wholeNumber(false, 0, null),
                    "to", Rule.wholeNumber(false, 0, null))),
            Map.entry("GET /api/v1/routing-decisions", Map.of("page", Rule.smallNumber(0, (long) Integer.MAX_VALUE),
                    "size", Rule.smallNumber(1, (long) RoutingResource.MAX_PAGE_SIZE),
                    "outcome", Rule.oneOf("ROUTED", "MODERATION"))));

    /** Applies the rules of the operation, and gives a parameter with no schema at all (Open311's) a string one. */
    static void apply(String key, Operation op) {
        if (op.getParameters() == null) {
            return;
        }
        Map<String, Rule> rules = RULES.getOrDefault(key, Map.of());
        for (Parameter p : op.getParameters()) {
            if (p.getSchema() == null && p.getContent() == null) {
                p.setSchema(OASFactory.createSchema().type(Schema.SchemaType.STRING)); // OpenAPI 3.0 requires one
            }
            Rule r = p.getIn() == Parameter.In.QUERY ? rules.get(p.getName()) : null;
            if (r == null) {
                continue;
            }
            if (r.required()) {
                p.setRequired(true);
            }
            Schema s = p.getSchema() != null ? p.getSchema() : OASFactory.createSchema();
            if (r.values() != null) {
                s.setType(Schema.SchemaType.STRING);
                s.setEnumeration(List.copyOf(r.values()));
            }
            if (r.min() != null) {
                s.setType(Schema.SchemaType.INTEGER);
                s.setFormat(r.int32() ? "int32" : "int64");
                s.setMinimum(java.math.BigDecimal.valueOf(r.min()));
                if (r.max() != null) {
                    s.setMaximum(java.math.BigDecimal.valueOf(r.max()));
                }
            }
            p.setSchema(s);
        }
    }
}
