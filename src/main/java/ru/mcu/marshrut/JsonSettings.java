package ru.mcu.marshrut;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** Dates keep the offset they were written with: a due date is read back in the municipality's offset. */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    public static final int MAX_NESTING = 32;

    /**
     * A mapper configured exactly as the service's (Quarkus applies {@link #customize} to its own), for code that
     * runs without CDI: engine-level tests, benchmarks, static loaders.
     */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        new JsonSettings().customize(mapper);
        return mapper;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        harden(mapper);
    }

    /**
     * A key given twice is ambiguous (which one did the caller mean?), and deep nesting only costs stack: both
     * are refused as malformed JSON (400). No request of the API nests more than a few levels.
     */
    public static ObjectMapper harden(ObjectMapper mapper) {
        mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).build());
        return mapper;
    }
}
