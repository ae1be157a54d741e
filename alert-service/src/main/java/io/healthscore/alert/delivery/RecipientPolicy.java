package io.healthscore.alert.delivery;

import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.store.Channel;
import io.healthscore.schemas.values.EmailAddress;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may be mailed. Every recipient must be an address {@link EmailAddress} accepts (no domain literals, no
 * quoted local parts); it is mailed in its normalised form. A CSM owner must also be at one of
 * {@code mail.csm-allowed-domains} when that list is set; an owner who is refused is not mailed, and the alert goes
 * to {@code mail.fallback-csm} instead when one is set (the fallback, chosen by whoever runs the service, needs
 * no allowed domain). The refusal is returned so that it can be stored. The fallback and the domains are checked
 * when the service starts ({@code @Context}): a malformed setting stops start-up naming it.
 */
@Context
public final class RecipientPolicy {

    /** Whom to mail ({@code address}, null: nobody) and why the address asked for was refused (null: it was not). */
    public record Choice(@Nullable String address, @Nullable String refusal) {
    }

    @Nullable
    private final String fallbackCsm;
    private final Set<String> allowedDomains;

    public RecipientPolicy(MailConfig mail) {
        this.fallbackCsm = blank(mail.fallbackCsm()) ? null : checked("mail.fallback-csm", mail.fallbackCsm().strip());
        List<String> domains = mail.csmAllowedDomains() == null ? List.of() : mail.csmAllowedDomains();
        this.allowedDomains = domains.stream().filter(d -> !blank(d))
                .map(d -> EmailAddress.domainOf(checked("mail.csm-allowed-domains", "postmaster@" + d.strip())))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The CSM to mail for the owner named on an alert or profile (or the fallback already, or null). */
    public Choice csm(@Nullable String owner) {
        if (blank(owner) || owner.strip().equalsIgnoreCase(fallbackCsm)) {
            return new Choice(fallbackCsm, null);
        }
        Optional<String> refusal = csmRefusal(owner.strip(), "CSM owner");
        if (refusal.isEmpty()) {
            return new Choice(EmailAddress.normalize(owner.strip()), null);
        }
        return new Choice(fallbackCsm, refusal.get() + (fallbackCsm == null ? "; no mail.fallback-csm is set"
                : "; the alert went to mail.fallback-csm"));
    }

    /** The customer contact to mail, or nobody and why. */
    public Choice customer(String contact) {
        Optional<String> problem = EmailAddress.problem(contact.strip());
        return problem.isEmpty() ? new Choice(EmailAddress.normalize(contact.strip()), null)
                : new Choice(null, "contact email " + problem.get());
    }

    /**
     * Why a message on {@code channel} to {@code target} must not be sent, whoever queued it: the last check
     * before an email row is stored PENDING. Empty for other channels.
     */
    public Optional<String> refusal(Channel channel, String target) {
        return switch (channel) {
            case CSM_EMAIL -> target.equalsIgnoreCase(fallbackCsm) ? Optional.empty() : csmRefusal(target, "recipient");
            case CUSTOMER_EMAIL -> EmailAddress.problem(target).map(p -> "recipient address " + p);
            case SLACK, WEBHOOK -> Optional.empty();
        };
    }

    private Optional<String> csmRefusal(String address, String who) {
        Optional<String> problem = EmailAddress.problem(address);
        if (problem.isPresent()) {
            return Optional.of(who + " address " + problem.get());
        }
        String domain = EmailAddress.domainOf(address);
        return allowedDomains.isEmpty() || allowedDomains.contains(domain) ? Optional.empty()
                : Optional.of(who + "'s domain " + domain + " is not in mail.csm-allowed-domains");
    }

    private static String checked(String setting, String address) {
        Optional<String> problem = EmailAddress.problem(address);
        if (problem.isPresent()) {
            throw new ConfigurationException(setting + ": '" + address + "' " + problem.get());
        }
        return EmailAddress.normalize(address);
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }
}
