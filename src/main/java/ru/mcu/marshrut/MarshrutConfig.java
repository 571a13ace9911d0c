package ru.mcu.marshrut;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of Marshrut, under the prefix {@code marshrut}. */
@ConfigMapping(prefix = "marshrut")
public interface MarshrutConfig {

    /** Root of all durable data (Infinispan file stores). */
    @WithDefault("./data")
    String dataDir();

    Audit audit();

    Store store();

    /**
     * Native memory of the RocksDB stores, shared by all of them (off the Java heap): the block cache of recently read
     * data and the budget of the memtables, which are charged to it.
     */
    interface Store {
        /** Block cache, MB. */
        @WithDefault("16")
        int blockCacheMb();

        /** All memtables together, MB; a store flushes its own when the sum reaches this. */
        @WithDefault("16")
        int writeBuffersMb();

        /**
         * Entries each cache of history (decisions, events, audit nodes, time slots) keeps on the Java heap; older
         * ones are read from its store.
         */
        @WithDefault("256")
        int historyInMemory();

        /**
         * How often a start that files the stored items again (a format raise, a calendar year changed) logs how far
         * it is: it answers no request until it is done, a million items in minutes.
         */
        @WithDefault("PT10S")
        Duration refileProgress();
    }

    /**
     * Start, answer one routing request and exit: the training run of the class-data-sharing archive (pom.xml,
     * Dockerfile; {@code operations/CdsTraining}). Never set on a serving instance.
     */
    @WithDefault("false")
    boolean cdsTraining();

    Cluster cluster();

    /**
     * Several nodes sharing one state over JGroups (TCP, static member list). Off by default: one embedded node, no
     * network traffic. Each setting is also an environment variable ({@code MARSHRUT_CLUSTER_ENABLED} etc.).
     */
    interface Cluster {
        @WithDefault("false")
        boolean enabled();

        /** This node's name in the cluster view and the logs; the host name when unset. */
        Optional<String> nodeName();

        @WithDefault("127.0.0.1")
        String bindAddress();

        @WithDefault("7800")
        int bindPort();

        /** Every member as {@code host[port]}, this node included: {@code 127.0.0.1[7800],127.0.0.1[7801]}. */
        Optional<List<String>> members();

        /** Copies of each decision, event and audit entry kept on different nodes. */
        @WithDefault("2")
        int owners();

        /**
         * How long after its start a node that sees none of the other members stays not ready: one that missed the join
         * (a loaded machine) runs alone until the views merge, and must not be sent items meanwhile. After it, a node
         * alone is ready (its peers may be down); a node that saw them once stays ready when they go.
         */
        @WithDefault("60s")
        Duration joinGrace();

        /** The JGroups failure detector listens on bind-port + this offset. */
        @WithDefault("100")
        int failureDetectionPortOffset();
    }

    Calendar calendar();

    Rulesets rulesets();

    Rating rating();

    interface Rating {
        /** A recipient with fewer items in the period is listed but not ranked (one region's practice: 2). */
        @WithDefault("2")
        int minItems();

        /**
         * The largest rating formula an upload may be, in bytes. The shipped one is 7.5 KB; an active formula holds
         * about 15 times its size in heap, compiled, on every node, for as long as it is active — at the autorule
         * upload limit (20 MB) that was 310 MB, more than half of the README's heap, for one municipality.
         */
        @WithDefault("65536")
        int maxFormulaBytes();
    }

    Deadlines deadlines();

    Metrics metrics();

    Shutdown shutdown();

    AccessLog accessLog();

    interface AccessLog {
        /**
         * One line per HTTP request on the console ({@code operations/AccessLog}), written in batches. Off in tests,
         * whose output is kept for failures.
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Shutdown {
        /**
         * SIGTERM drains before the service stops: requests in flight are answered, new ones are refused at the
         * connection (never with a 5xx), then the caches are closed. Off in tests and dev mode, where the JVM's own
         * handling is kept.
         */
        @WithDefault("true")
        boolean drainOnSigterm();

        /** The longest wait for requests in flight; after it the service stops anyway. */
        @WithDefault("PT20S")
        Duration drainTimeout();
    }

    interface Metrics {
        /** How often the open- and overdue-item gauges are recounted (one scan of the open-item index). */
        @WithDefault("PT1M")
        Duration itemGaugesRefresh();
    }

    Security security();

    interface Security {
        /**
         * An API key with role {@code centre} while it is set (the environment variable MARSHRUT_BOOTSTRAP_KEY
         * takes precedence). Without it, the first start on a new data directory generates one into
         * {@code <data-dir>/bootstrap-key}.
         */
        Optional<String> bootstrapKey();

        /** Largest body of an ordinary JSON call (a routing request, an event, a recipient's state). */
        @WithDefault("131072")
        long maxRequestBytes();

        /** Largest body of a batch of routing requests (up to 1,000 items). */
        @WithDefault("16777216")
        long maxBatchBytes();

        Oidc oidc();

        Console console();

        /** The web console's sessions (form login): a cookie, SameSite=Strict, HttpOnly; a token for changes. */
        interface Console {
            /** A session unused this long ends. */
            @WithDefault("PT30M")
            Duration idleTimeout();

            /** A session ends this long after login, used or not. */
            @WithDefault("PT12H")
            Duration maxAge();

            /**
             * The OIDC authorization-code login (with PKCE) of the console, at the identity provider that issues the
             * bearer tokens (quarkus.oidc.*): on when the two endpoints and the client id are set. The access token it
             * gives is verified and mapped exactly as a bearer token.
             */
            Optional<String> oidcAuthorizationEndpoint();

            Optional<String> oidcTokenEndpoint();

            Optional<String> oidcClientId();

            /** A confidential client's secret (sent with HTTP Basic to the token endpoint); a public client has none. */
            Optional<String> oidcClientSecret();

            /** Where the provider sends the browser back; default: this service's /api/v1/session/oidc/callback. */
            Optional<String> oidcRedirectUri();

            @WithDefault("openid")
            String oidcScope();
        }

        interface Oidc {
            /** Claim of an OIDC token that lists the Marshrut roles (platform, admin, auditor, centre). */
            @WithDefault("marshrut_roles")
            String rolesClaim();

            /** Claim that lists the municipalities the token may act in. */
            @WithDefault("marshrut_municipalities")
            String municipalitiesClaim();
        }
    }

    /**
     * Dev mode only: the project directory whose {@code rules/} and {@code decisions/} are read instead of the copies
     * on the classpath, so that an edited rule file takes effect on the next request (README, "Development").
     */
    Optional<String> sourcesDir();

    /** DRL files of the intake stage, read from {@code rules/} in this order. */
    List<String> intakeRules();

    /** Municipalities served, by id (the id is used in URLs and requests). */
    Map<String, Municipality> municipalities();

    interface Audit {
        /** fsync each audit write (power-loss durability); without it a write still reaches the OS before the answer. */
        @WithDefault("false")
        boolean syncWrites();
    }

    interface Rulesets {
        /** Largest autorule upload accepted (bytes). */
        @WithDefault("20971520")
        long maxUploadBytes();

        /**
         * Bytes of uploaded source (autorule tables, rating formulas) read, checked and compiled at once; work beyond it
         * is refused with 503 and Retry-After ({@code rulesets/SourceBudget}). One of the largest uploads by default: two
         * at once ran the README's 512 MB heap out of memory in one of four runs (docs/BENCHMARKS.md, twenty-eighth
         * session); raise it only with the heap.
         */
        @WithDefault("20971520")
        long sourceBudgetBytes();

        /**
         * Bytes of upload bodies (autorule tables, rating formulas) received and held at once, from before a body is
         * read until its answer is sent; a body beyond it is refused with 503 and Retry-After before it is read. Forty
         * of the largest uploads at once, each read whole before the source budget is asked, ran the 512 MB heap out of
         * memory. One of the largest by default, as the source budget.
         */
        @WithDefault("20971520")
        long uploadBudgetBytes();

        /**
         * Bytes of the upload budget one municipality's upload bodies hold at once: with budgets raised beside a larger
         * heap, one municipality's uploads alone cannot fill them and make another's wait. One of the largest uploads by
         * default (with the default budgets, which it equals, it changes nothing).
         */
        @WithDefault("20971520")
        long uploadShareBytes();
    }

    interface Calendar {
        List<Integer> years();

        /** A directory with ru-YYYY.xml files that add or replace shipped years (e.g. next year's calendar). */
        Optional<String> dir();

        /**
         * Readiness warns this many days before the loaded calendars end (next year's calendar is due): an extended
         * 59-ФЗ appeal runs 60 days ahead, so 90 leaves a month to add it before items are refused.
         */
        @WithDefault("90")
        int warnDaysBefore();

        /**
         * Whether the year after the last loaded one, while its official calendar is not loaded, is counted as the
         * Labour Code gives it (art. 95 and 112, without the Government's transfers) and its deadlines marked
         * provisional, rather than items due in it refused: the decree is published late in the year before, and
         * refusing would stop routing itself. {@code false} refuses them (422), as before.
         */
        @WithDefault("true")
        boolean provisionalNextYear();
    }

    interface Deadlines {
        @WithDefault("10")
        int messageWorkingDays();

        Map<String, Integer> messageWorkingDaysByCategory();
    }

    interface Municipality {
        String name();

        String timeZone();

        /** First digits of the ОКТМО codes of this territory; used to spot foreign codes. */
        Optional<String> oktmoPrefix();

        /** Recipient id of the coordinator who takes items to moderation. */
        String coordinator();

        /** Recipient added as co-executor to every routed item of a channel (e.g. the social-media desk). */
        Map<String, String> channelCoExecutors();

        /** Recipient who takes a channel's items to moderation instead of the coordinator (e.g. the ИМ administrator). */
        Map<String, String> channelCoordinators();

        WorkingHours workingHours();
    }

    interface WorkingHours {
        @WithDefault("09:00")
        LocalTime start();

        @WithDefault("18:00")
        LocalTime end();

        @WithDefault("13:00")
        LocalTime breakStart();

        @WithDefault("14:00")
        LocalTime breakEnd();

        /** Labour Code art. 95: the day before a holiday is one hour shorter. */
        @WithDefault("PT1H")
        Duration preHolidayShortening();
    }
}
