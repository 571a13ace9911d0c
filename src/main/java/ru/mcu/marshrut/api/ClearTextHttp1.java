package ru.mcu.marshrut.api;

import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Plain HTTP speaks HTTP/1.1 only: a client that offers HTTP/2 in clear text (an {@code h2c} upgrade, as Java's
 * {@code HttpClient} does by default) goes on in HTTP/1.1. In this Quarkus version REST cannot take over an HTTP/2
 * request whose body a Vert.x body handler has read already (it pauses the request, which the finished HTTP/2 stream
 * refuses), and Open311's form authentication must read the body first: over h2c its calls were answered 400.
 * HTTPS, where a deployment configures it, negotiates its protocol as before.
 */
@Singleton
public class ClearTextHttp1 implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
