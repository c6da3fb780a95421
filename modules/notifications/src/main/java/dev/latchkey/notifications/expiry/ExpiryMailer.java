package dev.latchkey.notifications.expiry;

import io.micronaut.context.BeanProvider;
import io.micronaut.email.Contact;
import io.micronaut.email.Email;
import io.micronaut.email.EmailSender;
import io.micronaut.email.MultipartBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one message through Micronaut Email (Jakarta Mail, {@link MailSession}) when SMTP is
 * configured; otherwise writes it to the log. The message never holds a token, only its name and
 * hint, so the log may keep it.
 */
// created at start-up, not at the first scan: its series are at 0 from the first scrape
@Context
class ExpiryMailer {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryMailer.class);

    /** What became of a message. */
    enum Outcome { SMTP, LOG }

    record Message(String to, String subject, String text, String html) {
    }

    private final MailSettings settings;
    @SuppressWarnings("rawtypes")
    private final BeanProvider<EmailSender> senders;
    private final Counter bySmtp;
    private final Counter toLog;
    private final Counter failed;

    @SuppressWarnings("rawtypes")
    ExpiryMailer(MailSettings settings, BeanProvider<EmailSender> senders, MeterRegistry meters) {
        this.settings = settings;
        this.senders = senders;
        this.bySmtp = sent(meters, "smtp");
        this.toLog = sent(meters, "log");
        this.failed = sent(meters, "failed");
    }

    /** {@code latchkey_emails_sent_total{outcome}}: handed to SMTP, written to the log, or refused/unreachable. */
    private static Counter sent(MeterRegistry meters, String outcome) {
        return Counter.builder("latchkey.emails.sent").tag("outcome", outcome)
                .description("E-mails (expiry notices), by outcome: smtp (accepted by the server), log (no SMTP configured), failed (tried again later)")
                .register(meters);
    }

    /** Throws if the SMTP server refuses or cannot be reached (the notice is then tried again later). */
    @SuppressWarnings("unchecked")
    Outcome send(Message message) {
        if (!settings.configured()) {
            LOG.info("expiry notice (no SMTP configured, latchkey.mail.host unset) to={} subject=\"{}\"\n{}",
                    message.to(), message.subject(), message.text());
            toLog.increment();
            return Outcome.LOG;
        }
        try {
            senders.get().send(Email.builder()
                    .from(new Contact(settings.sender().getAddress(), settings.sender().getPersonal()))
                    .to(message.to())
                    .subject(message.subject())
                    .body(new MultipartBody(message.html(), message.text())));
        } catch (RuntimeException e) {
            failed.increment();
            throw e;
        }
        bySmtp.increment();
        return Outcome.SMTP;
    }
}
