package io.healthscore.schemas.values;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for an e-mail address that healthscore will store or send to, used at ingest and again before
 * alert-service stores or mails anything: {@code local@domain} where the local part is a dot-atom of ASCII
 * letters, digits and {@code !#$%&'*+-/=?^_`{|}~} (no quoted strings, no comments), at most 64 characters, and the
 * domain is a host name of at least two labels: letters, digits and hyphens per label (1–63, no leading or trailing
 * hyphen), a top-level label that is not all digits, at most 253 characters once an internationalised domain is
 * converted to its ASCII (punycode) form. Domain literals ({@code x@[10.0.0.5]}), IP addresses, single-label hosts,
 * whitespace and control characters are refused. {@link #normalize} returns the form to store: local part as
 * given, domain in lower-case ASCII.
 */
public final class EmailAddress {

    /** RFC 5321's limit on a forward path, less the angle brackets. */
    public static final int MAX_LENGTH = 254;

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private EmailAddress() {
    }

    /** Why {@code address} is not acceptable, or empty when it is. */
    public static Optional<String> problem(String address) {
        if (address == null || address.isEmpty()) {
            return Optional.of("is empty");
        }
        if (address.length() > 320) {
            return Optional.of("is longer than an e-mail address can be");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@') != at) {
            return Optional.of("must be one local part, one @ and one domain");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64) {
            return Optional.of("has a local part longer than 64 characters");
        }
        if (!LOCAL.matcher(local).matches()) {
            return Optional.of("has a local part with characters other than letters, digits and .!#$%&'*+/=?^_`{|}~-"
                    + " (quoted local parts are not accepted)");
        }
        if (domain.startsWith("[")) {
            return Optional.of("has a domain literal; a host name is required");
        }
        Optional<String> ascii = asciiDomain(domain);
        if (ascii.isEmpty()) {
            return Optional.of("has a domain that is not a valid host name");
        }
        String host = ascii.get();
        if (local.length() + 1 + host.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        String[] labels = host.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("has a domain without a top-level domain");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("has a domain that is not a valid host name");
            }
        }
        if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return Optional.of("has an IP address or numeric domain; a host name is required");
        }
        return Optional.empty();
    }

    public static boolean isValid(String address) {
        return problem(address).isEmpty();
    }

    /**
     * The stored form of a valid address: the local part as given and the domain in lower-case ASCII.
     *
     * @throws IllegalArgumentException when the address is not valid
     */
    public static String normalize(String address) {
        problem(address).ifPresent(p -> {
            throw new IllegalArgumentException("e-mail address " + p);
        });
        int at = address.lastIndexOf('@');
        return address.substring(0, at) + "@" + asciiDomain(address.substring(at + 1)).orElseThrow();
    }

    /** The domain part of a valid address, lower-case ASCII. */
    public static String domainOf(String address) {
        String normalized = normalize(address);
        return normalized.substring(normalized.lastIndexOf('@') + 1);
    }

    private static Optional<String> asciiDomain(String domain) {
        if (domain.isEmpty() || domain.length() > 253 || domain.endsWith(".")) {
            return Optional.empty();
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '[' || c == ']' || c == '\\'
                    || c == '"' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '<' || c == '>') {
                return Optional.empty();
            }
        }
        try {
            String ascii = IDN.toASCII(domain, 0).toLowerCase(Locale.ROOT);
            return ascii.isEmpty() || ascii.length() > 253 ? Optional.empty() : Optional.of(ascii);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
