package dev.latchkey.notifications.expiry;

import io.micronaut.context.BeanProvider;
import io.micronaut.email.Contact;
import io.micronaut.email.Email;
import io.micronaut.email.EmailSender;
import io.micronaut.email.MultipartBody;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one message through Micronaut Email (Jakarta Mail, {@link MailSession}) when SMTP is
 * configured; otherwise writes it to the log. The message never holds a token, only its name and
 * hint, so the log may keep it.
 */
@Singleton
class ExpiryMailer {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryMailer.class);

    /** What became of a message. */
    enum Outcome { SMTP, LOG }

    record Message(String to, String subject, String text, String html) {
    }

    private final MailSettings settings;
    @SuppressWarnings("rawtypes")
    private final BeanProvider<EmailSender> senders;

    @SuppressWarnings("rawtypes")
    ExpiryMailer(MailSettings settings, BeanProvider<EmailSender> senders) {
        this.settings = settings;
        this.senders = senders;
    }

    /** Throws if the SMTP server refuses or cannot be reached (the notice is then tried again later). */
    @SuppressWarnings("unchecked")
    Outcome send(Message message) {
        if (!settings.configured()) {
            LOG.info("expiry notice (no SMTP configured, latchkey.mail.host unset) to={} subject=\"{}\"\n{}",
                    message.to(), message.subject(), message.text());
            return Outcome.LOG;
        }
        senders.get().send(Email.builder()
                .from(new Contact(settings.sender().getAddress(), settings.sender().getPersonal()))
                .to(message.to())
                .subject(message.subject())
                .body(new MultipartBody(message.html(), message.text())));
        return Outcome.SMTP;
    }
}
