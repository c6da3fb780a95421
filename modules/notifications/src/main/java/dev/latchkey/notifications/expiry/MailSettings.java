package dev.latchkey.notifications.expiry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;

/**
 * {@code latchkey.mail.*}: the SMTP server expiry e-mails go through (docs/notifications.md). No
 * {@code host} (the embedded default) means no SMTP: each message is written to the log and the
 * audit trail instead.
 *
 * @param host     the SMTP server; unset = no e-mail, the log instead
 * @param port     587 (submission with STARTTLS) unless told otherwise
 * @param username and {@code password}: SMTP AUTH, when the server wants it
 * @param starttls require STARTTLS before AUTH and the message
 * @param from     the sender, e.g. {@code Latchkey <latchkey@example.com>}
 * @param timeout  bound on connecting, reading and writing to the server
 */
@ConfigurationProperties("latchkey.mail")
public record MailSettings(@Nullable String host,
                           @Bindable(defaultValue = "587") int port,
                           @Nullable String username,
                           @Nullable String password,
                           @Bindable(defaultValue = "true") boolean starttls,
                           @Bindable(defaultValue = "latchkey@localhost") String from,
                           @Bindable(defaultValue = "10s") Duration timeout) {

    /** The sender as an address and an optional display name; a malformed {@code from} stops the start. */
    public InternetAddress sender() {
        try {
            InternetAddress address = new InternetAddress(from, true);
            return address;
        } catch (AddressException e) {
            throw new ConfigurationException("latchkey.mail.from is not an e-mail address: " + from);
        }
    }

    public boolean configured() {
        return host != null && !host.isBlank();
    }

    /** Never the password: settings get logged. */
    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password == null ? "unset" : "***") + ", starttls=" + starttls + ", from=" + from
                + ", timeout=" + timeout + "]";
    }
}
