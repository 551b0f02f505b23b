package dev.opencic.examples.spacefacts;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * "Space facts" on LINE's CEK SDK for Java (clova-extension-boot-web): run it with the platform's
 * public key, {@code --cek.verifier.signature.public-key=file:/path/to/public-key.pem}, and register
 * it with {@code ./cic admin extension add space-facts --url http://HOST:PORT/ --model model.json}.
 */
@SpringBootApplication
public class SpaceFactsApplication {

    public static void main(String[] args) {
        // Boot 2.7's own logging setup expects logback 1.2; this module logs through logback 1.5 as is.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        SpringApplication.run(SpaceFactsApplication.class, args);
    }
}
