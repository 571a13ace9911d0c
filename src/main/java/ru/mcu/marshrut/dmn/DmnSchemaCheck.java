package ru.mcu.marshrut.dmn;

import java.io.StringReader;
import java.util.List;

import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.validation.DMNValidator;
import org.kie.dmn.validation.DMNValidatorFactory;

/** XML Schema validation of an autorule DMN (the check DMN editors and Kogito's build apply), as issues. */
public final class DmnSchemaCheck {

    private static final DMNValidator VALIDATOR = DMNValidatorFactory.newValidator();
    /**
     * Read last by the DMN marshaller's shared StAX factory after each check. The validator hands that factory a copy
     * of the text to find its DMN version, and the factory keeps its last reader, and the reader its text: the
     * largest upload stayed on the heap (38 MB) until the next check.
     */
    private static final String RELEASE = "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\"/>";

    private DmnSchemaCheck() {
    }

    public static List<Issue> issues(String xml) {
        DmnSafety.check("DMN", xml);
        List<DMNMessage> messages;
        synchronized (VALIDATOR) {
            try {
                messages = VALIDATOR.validate(new StringReader(xml), DMNValidator.Validation.VALIDATE_SCHEMA);
            } finally {
                org.kie.dmn.backend.marshalling.v1x.XStreamMarshaller.getNsContextValues(new StringReader(RELEASE));
            }
        }
        return messages.stream().filter(m -> m.getLevel() == org.kie.api.builder.Message.Level.ERROR)
                .map(m -> Issue.error("SCHEMA", null, null, null, "Файл DMN не соответствует схеме DMN: " + m.getText()))
                .toList();
    }
}
