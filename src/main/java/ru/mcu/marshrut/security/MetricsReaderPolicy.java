package ru.mcu.marshrut.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import ru.mcu.marshrut.municipalities.MunicipalityCatalog;

/**
 * Who may read {@code /q/metrics}: its series are labelled by municipality (decisions, open and overdue items of
 * every one of them), so only a principal that may act in every municipality of the service — {@code centre}, or a
 * {@code platform} credential scoped to all of them, as a region's Prometheus is given — reads them. A platform key of
 * one municipality once read the others' counts.
 */
@ApplicationScoped
public class MetricsReaderPolicy implements HttpSecurityPolicy {

    private final MunicipalityCatalog municipalities;

    public MetricsReaderPolicy(MunicipalityCatalog municipalities) {
        this.municipalities = municipalities;
    }

    @Override
    public String name() {
        return "metrics-reader";
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        return identity.map(id -> mayRead(id) ? CheckResult.PERMIT : CheckResult.DENY);
    }

    public boolean mayRead(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return false;
        }
        Actor a = identity.getAttribute(Actor.ATTRIBUTE);
        if (a == null || !(a.has(Roles.CENTRE) || a.has(Roles.PLATFORM))) {
            return false;
        }
        return a.allMunicipalities() || a.municipalities().containsAll(municipalities.ids());
    }
}
