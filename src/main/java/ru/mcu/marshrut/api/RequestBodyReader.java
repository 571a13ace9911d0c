package ru.mcu.marshrut.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

/** Reads every {@link JsonRequest} body through {@link RequestBinder}, instead of Jackson's stop-at-first-error binding. */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class RequestBodyReader implements MessageBodyReader<JsonRequest> {

    private final RequestBinder binder;

    public RequestBodyReader(RequestBinder binder) {
        this.binder = binder;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonRequest.class.isAssignableFrom(type);
    }

    @Override
    public JsonRequest readFrom(Class<JsonRequest> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        byte[] body = body(httpHeaders.getFirst(HttpHeaders.CONTENT_LENGTH), entityStream);
        return type == (Class<?>) BatchRoutingRequest.class ? binder.readBatch(body) : binder.read(body, type);
    }

    /**
     * The body's bytes: exactly as many as the request declares when it does (one array of that size; {@code
     * readAllBytes} reads into 16 KB chunks and copies), all there are otherwise. The body limit is checked before.
     */
    static byte[] body(String contentLength, InputStream in) throws IOException {
        if (contentLength != null) {
            try {
                int length = Integer.parseInt(contentLength.strip());
                if (length >= 0) {
                    return in.readNBytes(length);
                }
            } catch (NumberFormatException notANumber) {
                // read what there is
            }
        }
        return in.readAllBytes();
    }
}
