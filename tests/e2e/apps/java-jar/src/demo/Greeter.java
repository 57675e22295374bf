package demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Greets whoever asks, in the language the query names. */
public final class Greeter {
    private Greeter() {
    }

    static String greeting(String query) {
        if (query != null && query.contains("lang=fr")) {
            return "bonjour";
        }
        return "hello";
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", exchange -> {
            String text = "greeter: " + greeting(exchange.getRequestURI().getQuery())
                    + " from java " + Runtime.version().feature() + "\n";
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("greeter listening on " + port);
    }
}
