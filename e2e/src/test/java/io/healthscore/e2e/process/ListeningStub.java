package io.healthscore.e2e.process;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;

/** A stand-in service for launcher tests: listens on {@code -Dstub.port} and answers 200 on /ready until killed. */
public final class ListeningStub {

    private ListeningStub() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("stub.port");
        // Fails with java.net.BindException ("Address already in use") when the port is taken, as a service would.
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }
}
