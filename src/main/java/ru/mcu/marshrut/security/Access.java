package ru.mcu.marshrut.security;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;

/**
 * The caller's municipality scope, as the resources apply it. Roles are checked by {@code @RolesAllowed} on every
 * endpoint; this decides which municipality's data a call may touch: a municipality named in the path or body
 * outside the caller's scope is a {@code 403}; a record of such a municipality reached by its id is a {@code 404},
 * the same answer as for a record that does not exist.
 */
@RequestScoped
public class Access {

    private final SecurityIdentity identity;
    private final MunicipalityCatalog municipalities;

    public Access(SecurityIdentity identity, MunicipalityCatalog municipalities) {
        this.identity = identity;
        this.municipalities = municipalities;
    }

    public Actor actor() {
        Actor a = identity.isAnonymous() ? null : identity.getAttribute(Actor.ATTRIBUTE);
        if (a == null) {
            throw new UnauthorizedException();
        }
        return a;
    }

    public boolean sees(String municipality) {
        return municipality != null && actor().mayActIn(municipality);
    }

    /** Municipality ids the caller may act in, as known to this service. */
    public Set<String> municipalityIds() {
        Set<String> out = new TreeSet<>();
        municipalities.ids().stream().filter(this::sees).forEach(out::add);
        return out;
    }

    /**
     * A municipality of the path: outside the scope a 403; unknown a 404 for a caller that sees every municipality,
     * and for any other caller the same 403 as outside the scope — a 404 for an unknown one against a 403 for another's
     * told a caller of one municipality which others the service has.
     */
    public Municipality municipality(String id) {
        var known = municipalities.find(id);
        if (known.isEmpty()) {
            if (!mayBeToldUnknown(id)) {
                require("municipality", id);
            }
            throw new ScopeException(404, "municipality", "Unknown municipality \"" + id + "\"; yours: " + municipalityIds());
        }
        require("municipality", id);
        return known.get();
    }

    /**
     * Whether the caller may be told that {@code municipality} does not exist: it acts in every municipality, or the id
     * is of its own scope (a municipality no longer served, a token's claim). Any other caller gets for an unknown id
     * the same 403 as for another's: a 404 or 400 against a 403 told a caller of some municipalities which exist.
     */
    public boolean mayBeToldUnknown(String municipality) {
        return seesEveryMunicipality() || sees(municipality);
    }

    /** The caller acts in every municipality of the service. */
    public boolean seesEveryMunicipality() {
        Actor a = actor();
        return a.allMunicipalities() || a.municipalities().containsAll(municipalities.ids());
    }

    /** A municipality named by the caller (a path or a body field): outside the scope is a 403. */
    public void require(String field, String municipality) {
        if (!sees(municipality)) {
            throw new ScopeException(403, field, "municipality \"" + municipality + "\" is outside your scope "
                    + municipalityIds());
        }
    }

    /** Each of the municipalities is the caller's. */
    public void requireAll(String field, List<String> ids) {
        for (String m : ids) {
            require(field, m);
        }
    }

    /** Thrown as a problem by the API layer. */
    public static class ScopeException extends RuntimeException {
        private final int status;
        private final String field;

        public ScopeException(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }

        public int status() {
            return status;
        }

        public String field() {
            return field;
        }
    }
}
