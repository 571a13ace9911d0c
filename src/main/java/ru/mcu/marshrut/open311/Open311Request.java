package ru.mcu.marshrut.open311;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service request as accepted through the Open311 front door: what Marshrut needs to answer GET requests that
 * the routing decision does not hold (the service code as sent, the location, media links). The citizen's contact
 * fields (email, names, phone, device and account ids) are checked but not kept: Marshrut routes the item, the
 * city system that sent it keeps its citizen's contact. {@code itemId} is the routed item's id,
 * {@code submittedBy} the principal that posted it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Open311Request(String serviceRequestId, String municipality, String itemId, String serviceCode,
        String description, BigDecimal lat, BigDecimal lon, String addressString, String addressId,
        List<String> mediaUrls, OffsetDateTime requestedAt, String submittedBy) {

    /** The routed item of a service request: ids never collide with platform item ids, which have no such prefix. */
    public static String itemIdOf(String serviceRequestId) {
        return "open311-" + serviceRequestId;
    }
}
