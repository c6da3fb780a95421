package dev.latchkey.notifications.expiry;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.email.javamail.sender.SessionProvider;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;

import java.util.Properties;

/**
 * The Jakarta Mail session Micronaut Email's {@code JavaxEmailSender} sends through, built from the
 * typed {@link MailSettings} (so {@code latchkey.mail.*} is the one place SMTP is configured).
 * Exists only when {@code latchkey.mail.host} is set; without it there is no sender and
 * {@link ExpiryMailer} writes to the log.
 */
@Singleton
@Primary
@Requires(property = "latchkey.mail.host")
class MailSession implements SessionProvider {
    private final Session session;

    MailSession(MailSettings settings) {
        Properties p = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        // the envelope sender (MAIL FROM) is the bare address
        p.put("mail.smtp.from", settings.sender().getAddress());
        if (settings.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        Authenticator authenticator = null;
        if (settings.username() != null && !settings.username().isBlank()) {
            p.put("mail.smtp.auth", "true");
            String user = settings.username();
            String password = settings.password() == null ? "" : settings.password();
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(p, authenticator);
    }

    @Override
    public Session session() {
        return session;
    }
}
