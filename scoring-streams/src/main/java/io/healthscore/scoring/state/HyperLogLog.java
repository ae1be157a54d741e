package io.healthscore.scoring.state;

import java.util.Arrays;

/**
 * A HyperLogLog sketch with 2^10 one-byte registers (1 KiB, standard error 1.04/sqrt(1024) = 3.3 %), used for
 * the distinct users of a day once an account has more than the exact limit. Estimate (Flajolet et al. 2007):
 * E = alpha_m * m^2 / sum(2^-M[j]); below 2.5 m with empty registers, linear counting m * ln(m / V).
 */
final class HyperLogLog {

    static final int PRECISION = 10;
    static final int REGISTERS = 1 << PRECISION;

    private final byte[] registers;

    HyperLogLog() {
        this(new byte[REGISTERS]);
    }

    HyperLogLog(byte[] registers) {
        if (registers.length != REGISTERS) {
            throw new IllegalArgumentException("a sketch has " + REGISTERS + " registers, got " + registers.length);
        }
        this.registers = registers;
    }

    void add(long hash) {
        int index = (int) (hash >>> (64 - PRECISION));
        // The remaining bits, with a sentinel so the rank is bounded by 64 - PRECISION + 1.
        long rest = (hash << PRECISION) | (1L << (PRECISION - 1));
        byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
        if (rank > registers[index]) {
            registers[index] = rank;
        }
    }

    void merge(HyperLogLog other) {
        for (int i = 0; i < REGISTERS; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
    }

    long estimate() {
        double sum = 0;
        int empty = 0;
        for (byte r : registers) {
            sum += Math.pow(2, -r);
            if (r == 0) {
                empty++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
        double raw = alpha * REGISTERS * REGISTERS / sum;
        if (raw <= 2.5 * REGISTERS && empty > 0) {
            return Math.round(REGISTERS * Math.log((double) REGISTERS / empty));
        }
        return Math.round(raw);
    }

    byte[] registers() {
        return registers;
    }

    HyperLogLog copy() {
        return new HyperLogLog(Arrays.copyOf(registers, REGISTERS));
    }
}
