package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.audit.log.AuditLog;
import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.security.Access;

/** A batch item that fails while it is decided or stored is answered as the single call answers the same failure. */
class BatchItemFailureTest {

    private static final RoutingItem ITEM = new RoutingItem("b-1", "kachkanar", "POS", "Дороги", null, null, "яма",
            "CITIZEN", "NORMAL", OffsetDateTime.parse("2026-03-02T10:15:00+05:00"), null, null);

    @Test
    void aDamagedAuditLogIsToldAsSuchNotAsAnUnknownError() {
        var result = BatchRoutingResource.failed(ITEM, new AuditLog.DamagedLogException("kachkanar", "запись 3 изменена"));
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.problem().type()).isEqualTo("/problems/audit-log-damaged");
        assertThat(result.problem().detail()).startsWith("Журнал аудита kachkanar повреждён: запись 3 изменена");
    }

    @Test
    void aProblemOrAScopeRefusalKeepsItsStatusAndField() {
        var invalid = BatchRoutingResource.failed(ITEM, ProblemException.invalid("oktmo", "must have 8 or 11 digits"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.problem().errors()).extracting(Problem.FieldError::field).containsExactly("oktmo");
        var scope = BatchRoutingResource.failed(ITEM, new Access.ScopeException(403, "municipality", "not yours"));
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.problem().type()).isEqualTo("/problems/forbidden");
    }

    @Test
    void anythingElseIsAnInternalErrorThatSaysToSendTheItemAgain() {
        var result = BatchRoutingResource.failed(ITEM, new IllegalStateException("store timed out"));
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.problem().type()).isEqualTo("/problems/internal");
        assertThat(result.problem().detail()).contains("send it again");
    }
}
