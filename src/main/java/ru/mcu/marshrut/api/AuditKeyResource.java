package ru.mcu.marshrut.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import ru.mcu.marshrut.audit.log.AuditLog;
import ru.mcu.marshrut.security.Roles;

/** The verifier key of the audit log's signed tree heads, in the signed-note vkey form. */
@Path("/api/v1/audit/public-key")
public class AuditKeyResource {

    private final AuditLog log;

    public AuditKeyResource(AuditLog log) {
        this.log = log;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public String publicKey() {
        return log.verifierKey() + "\n";
    }
}
