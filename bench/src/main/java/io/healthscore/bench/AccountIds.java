package io.healthscore.bench;

/** The benchmark's account ids: {@code acct-0000042}, the same in every phase so histories and load meet. */
final class AccountIds {

    private AccountIds() {
    }

    static String of(int n) {
        String digits = Integer.toString(n);
        return "acct-" + "0000000".substring(Math.min(7, digits.length())) + digits;
    }
}
