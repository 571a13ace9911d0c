package ru.mcu.marshrut.open311;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) for city systems that speak it: the rubricator as services,
 * service requests posted form-encoded and routed as items, their state. {@code jurisdiction_id} is a Marshrut
 * municipality id (it may be left out by a principal of exactly one municipality). Each resource answers XML or JSON
 * by its suffix; errors are the spec's {@code errors} list. Credentials: {@code Authorization} as everywhere, or the
 * spec's {@code api_key} parameter (see {@code CredentialMechanism}).
 */
@Path("/open311/v2")
public class Open311Resource {

    static final int MAX_DESCRIPTION = 4000;
    static final String JURISDICTION = "The municipality's id; a principal of exactly one municipality may leave it out";
    static final String API_KEY = "The caller's key, when not sent as Authorization (prefer the header: a query string"
            + " can end up in proxy logs)";
    static final int MAX_LIST = 1000;
    static final Duration MAX_SPAN = Duration.ofDays(90);

    private final Access access;
    private final MunicipalityCatalog municipalities;
    private final ServiceCatalog services;
    private final Open311Service requests;

    public Open311Resource(Access access, MunicipalityCatalog municipalities, ServiceCatalog services,
            Open311Service requests) {
        this.access = access;
        this.municipalities = municipalities;
        this.services = services;
        this.requests = requests;
    }

    /** GET Service List: every sphere and subcategory of the rubricator; any principal of the jurisdiction. */
    @GET
    @Path("services.{format}")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @Parameter(name = "jurisdiction_id", in = ParameterIn.QUERY, description = JURISDICTION)
    @Parameter(name = "api_key", in = ParameterIn.QUERY, description = API_KEY)
    @APIResponse(responseCode = "200", description = "GeoReport v2 service list", content = {
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                    implementation = Open311Schemas.Service.class)),
            @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) })
    public Response services(@PathParam("format") String format, @jakarta.ws.rs.core.Context HttpServerRequest request) {
        Open311Format f = format(format);
        Open311Fields in = new Open311Fields(null, request.params());
        String given = in.string("jurisdiction_id", 100, false);
        in.throwIfInvalid(); // given twice or too long: not read as "your only jurisdiction"
        jurisdiction(given);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ServiceCatalog.Service s : services.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service_code", s.code());
            m.put("service_name", s.name());
            m.put("description", s.description());
            m.put("metadata", false);
            m.put("type", "realtime");
            m.put("keywords", String.join(", ", s.keywords()));
            m.put("group", s.group());
            out.add(m);
        }
        return ok(f, "services", "service", out);
    }

    /**
     * POST Service Request: {@code application/x-www-form-urlencoded} (or {@code multipart/form-data}, whose file
     * parts are not kept) with {@code service_code}, one location ({@code lat} & {@code long}, {@code address_string}
     * or {@code address_id}) and optionally {@code description} (≤ 4000 characters), {@code media_url} and the
     * citizen's contact fields. The item is routed at once; the answer is its {@code service_request_id} and a
     * {@code service_notice} for the citizen.
     */
    @POST
    @Path("requests.{format}")
    @RolesAllowed({ Roles.PLATFORM, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = "application/x-www-form-urlencoded",
                    schema = @Schema(implementation = Open311Schemas.RequestForm.class)),
            @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = Open311Schemas.RequestForm.class)) })
    @APIResponse(responseCode = "201", description = "Accepted: a GeoReport v2 list of one request with its"
            + " service_request_id and a notice for the citizen (JSON or XML by the suffix); Location names it", content = {
                    @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                            implementation = Open311Schemas.Accepted.class)),
                    @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) })
    public Response create(@PathParam("format") String format, @jakarta.ws.rs.core.Context HttpServerRequest request) {
        Open311Format f = format(format);
        String type = request.getHeader("Content-Type");
        // split with a limit: ";" alone split without one into nothing, and the answer was a 500
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/x-www-form-urlencoded") && !mediaType.equals("multipart/form-data")) {
            throw Open311Error.of(400, "Content-Type must be application/x-www-form-urlencoded or multipart/form-data (got "
                    + (type == null ? "none" : "\"" + type + "\"") + ")");
        }
        String charset = charset(type);
        if (mediaType.equals("application/x-www-form-urlencoded") && charset != null
                && !READ_AS_UTF8.contains(charset.toLowerCase(Locale.ROOT))) {
            // The form is decoded as UTF-8: a windows-1251 form would be stored as U+FFFD, the citizen's words lost,
            // or worse, read as other letters where its bytes happen to be UTF-8. An ASCII form declared Latin-1 (Apache
            // HttpClient's default) reads the same either way; a byte of it past ASCII is caught as not UTF-8.
            throw Open311Error.of(400, "Content-Type charset must be utf-8 (got \"" + charset + "\"): send the form in UTF-8");
        }
        Open311Fields in = new Open311Fields(request.formAttributes(), request.params());
        String given = in.string("jurisdiction_id", 100, false);
        Municipality m = in.valid() ? jurisdictionOrError(given, in) : null;
        String code = in.string("service_code", 200, false);
        ServiceCatalog.Service service = null;
        if (!in.given("service_code")) {
            in.error(400, "service_code was not provided; GET services.json lists the codes");
        } else if (code != null) {
            service = services.find(code).orElse(null);
            if (service == null) {
                in.error(404, "service_code \"" + code + "\" was not found; GET services.json lists the codes");
            }
        }
        BigDecimal lat = in.decimal("lat", -90, 90);
        BigDecimal lon = in.decimal("long", -180, 180);
        String addressString = in.line("address_string", 1000);
        String addressId = in.string("address_id", 200, false);
        if (in.given("lat") != in.given("long")) {
            in.error(400, (in.given("lat") ? "long" : "lat") + " was not provided: lat and long are sent together");
        }
        if (!in.given("lat") && !in.given("long") && !in.given("address_string") && !in.given("address_id")) {
            in.error(400, "location was not provided: send lat and long, address_string or address_id");
        }
        String description = in.string("description", MAX_DESCRIPTION, true);
        String email = in.string("email", 254, false);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            in.error(400, "email is not an e-mail address");
        }
        // As typed: «+7 (34341) 2-12-34 доб. 5» is a phone number too (the spec gives no format); one line, 50 at most
        String phone = in.line("phone", 50);
        if (phone != null && phone.chars().noneMatch(Character::isDigit)) {
            in.error(400, "phone holds no digit (got \"" + phone + "\")");
        }
        for (String name : List.of("first_name", "last_name", "device_id", "account_id")) {
            in.string(name, 200, false);
        }
        List<String> media = in.list("media_url", 2000, 10, false);
        for (String url : media) {
            if (!httpUrl(url)) {
                in.error(400, "media_url must be an http or https URL (got \"" + url + "\")");
            }
        }
        in.throwIfInvalid();
        Open311Service.Accepted a = requests.submit(m, new Open311Service.Submission(service, description, lat, lon,
                addressString, addressId, media), access.actor().signature());
        return Response.status(Response.Status.CREATED)
                .location(URI.create("/open311/v2/requests/" + a.request().serviceRequestId() + "." + format))
                .type(f.mediaType())
                .entity(f.write("service_requests", "request", List.of(requests.accepted(a)))).build();
    }

    /** Declared charsets of a form read as UTF-8 without loss (past ASCII, bytes that are not UTF-8 are refused). */
    private static final Set<String> READ_AS_UTF8 = Set.of("utf-8", "utf8", "us-ascii", "iso-8859-1");

    /** The charset parameter of a Content-Type header, unquoted; null when there is none. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String[] kv = param.split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
                String v = kv[1].strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** GET Service Request: another municipality's request is answered as one that does not exist. */
    @GET
    @Path("requests/{id}.{format}")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @Parameter(name = "jurisdiction_id", in = ParameterIn.QUERY, description = JURISDICTION)
    @Parameter(name = "api_key", in = ParameterIn.QUERY, description = API_KEY)
    @APIResponse(responseCode = "200", description = "GeoReport v2 list of the one request", content = {
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                    implementation = Open311Schemas.ServiceRequest.class)),
            @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) })
    public Response request(@PathParam("id") String id, @PathParam("format") String format, @jakarta.ws.rs.core.Context HttpServerRequest request) {
        Open311Format f = format(format);
        Open311Fields in = new Open311Fields(null, request.params());
        String given = in.string("jurisdiction_id", 100, false);
        in.throwIfInvalid();
        Optional<Municipality> m = given == null ? Optional.empty() : Optional.of(jurisdiction(given));
        Open311Request r = requests.find(id).filter(x -> access.sees(x.municipality()))
                .filter(x -> m.isEmpty() || m.get().id().equals(x.municipality()))
                .orElseThrow(() -> Open311Error.of(404, "service_request_id \"" + id + "\" was not found"));
        return ok(f, "service_requests", "request", List.of(requests.view(r)));
    }

    /**
     * GET Service Requests of a jurisdiction made through this front door: by {@code service_request_id} (comma
     * separated; overrides the rest, and ids not found are left out), or by {@code service_code}, {@code status}
     * ({@code open}, {@code closed}) and {@code start_date}/{@code end_date} (at most 90 days; the last 90 days by
     * default); oldest first, the newest 1000 of them at most.
     */
    @GET
    @Path("requests.{format}")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @Parameter(name = "jurisdiction_id", in = ParameterIn.QUERY, description = JURISDICTION)
    @Parameter(name = "api_key", in = ParameterIn.QUERY, description = API_KEY)
    @Parameter(name = "service_request_id", in = ParameterIn.QUERY, description = "Comma-separated ids (at most 200);"
            + " overrides every other parameter, ids not found are left out")
    @Parameter(name = "service_code", in = ParameterIn.QUERY, description = "Comma-separated codes of services.{format}")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "open, closed, or both comma-separated")
    @Parameter(name = "start_date", in = ParameterIn.QUERY, description = "ISO-8601 date-time with its offset; at most"
            + " 90 days before end_date (the last 90 days by default)")
    @Parameter(name = "end_date", in = ParameterIn.QUERY, description = "ISO-8601 date-time with its offset")
    @APIResponse(responseCode = "200", description = "GeoReport v2 list of requests, oldest first, the newest 1000 at most",
            content = { @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY,
                    implementation = Open311Schemas.ServiceRequest.class)),
                    @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) })
    public Response list(@PathParam("format") String format, @jakarta.ws.rs.core.Context HttpServerRequest request) {
        Open311Format f = format(format);
        Open311Fields in = new Open311Fields(null, request.params());
        String given = in.string("jurisdiction_id", 100, false);
        in.throwIfInvalid();
        Municipality m = jurisdiction(given);
        List<String> ids = in.list("service_request_id", 100, 200, true);
        if (!ids.isEmpty() || !in.valid()) {
            // "This overrides all other arguments" (GeoReport v2): the other filters are neither read nor checked
            in.throwIfInvalid();
            List<Map<String, Object>> found = new ArrayList<>();
            for (String id : ids) {
                requests.find(id).filter(r -> r.municipality().equals(m.id())).map(requests::view).ifPresent(found::add);
            }
            return ok(f, "service_requests", "request", found);
        }
        List<String> codes = in.list("service_code", 200, 100, true);
        for (String c : codes) {
            if (services.find(c).isEmpty()) {
                in.error(404, "service_code \"" + c + "\" was not found; GET services.json lists the codes");
            }
        }
        List<String> statuses = in.list("status", 10, 2, true);
        for (String s : statuses) {
            if (!s.equals("open") && !s.equals("closed")) {
                in.error(400, "status must be open or closed (got \"" + s + "\")");
            }
        }
        OffsetDateTime start = date(in, "start_date");
        OffsetDateTime end = date(in, "end_date");
        Instant to = end != null ? end.toInstant() : start != null ? start.toInstant().plus(MAX_SPAN) : Instant.now();
        Instant from = start != null ? start.toInstant() : to.minus(MAX_SPAN);
        // The window is judged with the other fields (all of a request's errors at once), when the dates given were read
        if ((start != null || !in.given("start_date")) && (end != null || !in.given("end_date"))) {
            if (!from.isBefore(to)) {
                in.error(400, "end_date must be after start_date");
            } else if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
                in.error(400, "start_date to end_date may not span more than 90 days");
            }
        }
        in.throwIfInvalid();
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> codeSet = Set.copyOf(codes);
        List<Open311Request> found = requests.list(m.id(), from, to.plusMillis(1), Integer.MAX_VALUE,
                r -> codeSet.isEmpty() || codeSet.contains(r.serviceCode()));
        // The newest 1000 when there are more (a client polling a busy window wants the recent ones), oldest first:
        // views (each replays its item) are built from the newest end until 1000 pass, not for the whole window
        for (int i = found.size() - 1; i >= 0 && out.size() < MAX_LIST; i--) {
            Map<String, Object> view = requests.view(found.get(i));
            if (statuses.isEmpty() || statuses.contains(view.get("status"))) {
                out.add(view);
            }
        }
        java.util.Collections.reverse(out);
        return ok(f, "service_requests", "request", out);
    }

    /** Errors of this front door, in the spec's format and the format the path asked for. */
    @ServerExceptionMapper
    public Response error(Open311Error e, HttpServerRequest request) {
        return Open311Errors.response(e.status(), e.entries(), Open311Format.ofPath(request.path()));
    }

    private static Response ok(Open311Format f, String root, String item, List<? extends Map<String, ?>> items) {
        return Response.ok(f.write(root, item, items)).type(f.mediaType()).build();
    }

    private static Open311Format format(String suffix) {
        Open311Format f = Open311Format.of(suffix);
        if (f == null) {
            throw Open311Error.of(404, "format \"" + suffix + "\" is not offered: use .xml or .json");
        }
        return f;
    }

    /** The jurisdiction named; or, when none is, the caller's only municipality. */
    private Municipality jurisdiction(String given) {
        if (given == null) {
            Set<String> mine = access.municipalityIds();
            if (!access.actor().allMunicipalities() && mine.size() == 1) {
                return municipalities.find(mine.iterator().next()).orElseThrow();
            }
            throw Open311Error.of(400, "jurisdiction_id was not provided; yours: " + String.join(", ", mine));
        }
        // Unknown and another's are one answer for a caller of some municipalities: a 404 for one and a 403 for the
        // other told it which municipalities the service has
        if (municipalities.find(given).isEmpty() && access.mayBeToldUnknown(given)) {
            throw Open311Error.of(404, "jurisdiction_id \"" + given + "\" was not found; yours: "
                    + String.join(", ", access.municipalityIds()));
        }
        if (!access.sees(given)) {
            throw Open311Error.of(403, "jurisdiction_id \"" + given + "\" is outside your scope; yours: "
                    + String.join(", ", access.municipalityIds()));
        }
        return municipalities.find(given).orElseThrow();
    }

    /** As {@link #jurisdiction}, a missing or unknown one collected with the other fields' errors. */
    private Municipality jurisdictionOrError(String given, Open311Fields in) {
        try {
            return jurisdiction(given);
        } catch (Open311Error e) {
            if (e.status() == 403) {
                throw e;
            }
            e.entries().forEach(x -> in.error(x.code(), x.description()));
            return null;
        }
    }

    private static OffsetDateTime date(Open311Fields in, String name) {
        String s = in.string(name, 40, false);
        if (s == null) {
            return null;
        }
        // An offset's '+' sent unencoded in a query arrives as a space: "…T00:00:00 05:00" is "…T00:00:00+05:00"
        if (s.matches(".*T\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)? \\d\\d:\\d\\d")) {
            s = s.substring(0, s.length() - 6) + '+' + s.substring(s.length() - 5);
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s);
            if (!ru.mcu.marshrut.model.SupportedDates.contains(t.getYear())) {
                in.error(400, name + " must be " + ru.mcu.marshrut.model.SupportedDates.RANGE + " (got \"" + s + "\")");
                return null;
            }
            return t;
        } catch (DateTimeParseException e) {
            in.error(400, name + " must be a W3C date-time with an offset, e.g. 2026-03-01T00:00:00Z (got \"" + s + "\")");
            return null;
        }
    }

    /** An absolute http(s) URL; a host in Cyrillic (качканар.рф) is taken in its ASCII form for the check. */
    private static boolean httpUrl(String s) {
        try {
            URI u = new URI(s);
            if (u.getHost() == null && u.getRawAuthority() != null) {
                String authority = u.getRawAuthority();
                int at = authority.lastIndexOf('@');
                int colon = authority.indexOf(':', at + 1);
                String host = authority.substring(at + 1, colon < 0 ? authority.length() : colon);
                String ascii = java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED);
                u = new URI(u.getScheme(), authority.substring(0, at + 1) + ascii
                        + (colon < 0 ? "" : authority.substring(colon)), u.getRawPath(), null, null);
            }
            return u.isAbsolute() && u.getHost() != null
                    && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }
}
