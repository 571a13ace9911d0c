package ru.mcu.marshrut.open311;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the OpenAPI document says GeoReport v2 reads and answers here. The resource reads the form and the query by
 * name ({@link Open311Fields}) and writes maps in the spec's field names, JSON or XML by the suffix: these records are
 * never made, they only describe (Open311DocumentTest holds them to the answers).
 */
final class Open311Schemas {

    private Open311Schemas() {
    }

    @Schema(name = "Open311RequestForm", description = "POST Service Request, as a form (application/x-www-form-urlencoded,"
            + " or multipart/form-data whose files are not kept). One location is required: lat and long together,"
            + " address_string or address_id. A field given twice with different values is refused; attribute[…] is"
            + " ignored (no service has metadata).", requiredProperties = "service_code")
    record RequestForm(
            @Schema(description = "The caller's key, when not sent as Authorization (prefer the header)") String api_key,
            @Schema(description = "The municipality's id; a principal of exactly one municipality may leave it out",
                    maxLength = 100) String jurisdiction_id,
            @Schema(description = "A code of GET services.{format}", maxLength = 200) String service_code,
            @Schema(description = "WGS84 latitude, sent with long", minimum = "-90", maximum = "90") BigDecimal lat,
            @Schema(name = "long", description = "WGS84 longitude, sent with lat", minimum = "-180", maximum = "180")
            BigDecimal longitude,
            @Schema(description = "One line, taken as typed (line breaks read as spaces)", maxLength = 1000)
            String address_string,
            @Schema(maxLength = 200) String address_id,
            @Schema(description = "The citizen's message", maxLength = 4000) String description,
            @Schema(description = "http or https URLs (a Cyrillic host too); the field may repeat", maxItems = 10)
            List<String> media_url,
            @Schema(description = "Checked, not stored (the city system keeps its citizen's contact)", maxLength = 254)
            String email,
            @Schema(description = "One line with at least one digit, in any format; checked, not stored", maxLength = 50)
            String phone,
            @Schema(description = "Checked, not stored", maxLength = 200) String first_name,
            @Schema(description = "Checked, not stored", maxLength = 200) String last_name,
            @Schema(description = "Checked, not stored", maxLength = 200) String device_id,
            @Schema(description = "Checked, not stored", maxLength = 200) String account_id) {
    }

    @Schema(name = "Open311Accepted", description = "A request just taken: its id, and a notice for the citizen (in"
            + " Russian) naming whom it was sent to and by when it will be answered")
    record Accepted(String service_request_id, String service_notice,
            @Schema(description = "Always null: no account is kept", nullable = true) String account_id) {
    }

    @Schema(name = "Open311Service", description = "A sphere or a subcategory of the ПОС rubricator")
    record Service(String service_code, String service_name, String description,
            @Schema(description = "Always false: no service has attributes") boolean metadata,
            @Schema(enumeration = "realtime") String type, String keywords, String group) {
    }

    @Schema(name = "Open311ServiceRequest", description = "A request as it stands now, from its decision and the item's"
            + " events; the notes in Russian")
    record ServiceRequest(String service_request_id,
            @Schema(enumeration = { "open", "closed" }) String status,
            String status_notes,
            @Schema(nullable = true) String service_name,
            String service_code,
            @Schema(nullable = true) String description,
            @Schema(description = "The current holder (the coordinator while the item waits for distribution)",
                    nullable = true) String agency_responsible,
            @Schema(nullable = true) String service_notice,
            @Schema(format = "date-time") String requested_datetime,
            @Schema(format = "date-time", nullable = true) String updated_datetime,
            @Schema(description = "The current answer deadline", format = "date-time", nullable = true)
            String expected_datetime,
            @Schema(nullable = true) String address,
            @Schema(nullable = true) String address_id,
            @Schema(description = "Always null", nullable = true) String zipcode,
            @Schema(nullable = true) BigDecimal lat,
            @Schema(name = "long", nullable = true) BigDecimal longitude,
            @Schema(description = "The first media_url sent", nullable = true) String media_url) {
    }
}
