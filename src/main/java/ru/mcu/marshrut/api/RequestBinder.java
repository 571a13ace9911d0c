package ru.mcu.marshrut.api;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.model.SupportedDates;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.security.Access;

/**
 * Binds a JSON object to a {@link JsonRequest} record in three passes whose errors end up in one 400: each
 * component read by its Java type (a wrong JSON type, an unknown enumeration value, a date-time without its UTC
 * offset — each named by its field), then checked by its Bean Validation annotations ({@link Constraint}: on the
 * component, on a list's elements, and into a nested record marked {@code @Valid}), then the record's
 * {@link JsonRequest#check cross-field rules}. Jackson's own binding stops at the first bad field; callers expect all
 * of them at once.
 * Strings are stripped, and a blank string is the absent value; a string that is not valid Unicode or holds control
 * characters is refused (tab and line breaks are allowed in {@link FreeText} and {@link Verbatim} fields, and free
 * text has what cannot be stored replaced instead). Unknown fields are ignored, except in a {@link KnownFieldsOnly}
 * request.
 */
@ApplicationScoped
public class RequestBinder {

    /** An enum's constant names, in declaration order. */
    private static final ClassValue<List<String>> ENUM_NAMES = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            return Arrays.stream(type.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
        }
    };
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** The service's mapper, refusing anything after the body's JSON value: a second item there was silently lost. */
    private final com.fasterxml.jackson.databind.ObjectReader json;
    private final ObjectMapper mapper;
    private final MunicipalityCatalog municipalities;
    private final Access access;

    public RequestBinder(ObjectMapper json, MunicipalityCatalog municipalities, Access access) {
        this.json = json.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.mapper = json;
        this.municipalities = municipalities;
        this.access = access;
    }

    /** The request of a whole body: a 400 naming {@code body} when it is empty, malformed or no JSON object. */
    public <R extends JsonRequest> R read(byte[] body, Class<R> type) {
        return bind(parse(body), type);
    }

    /** One JSON value as the request {@code type}, or a 400 naming every bad field. */
    public <R extends JsonRequest> R bind(JsonNode node, Class<R> type) {
        if (node == null || !node.isObject()) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        FieldErrors errors = new FieldErrors();
        R request = type.cast(record(node, type, "", errors, true));
        Shape shape = SHAPES.get(type);
        request.check(errors);
        if (!errors.isEmpty()) {
            // In the order the fields are declared (and documented), whichever pass found them.
            List<String> order = Arrays.asList(shape.names);
            errors.sort(Comparator.comparingInt(f -> {
                int at = order.indexOf(topLevel(f));
                return at < 0 ? order.size() : at;
            }));
            errors.throwIfAny();
        }
        return request;
    }

    /** A routing batch: read as {@link BatchBody} keeps it, only what binding it can use. */
    public BatchRoutingRequest readBatch(byte[] body) {
        return bind(parse(body, true), BatchRoutingRequest.class);
    }

    JsonNode parse(byte[] body) {
        return parse(body, false);
    }

    private JsonNode parse(byte[] body, boolean batch) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        JsonNode node;
        try {
            node = batch ? BatchBody.parse(mapper, body) : json.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's words for content after the value name its own classes and settings
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")
                    ? "one JSON value is expected, and something follows it" : e.getOriginalMessage();
            throw ProblemException.invalid("body", "malformed JSON: " + what
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr()));
        } catch (java.io.IOException e) {
            throw ProblemException.invalid("body", "unreadable body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        return node;
    }

    /** A record bound from {@code node}; {@code checked}: its constraints checked too (a nested one: if {@code @Valid}). */
    private Object record(JsonNode node, Class<?> type, String prefix, FieldErrors errors, boolean checked) {
        Shape shape = SHAPES.get(type);
        Object[] values = new Object[shape.components.length];
        for (int i = 0; i < values.length; i++) {
            String field = prefix.isEmpty() ? shape.names[i] : prefix + shape.names[i];
            JsonNode n = node.get(shape.names[i]);
            // A verbatim field (a password) may hold a tab or a line break: one set before these checks must still work
            values[i] = shape.verbatim[i] && n != null && n.isTextual() ? text(n.textValue(), field, errors, true)
                    : shape.freeText[i] && n != null && n.isTextual() ? freeText(n.textValue())
                    : value(n, shape.types[i], field, errors, shape.cascade[i]);
            if (checked) {
                check(shape, i, field, values[i], errors);
            }
            if (shape.municipality[i]) {
                knownMunicipalities(field, values[i], errors);
            }
        }
        if (shape.knownFieldsOnly != null) {
            List<String> known = Arrays.asList(shape.names);
            List<String> answered = Arrays.asList(shape.knownFieldsOnly.answered());
            for (var names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!known.contains(name) && !answered.contains(name)) {
                    errors.add(prefix + name, "unknown field; this request has " + known);
                }
            }
        }
        try {
            return shape.constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /**
     * A component's constraints, then its elements' (a list's): the first violation of a field is its error, and a
     * field that failed to bind — or whose elements did — has its error already.
     */
    private static void check(Shape shape, int i, String field, Object value, FieldErrors errors) {
        if (errors.has(field)) {
            return;
        }
        for (Constraint c : shape.own[i]) { // an array: no iterator per field and request
            String message = c.violation(value);
            if (message != null) {
                errors.add(field, message);
                return;
            }
        }
        if (shape.elements[i].length > 0 && value instanceof List<?> list) {
            for (int e = 0; e < list.size(); e++) {
                for (Constraint c : shape.elements[i]) {
                    String message = c.violation(list.get(e));
                    if (message != null) {
                        errors.add(field + "[" + e + "]", message);
                        break;
                    }
                }
            }
        }
    }

    /**
     * An unknown municipality is a 400 for a caller that sees every one, or that names one of its own scope (a
     * municipality no longer served, a claim of a token); any other unknown one is left to the scope check, which
     * answers it as another's (403) — two answers told a caller of some municipalities which others exist.
     */
    private void knownMunicipalities(String field, Object value, FieldErrors errors) {
        if (value instanceof String s && municipalities.find(s).isEmpty() && access.mayBeToldUnknown(s)) {
            errors.add(field, "unknown municipality \"" + s + "\"; yours: " + access.municipalityIds());
        } else if (value instanceof List<?> list) {
            List<?> unknown = list.stream().filter(m -> m instanceof String s && municipalities.find(s).isEmpty()
                    && access.mayBeToldUnknown(s)).toList();
            if (!unknown.isEmpty()) {
                errors.add(field, "unknown " + unknown + "; yours: " + access.municipalityIds());
            }
        }
    }

    private Object value(JsonNode n, Type type, String field, FieldErrors errors, boolean cascade) {
        Class<?> raw = raw(type);
        if (raw == JsonNode.class) {
            return n; // read later by the caller (a batch element answers its own problem, null included)
        }
        if (n == null || n.isNull()) {
            return null;
        }
        if (raw == String.class) {
            if (!n.isTextual()) {
                errors.add(field, "must be a string");
                return null;
            }
            String s = n.textValue().strip();
            return s.isEmpty() ? null : text(s, field, errors, false);
        }
        if (raw.isEnum()) {
            List<String> names = ENUM_NAMES.get(raw);
            String s = n.isTextual() ? n.textValue().strip() : null;
            if (s != null && s.isEmpty()) {
                return null;
            }
            int at = s == null ? -1 : names.indexOf(s);
            if (at < 0) {
                errors.add(field, "must be one of " + names + (s == null ? "" : " (got \"" + s + "\")"));
                return null;
            }
            return raw.getEnumConstants()[at];
        }
        if (raw == OffsetDateTime.class) {
            return n.isTextual() ? dateTime(field, n.textValue().strip(), errors) : wrong(field, "must be a string: "
                    + "an ISO-8601 date-time with offset, e.g. 2026-03-02T10:15:00+05:00", errors);
        }
        if (raw == LocalDate.class) {
            try {
                if (!n.isTextual()) {
                    return wrong(field, "must be a date like 2026-03-02", errors);
                }
                LocalDate d = LocalDate.parse(n.textValue().strip());
                return SupportedDates.contains(d.getYear()) ? d
                        : wrong(field, "must be a date " + SupportedDates.RANGE + " (got \"" + n.textValue().strip() + "\")", errors);
            } catch (DateTimeParseException e) {
                return wrong(field, "must be a date like 2026-03-02 (got \"" + n.textValue().strip() + "\")", errors);
            }
        }
        if (raw == Integer.class) {
            return n.canConvertToExactIntegral() && n.canConvertToInt() ? n.intValue() : wrong(field, "must be a whole number", errors);
        }
        if (raw == Boolean.class) {
            return n.isBoolean() ? n.booleanValue() : wrong(field, "must be true or false", errors);
        }
        if (raw == List.class) {
            if (!n.isArray()) {
                return wrong(field, "must be an array", errors);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) {
                Object v = value(n.get(i), element, field + "[" + i + "]", errors, cascade);
                if (v == null && element != JsonNode.class && !errors.has(field + "[" + i + "]")) {
                    errors.add(field + "[" + i + "]", "must not be null or blank");
                }
                out.add(v);
            }
            return java.util.Collections.unmodifiableList(out);
        }
        if (raw.isRecord() && JsonRequest.class.isAssignableFrom(raw)) {
            return n.isObject() ? record(n, raw, field + ".", errors, cascade) : wrong(field, "must be an object", errors);
        }
        throw new IllegalStateException(field + ": no binding for " + type);
    }

    /**
     * Text that is Unicode and can be stored and shown: an unpaired surrogate is written to the stores as "?" (two
     * item ids would share a key), and a control character other than tab and line breaks splits what reports join
     * (and XML cannot carry it). Refused, naming the field and the position.
     */
    static String text(String s, String field, FieldErrors errors, boolean lineBreaks) {
        int i = ru.mcu.marshrut.model.StorableText.firstNotKept(s, 0, lineBreaks);
        if (i < 0) {
            return s;
        }
        char c = s.charAt(i);
        int at = s.codePointCount(0, i) + 1;
        if (Character.isSurrogate(c)) {
            return (String) wrong(field, "is not valid Unicode: an unpaired surrogate (U+" + hex(c) + ") at character " + at,
                    errors);
        }
        return (String) wrong(field, "contains a control character (U+" + hex(c) + ") at character " + at
                + (ru.mcu.marshrut.model.StorableText.xmlChar(c) ? "; line breaks and tabs are for free text only" : ""),
                errors);
    }

    /** Free text as sent (stripped, blank is absent), each character no text can keep replaced by U+FFFD. */
    static String freeText(String raw) {
        String s = raw.strip();
        return s.isEmpty() ? null : ru.mcu.marshrut.model.StorableText.replacingNotKept(s);
    }

    /** Most characters a version's comment may have (it is listed with every version and in the log). */
    static final int MAX_COMMENT = 500; // 500 Cyrillic letters, percent-encoded, still fit the request line

    /**
     * An upload's {@code ?comment=}: stripped, blank is none, at most {@value #MAX_COMMENT} characters of Unicode
     * without control characters; otherwise a 400 naming {@code comment}.
     */
    static String comment(String raw) {
        String s = raw == null ? null : raw.strip();
        if (s == null || s.isEmpty()) {
            return null;
        }
        FieldErrors errors = new FieldErrors();
        int length = s.codePointCount(0, s.length());
        if (length > MAX_COMMENT) {
            errors.add("comment", "is limited to " + MAX_COMMENT + " characters (got " + length + ")");
        } else {
            text(s, "comment", errors, false);
        }
        errors.throwIfAny();
        return s;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private static Object wrong(String field, String message, FieldErrors errors) {
        errors.add(field, message);
        return null;
    }

    /** A date-time with its UTC offset; one without gets the hint that the offset is what is missing. */
    static OffsetDateTime dateTime(String field, String s, FieldErrors errors) {
        try {
            OffsetDateTime t = IsoDateTimes.parse(s);
            if (!SupportedDates.contains(t.getYear())) {
                errors.add(field, "must be a date-time " + SupportedDates.RANGE + " (got \"" + s + "\")");
                return null;
            }
            return t;
        } catch (DateTimeParseException e) {
            if (isLocal(s)) {
                errors.add(field, "must include a UTC offset, e.g. 2026-03-02T10:15:00+05:00 (got \"" + s + "\")");
            } else {
                errors.add(field, "must be an ISO-8601 date-time with offset, e.g. 2026-03-02T10:15:00+05:00 (got \"" + s + "\")");
            }
            return null;
        }
    }

    private static boolean isLocal(String s) {
        try {
            LocalDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDate.parse(s);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String topLevel(String field) {
        int dot = field.indexOf('.');
        int bracket = field.indexOf('[');
        int end = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
        return end < 0 ? field : field.substring(0, end);
    }

    /**
     * A record's components, their JSON names ({@code @JsonProperty} on the component, else its own), generic types,
     * marks ({@link Verbatim}, {@link MunicipalityId}), constraints ({@link Constraint}: the component's own, its list
     * elements', whether a nested record is checked — {@code @Valid}) and its constructor: read once per type, not per
     * request.
     */
    private record Shape(RecordComponent[] components, String[] names, Type[] types, boolean[] verbatim, boolean[] freeText,
            boolean[] municipality, Constraint[][] own, Constraint[][] elements, boolean[] cascade,
            Constructor<?> constructor, KnownFieldsOnly knownFieldsOnly) {

        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type + " is not a record");
            }
            RecordComponent[] components = type.getRecordComponents();
            try {
                Constructor<?> c = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                c.setAccessible(true);
                int n = components.length;
                String[] names = new String[n];
                Type[] types = new Type[n];
                boolean[] verbatim = new boolean[n];
                boolean[] freeText = new boolean[n];
                boolean[] municipality = new boolean[n];
                Constraint[][] own = new Constraint[n][];
                Constraint[][] elements = new Constraint[n][];
                boolean[] cascade = new boolean[n];
                for (int i = 0; i < n; i++) {
                    // Bean Validation's annotations do not target record components: they are found on the field.
                    Field field = type.getDeclaredField(components[i].getName());
                    var property = field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    names[i] = property == null || property.value().isEmpty() ? components[i].getName() : property.value();
                    types[i] = components[i].getGenericType();
                    verbatim[i] = components[i].isAnnotationPresent(Verbatim.class);
                    freeText[i] = components[i].isAnnotationPresent(FreeText.class);
                    municipality[i] = components[i].isAnnotationPresent(MunicipalityId.class);
                    String where = type.getSimpleName() + "." + components[i].getName();
                    own[i] = Constraint.of(field.getAnnotations(), where);
                    elements[i] = field.getAnnotatedType() instanceof AnnotatedParameterizedType p
                            ? Constraint.of(p.getAnnotatedActualTypeArguments()[0].getAnnotations(), where + "[]")
                            : new Constraint[0];
                    cascade[i] = field.isAnnotationPresent(Valid.class);
                }
                return new Shape(components, names, types, verbatim, freeText, municipality, own, elements, cascade, c,
                        type.getAnnotation(KnownFieldsOnly.class));
            } catch (NoSuchMethodException | NoSuchFieldException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }
    }
}
