package io.healthscore.alert.console;

/**
 * A request the console refuses, with its reason as a message key and arguments, so that the error page says it in
 * the person's language ({@link #in}); {@link #getMessage()} is the English sentence, for logs and tests.
 */
public class Refusal extends RuntimeException {

    private final String key;
    private final transient Object[] args;

    public Refusal(String key, Object... args) {
        super(key, null, false, false);
        this.key = key;
        this.args = args.clone();
    }

    public String key() {
        return key;
    }

    /** The reason in {@code text}'s language. */
    public String in(Text text) {
        return text.t(key, args);
    }

    @Override
    public String getMessage() {
        return in(Messages.english());
    }
}
