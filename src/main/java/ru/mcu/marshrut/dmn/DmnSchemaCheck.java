package ru.mcu.marshrut.dmn;

import java.io.StringReader;
import java.util.List;

import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.validation.DMNValidator;
import org.kie.dmn.validation.DMNValidatorFactory;

/** XML Schema validation of an autorule DMN (the check DMN editors and Kogito's build apply), as issues. */
public final class DmnSchemaCheck {

    private static final DMNValidator VALIDATOR = DMNValidatorFactory.newValidator();

    private DmnSchemaCheck() {
    }

    public static List<Issue> issues(String xml) {
        DmnSafety.check("DMN", xml);
        List<DMNMessage> messages;
        synchronized (VALIDATOR) {
            messages = VALIDATOR.validate(new StringReader(xml), DMNValidator.Validation.VALIDATE_SCHEMA);
        }
        return messages.stream().filter(m -> m.getLevel() == org.kie.api.builder.Message.Level.ERROR)
                .map(m -> Issue.error("SCHEMA", null, null, null, "Файл DMN не соответствует схеме DMN: " + m.getText()))
                .toList();
    }
}
