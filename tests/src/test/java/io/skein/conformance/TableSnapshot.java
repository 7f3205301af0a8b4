package io.skein.conformance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders every row of the listed tables as text, for the "nothing changes" comparison of the spec 06 harness. */
final class TableSnapshot {

    private TableSnapshot() {}

    /** @param tableListSql a query whose first column names the tables to include, in order */
    static Map<String, List<String>> of(Connection connection, String tableListSql) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(tableListSql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= md.getColumnCount(); c++) {
                        Object v = rs.getObject(c);
                        row.append(md.getColumnName(c)).append('=')
                                .append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v))
                                .append(';');
                    }
                    rows.add(row.toString());
                }
            }
            rows.sort(String::compareTo);
            out.put(table, rows);
        }
        return out;
    }
}
