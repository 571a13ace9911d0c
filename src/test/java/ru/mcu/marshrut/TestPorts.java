package ru.mcu.marshrut;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports the tests' own servers take on 127.0.0.1. */
public final class TestPorts {

    private TestPorts() {
    }

    /** A JGroups port and its failure detector's (port + 100), both free on the loopback address. */
    public static int freeJGroupsPortPair() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                    ServerSocket fd = new ServerSocket(p + 100, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port pair for JGroups");
    }
}
