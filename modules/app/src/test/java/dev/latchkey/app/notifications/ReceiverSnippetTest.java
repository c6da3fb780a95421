package dev.latchkey.app.notifications;

import dev.latchkey.notifications.webhooks.WebhookSignatures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receiver's verification snippet of docs/notifications.md (Python) accepts what Latchkey signs
 * and refuses a changed message id or body: the snippet is taken from the document and run by
 * python3 (skipped, with the reason, where there is none).
 */
class ReceiverSnippetTest {
    private static final Path DOC = Path.of("../../docs/notifications.md");

    @Test
    void thePythonSnippetOfTheDocsVerifiesOurSignatures() throws Exception {
        boolean python = new ProcessBuilder("bash", "-c", "command -v python3").start().waitFor() == 0;
        if (!python) {
            System.out.println("[receiver-snippet] skipped: no python3 on this machine");
        }
        Assumptions.assumeTrue(python, "python3 is not installed");
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String snippet = doc.split("```python\n", 2)[1].split("```", 2)[0];
        String secret = WebhookSignatures.newSecret();
        long ts = Instant.now().getEpochSecond();
        String body = "{\"type\":\"token.created\",\"data\":{\"name\":\"d\u00e9ploy\"}}";
        String signature = WebhookSignatures.sign(secret, "msg_1", ts, body);
        String script = snippet + "\n"
                + "import sys\n"
                + "secret, ts, sig, body = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].encode()\n"
                + "print(verify(secret, {'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': 'v1,bogus ' + sig}, body))\n"
                + "print(verify(secret, {'webhook-id': 'msg_2', 'webhook-timestamp': ts, 'webhook-signature': sig}, body))\n"
                + "print(verify(secret, {'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': sig}, body + b' '))\n"
                + "print(verify(secret, {'webhook-id': 'msg_1', 'webhook-timestamp': str(int(ts) - 3600), 'webhook-signature': sig}, body))\n";
        Path file = Files.createTempFile("verify", ".py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder("python3", file.toString(), secret, Long.toString(ts), signature, body)
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python3 finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        assertEquals("True\nFalse\nFalse\nFalse", out, "valid; other id; other body; too old");
    }
}
