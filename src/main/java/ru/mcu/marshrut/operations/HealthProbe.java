package ru.mcu.marshrut.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container's health check: exits 0 when readiness answers 200, else 1. The runtime image has neither curl nor
 * a shell with {@code /dev/tcp}; it has a JRE, and this class in the application jar needs nothing else.
 * Usage: {@code java -cp "/app/app/*" ru.mcu.marshrut.operations.HealthProbe [url]}.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("QUARKUS_HTTP_PORT", "8080");
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:" + port + "/q/health/ready";
        int status = probe(url);
        System.out.println(url + " -> " + (status < 0 ? "no answer" : status));
        System.exit(status == 200 ? 0 : 1);
    }

    /** The HTTP status of a GET, or -1 when nothing answered within two seconds. */
    static int probe(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
