package io.healthscore.backtest.replay;

import java.util.Comparator;

/**
 * The order of the topology's stores: keys compared as their UTF-8 bytes, unsigned, which is code point order.
 * {@link String#compareTo} compares UTF-16 units and differs from it only where a surrogate meets a character
 * from U+E000 to U+FFFF.
 */
final class KeyOrder implements Comparator<String> {

    static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    /** Surrogates (U+D800..U+DFFF) start code points above U+FFFF, so they rank above U+E000..U+FFFF. */
    private static int rank(char c) {
        return c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
