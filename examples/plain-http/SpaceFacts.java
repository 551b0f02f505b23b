// A Clova Extension Kit (CEK) extension in one file, plain JDK, no dependencies:
//   java SpaceFacts.java 8090 /path/to/public-key.pem
// then register it:  ./cic admin extension add space-facts --url http://127.0.0.1:8090/cek --model model.json
// and say "open space facts" or "ask space facts about mars".
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SpaceFacts {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // The platform's key: ./cic admin extension key > public-key.pem (or GET /extensions/public-key.pem).
        String pem = Files.readString(Path.of(args[1])).replaceAll("-----[A-Z ]+-----|\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/cek", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("SignatureCEK");
            if (signature == null || !verifies(key, body, signature)) {
                exchange.sendResponseHeaders(403, -1); // not from our platform
                exchange.close();
                return;
            }
            String json = new String(body, StandardCharsets.UTF_8);
            String answer = switch (field(json, "type")) {
                case "LaunchRequest" -> reply("Welcome to space facts. Which planet?", false);
                case "IntentRequest" -> reply(fact(field(json, "value")), true);
                default -> reply("", true); // SessionEndedRequest, EventRequest: nothing to say
            };
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        System.out.println("space facts listening on http://127.0.0.1:" + port + "/cek");
    }

    static String fact(String planet) {
        return switch (planet) {
            case "mars" -> "Mars has the tallest volcano in the solar system.";
            case "venus" -> "A day on Venus is longer than its year.";
            default -> "I only know Mars and Venus.";
        };
    }

    static String reply(String text, boolean end) {
        return "{\"version\":\"1.0\",\"sessionAttributes\":{},\"response\":{\"outputSpeech\":{\"type\":\"SimpleSpeech\","
                + "\"values\":{\"type\":\"PlainText\",\"lang\":\"en\",\"value\":\"" + text + "\"}},\"card\":{},"
                + "\"directives\":[],\"shouldEndSession\":" + end + "}}";
    }

    /** The first string value of a field (enough for a sketch; use a JSON library in earnest). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    static boolean verifies(PublicKey key, byte[] body, String signature) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(body);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (Exception e) {
            return false;
        }
    }
}
