package ru.mcu.marshrut.dmn;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One validation finding, in Russian for the administrator, located by row (1-based) and column.
 * ERROR blocks activation; WARNING does not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Issue(Severity severity, String code, Integer row, String ruleId, String column, String message) {

    public enum Severity {
        ERROR, WARNING
    }

    public static Issue error(String code, Integer row, String ruleId, String column, String message) {
        return new Issue(Severity.ERROR, code, row, ruleId, column, message);
    }

    public static Issue warning(String code, Integer row, String ruleId, String column, String message) {
        return new Issue(Severity.WARNING, code, row, ruleId, column, message);
    }
}
