package ru.mcu.marshrut.open311;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two formats of GeoReport v2, chosen by the resource's suffix: XML ({@code text/xml}, no namespace, the
 * declaration with {@code encoding="utf-8"}, a list element holding one element per item, null as an empty element)
 * and JSON (the same as an array of objects, the Spark convention). Always UTF-8; dates in W3C date-time with offset.
 */
public enum Open311Format {
    JSON("application/json; charset=utf-8"), XML("text/xml; charset=utf-8");

    private static final XMLOutputFactory XML_OUT = XMLOutputFactory.newFactory();
    private static final ObjectMapper PLAIN_JSON = ru.mcu.marshrut.JsonSettings.newMapper();
    /** Seconds precision, offset always written ({@code Z} for UTC): W3C date-time. */
    static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    private final String mediaType;

    Open311Format(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@code json} or {@code xml} (any case); anything else is null. */
    public static Open311Format of(String suffix) {
        if (suffix == null) {
            return null;
        }
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "xml" -> XML;
            default -> null;
        };
    }

    /** The format of a request path: XML when it ends with {@code .xml}, JSON otherwise. */
    public static Open311Format ofPath(String path) {
        return path != null && path.toLowerCase(Locale.ROOT).endsWith(".xml") ? XML : JSON;
    }

    /**
     * A list document: {@code root} holds one {@code item} element per map (XML), or the maps are an array (JSON).
     * Values: String, Number, Boolean, OffsetDateTime or null, in the maps' order.
     */
    public byte[] write(String root, String item, List<? extends Map<String, ?>> items) {
        return this == JSON ? json(items) : xml(root, item, items);
    }

    private static byte[] json(List<? extends Map<String, ?>> items) {
        List<Map<String, Object>> plain = items.stream().map(m -> {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v instanceof OffsetDateTime t ? W3C.format(t) : v));
            return out;
        }).toList();
        try {
            return PLAIN_JSON.writeValueAsBytes(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] xml(String root, String item, List<? extends Map<String, ?>> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XML_OUT.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("utf-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement(root);
            for (Map<String, ?> m : items) {
                w.writeCharacters("\n  ");
                w.writeStartElement(item);
                for (Map.Entry<String, ?> e : m.entrySet()) {
                    w.writeCharacters("\n    ");
                    Object v = e.getValue();
                    if (v == null) {
                        w.writeEmptyElement(e.getKey());
                    } else {
                        w.writeStartElement(e.getKey());
                        w.writeCharacters(xmlSafe(v instanceof OffsetDateTime t ? W3C.format(t)
                                : v instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(v)));
                        w.writeEndElement();
                    }
                }
                w.writeCharacters("\n  ");
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** XML 1.0 cannot carry every character: one it cannot (a control character, a lone surrogate) becomes U+FFFD. */
    static String xmlSafe(String s) {
        return ru.mcu.marshrut.model.StorableText.replacingNotKept(s);
    }
}
