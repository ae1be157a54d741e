package io.healthscore.alert.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** CSMs' notes on accounts ({@code account_notes}); reads are bounded like every other timeline read. */
@Singleton
public final class NoteRepository {

    /** A stored note: who wrote it (their e-mail) and when. */
    public record Note(String noteId, String accountId, String author, String body, Instant createdAt) {
    }

    private static final String COLUMNS = "note_id, account_id, author, body, created_at";

    public void insert(Connection c, Note note) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO account_notes (" + COLUMNS + ") VALUES (?,?,?,?,?)")) {
            s.setString(1, note.noteId());
            s.setString(2, note.accountId());
            s.setString(3, note.author());
            s.setString(4, note.body());
            s.setTimestamp(5, Timestamp.from(note.createdAt()));
            s.executeUpdate();
        }
    }

    /** The newest {@code limit} notes written before {@code before}, newest first. */
    public List<Note> forAccountBefore(Connection c, String accountId, Instant before, int limit) throws SQLException {
        return read(c, "SELECT " + COLUMNS + " FROM account_notes WHERE account_id = ? AND created_at < ? "
                + "ORDER BY created_at DESC, note_id DESC LIMIT ?", accountId, before, limit);
    }

    /** At most {@code limit} notes written at exactly {@code at}. */
    public List<Note> forAccountAt(Connection c, String accountId, Instant at, int limit) throws SQLException {
        return read(c, "SELECT " + COLUMNS + " FROM account_notes WHERE account_id = ? AND created_at = ? "
                + "ORDER BY note_id LIMIT ?", accountId, at, limit);
    }

    private static List<Note> read(Connection c, String sql, String accountId, Instant at, int limit)
            throws SQLException {
        List<Note> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(at));
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Note(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return out;
    }
}
