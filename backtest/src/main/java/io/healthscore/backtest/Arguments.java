package io.healthscore.backtest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} arguments, with typed readers whose errors name the option. Options not
 * read by the command are refused, so a typo is never silently ignored.
 */
final class Arguments {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> used = new HashSet<>();

    Arguments(List<String> args, Set<String> flagNames) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagNames.contains(name)) {
                if (inline != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                flags.add(name);
                continue;
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
    }

    boolean flag(String name) {
        used.add(name);
        return flags.contains(name);
    }

    String text(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    Path path(String name, boolean required) {
        String value = text(name, null);
        if (value == null) {
            if (required) {
                throw new UsageException("--" + name + " is required");
            }
            return null;
        }
        return Path.of(value);
    }

    long number(String name, long fallback, long min, long max) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException("--" + name + ": expected " + min + ".." + max + ", got " + parsed);
        }
        return parsed;
    }

    double decimal(String name, double fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a number, got '" + value + "'");
        }
    }

    /** A share 0..1, written as a fraction (0.2) or a percentage (20%). */
    double share(String name, double fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        String v = value.trim();
        try {
            double share = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100 : Double.parseDouble(v);
            if (share >= 0 && share <= 1) {
                return share;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + ": expected a share such as 20% or 0.2, got '" + value + "'");
    }

    /** A size in bytes: a whole number with an optional unit k, m or g (1024-based): 512k, 256m, 2g. */
    long bytes(String name, long fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        int shift = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        try {
            long amount = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
            if (amount < 1 || amount > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": expected a size such as 512k, 256m or 2g, got '" + value + "'");
        }
    }

    /** ISO-8601 (PT1H, P1D) or a number with a unit: 30m, 1h, 1d. */
    Duration duration(String name, Duration fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new UsageException("--" + name + ": expected e.g. 30m, 1h, 1d or PT1H, got '" + value + "'");
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new UsageException("--" + name + ": expected e.g. 30m, 1h, 1d or PT1H, got '" + value + "'");
        }
    }

    List<Integer> integers(String name, List<Integer> fallback, int min, int max) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < min || n > max) {
                    throw new UsageException("--" + name + ": each value must be " + min + ".." + max + ", got " + n);
                }
                list.add(n);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + ": expected comma-separated whole numbers, got '" + value + "'");
            }
        }
        return List.copyOf(list);
    }

    /** Refuses options no reader asked for. */
    void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
        for (String name : flags) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }
}
