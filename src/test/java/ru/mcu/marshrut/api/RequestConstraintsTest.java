package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The Bean Validation annotations of request records as RequestBinder checks them (api/Constraint), without a container. */
class RequestConstraintsTest {

    record Inner(@NotNull String name, @Size(max = 3) String code) implements JsonRequest {
    }

    record Sample(@NotNull @Size(max = 5) String title,
            @Size(min = 2, max = 3, message = "must have between {min} and {max} entries") List<@Size(max = 4) String> tags,
            @Min(1) @Max(10) Integer amount,
            @Pattern(regexp = "\\d{8}|\\d{11}") String oktmo,
            @Pattern(regexp = "[a-z]+", message = "must be lower-case letters") String login,
            @Valid Inner inner,
            Inner unchecked) implements JsonRequest {
    }

    record WithEmail(@Email String mail) implements JsonRequest {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final RequestBinder binder = new RequestBinder(json, null, null);

    private List<Problem.FieldError> errors(String body) throws Exception {
        ProblemException e = catchThrowableOfType(() -> binder.bind(json.readTree(body), Sample.class), ProblemException.class);
        assertThat(e).as("a 400 for %s", body).isNotNull();
        assertThat(e.problem().status()).isEqualTo(400);
        return e.problem().errors();
    }

    private static Problem.FieldError error(String field, String message) {
        return new Problem.FieldError(field, message);
    }

    @Test
    void aRequestWithinEveryRuleIsBound() throws Exception {
        Sample s = binder.bind(json.readTree("""
                {"title":"Яма","tags":["a","bcde"],"amount":10,"oktmo":"65741000001","login":"op","inner":{"name":"x","code":"abc"},
                 "unchecked":{"code":"too long, but not checked"}}"""), Sample.class);
        assertThat(s.title()).isEqualTo("Яма");
        assertThat(s.tags()).containsExactly("a", "bcde");
        assertThat(s.inner()).isEqualTo(new Inner("x", "abc"));
        assertThat(s.unchecked().name()).isNull();
    }

    @Test
    void namesEveryBrokenRuleInTheOrderOfTheFieldsWithWhatWasSent() throws Exception {
        assertThat(errors("""
                {"inner":{"code":"abcd"},"login":"Op","oktmo":"1234","amount":0,"tags":["a","b","c","d"],"title":"123456"}"""))
                .containsExactly(
                        error("title", "must be at most 5 characters (got 6)"),
                        error("tags", "must have between 2 and 3 entries (got 4)"),
                        error("amount", "must be at least 1 (got 0)"),
                        error("oktmo", "has the wrong form"),
                        error("login", "must be lower-case letters"),
                        error("inner.name", "is required"),
                        error("inner.code", "must be at most 3 characters (got 4)"));
    }

    @Test
    void checksEachElementOfAListByItsIndex() throws Exception {
        assertThat(errors("""
                {"title":"t","tags":["abcde","ok","fghij"],"amount":11}"""))
                .containsExactly(
                        error("tags[0]", "must be at most 4 characters (got 5)"),
                        error("tags[2]", "must be at most 4 characters (got 5)"),
                        error("amount", "must be at most 10 (got 11)"));
    }

    record Secret(@Size(min = 4, max = 6) String pin) implements JsonRequest {
    }

    @Test
    void aStringsLengthIsItsCharactersNotJavasUnits() throws Exception {
        // five emoji are ten UTF-16 units and five characters, as the OpenAPI document's maxLength counts them
        assertThat(binder.bind(json.readTree("{\"title\":\"😀😀😀😀😀\"}"), Sample.class).title()).isEqualTo("😀😀😀😀😀");
        assertThat(errors("{\"title\":\"😀😀😀😀😀😀\"}")).containsExactly(error("title", "must be at most 5 characters (got 6)"));
        // two emoji are four units but two characters: too short
        ProblemException shortPin = catchThrowableOfType(() -> binder.bind(json.readTree("{\"pin\":\"😀😀\"}"), Secret.class),
                ProblemException.class);
        assertThat(shortPin.problem().errors()).containsExactly(error("pin", "must have 4 to 6 characters (got 2)"));
        assertThat(binder.bind(json.readTree("{\"pin\":\"😀😀😀😀\"}"), Secret.class).pin()).isEqualTo("😀😀😀😀");
    }

    @Test
    void onlyRequiredRejectsAnAbsentValue() throws Exception {
        assertThat(errors("{}")).containsExactly(error("title", "is required"));
        assertThat(errors("{\"title\":\"   \"}")).containsExactly(error("title", "is required"));
    }

    @Test
    void aFieldThatDidNotBindIsNamedOnceForItsType() throws Exception {
        assertThat(errors("""
                {"title":42,"tags":["ok",7],"amount":"many"}"""))
                .containsExactly(
                        error("title", "must be a string"),
                        error("tags[1]", "must be a string"),
                        error("amount", "must be a whole number"));
    }

    @Test
    void aRuleTheBinderDoesNotCheckFailsTheTypesFirstUse() {
        assertThatThrownBy(() -> binder.bind(json.readTree("{}"), WithEmail.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WithEmail.mail")
                .hasMessageContaining("@Email");
    }

    /** Every request record of the API uses only rules the binder checks: a new one fails here, not on a request. */
    @Test
    void everyRequestRecordOfTheApiHasOnlyRulesTheBinderChecks() throws Exception {
        Path dir = Path.of("target/classes/ru/mcu/marshrut/api");
        List<Class<?>> records;
        try (Stream<Path> files = Files.list(dir)) {
            records = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> "ru.mcu.marshrut.api." + n.substring(0, n.length() - ".class".length()))
                    .map(RequestConstraintsTest::load)
                    .filter(c -> c.isRecord() && JsonRequest.class.isAssignableFrom(c)).toList();
        }
        assertThat(records).extracting(Class::getSimpleName)
                .contains("RoutingRequest", "EventRequest", "DeadlineRequest", "RecipientStateRequest", "BatchRoutingRequest");
        for (Class<?> type : records) {
            try {
                binder.bind(json.readTree("{}"), type.asSubclass(JsonRequest.class));
            } catch (ProblemException required) {
                assertThat(required.problem().status()).as(type.getName()).isEqualTo(400);
            }
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
