package io.healthscore.scoring.state;

import java.util.TreeSet;

/** What one account did on one UTC day: logins, distinct usage events, key features used. */
public final class DayBucket {

    int logins;
    int events;
    final TreeSet<String> keyFeatures;

    DayBucket() {
        this(0, 0, new TreeSet<>());
    }

    DayBucket(int logins, int events, TreeSet<String> keyFeatures) {
        this.logins = logins;
        this.events = events;
        this.keyFeatures = keyFeatures;
    }

    public int logins() {
        return logins;
    }

    public int events() {
        return events;
    }

    public TreeSet<String> keyFeatures() {
        return keyFeatures;
    }
}
