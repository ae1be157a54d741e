package io.healthscore.scoring.state;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fixed one-byte code {@link AccountStateSerde} stores for each symbol of one enum, instead of its ordinal:
 * a symbol inserted into a schema's enum (legal under BACKWARD compatibility) moves the ordinals after it, but
 * not these codes. A table covers every symbol with a distinct code in 0..127 (-1 is left for "absent"), or
 * cannot be built. Reading a code no symbol has fails with {@link UnknownStateCodeException}.
 */
final class CodeTable<E extends Enum<E>> {

    static final int MAX_CODE = Byte.MAX_VALUE;

    private final Class<E> type;
    private final EnumMap<E, Integer> codes;
    private final E[] symbols;

    private CodeTable(Class<E> type, EnumMap<E, Integer> codes, E[] symbols) {
        this.type = type;
        this.codes = codes;
        this.symbols = symbols;
    }

    static <E extends Enum<E>> CodeTable<E> of(Class<E> type, Map<E, Integer> codes) {
        EnumMap<E, Integer> table = new EnumMap<>(type);
        table.putAll(codes);
        int highest = table.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (highest > MAX_CODE) {
            throw new IllegalStateException(type.getSimpleName() + " code " + highest + " does not fit a byte");
        }
        @SuppressWarnings("unchecked")
        E[] symbols = (E[]) java.lang.reflect.Array.newInstance(type, highest + 1);
        for (E symbol : type.getEnumConstants()) {
            Integer code = table.get(symbol);
            if (code == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + symbol.name() + " has no state code: "
                        + "give it the next free code in StateCodes (codes are stored, so never reuse one)");
            }
            if (code < 0) {
                throw new IllegalStateException(type.getSimpleName() + "." + symbol.name() + " has code " + code
                        + ": codes are 0.." + MAX_CODE + ", -1 stands for an absent value");
            }
            if (symbols[code] != null) {
                throw new IllegalStateException(type.getSimpleName() + " gives code " + code + " to both "
                        + symbols[code].name() + " and " + symbol.name());
            }
            symbols[code] = symbol;
        }
        return new CodeTable<>(type, table, symbols);
    }

    Class<E> type() {
        return type;
    }

    int code(E symbol) {
        return codes.get(symbol);
    }

    /** The symbol of a stored code; {@code field} names where it was read, for the error. */
    E symbol(String field, int code) {
        E symbol = code >= 0 && code < symbols.length ? symbols[code] : null;
        if (symbol == null) {
            throw new UnknownStateCodeException(field, type, code, known());
        }
        return symbol;
    }

    /** Every symbol and its code, in declaration order. */
    Map<E, Integer> codes() {
        return Collections.unmodifiableMap(codes);
    }

    private String known() {
        return codes.entrySet().stream().map(e -> e.getValue() + "=" + e.getKey().name())
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return type.getSimpleName() + Arrays.toString(symbols);
    }
}
