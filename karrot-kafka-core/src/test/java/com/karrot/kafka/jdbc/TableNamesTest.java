package com.karrot.kafka.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableNamesTest {

    @Test
    void defaultsAreTheNamesOfTheShippedScripts() throws IOException {
        String script = script("outbox", "postgresql");

        assertThat(TableNames.defaults().table("outbox")).isEqualTo("karrot_outbox");
        assertThat(TableNames.defaults().rewrite(script)).isSameAs(script);
        assertThat(TableNames.of(null, "karrot_")).isEqualTo(TableNames.defaults());
        assertThat(TableNames.of("", "karrot_").schema()).isNull();
    }

    @Test
    void tablesAreQualifiedWithTheSchema() {
        TableNames names = TableNames.of("messaging", "app_");

        assertThat(names.table("outbox_failure")).isEqualTo("messaging.app_outbox_failure");
        assertThat(TableNames.of(null, "app_").table("inbox")).isEqualTo("app_inbox");
    }

    @Test
    void rewriteRenamesEveryShippedNameAndQualifiesOnlyTheTables() throws IOException {
        String ddl = TableNames.of("messaging", "app_").rewrite(script("outbox", "postgresql"));

        assertThat(ddl).startsWith("CREATE SCHEMA IF NOT EXISTS messaging;")
            .doesNotContain("karrot_")
            .contains("CREATE TABLE IF NOT EXISTS messaging.app_outbox (")
            .contains("CONSTRAINT app_outbox_event_id UNIQUE (event_id)")
            .contains("CREATE INDEX IF NOT EXISTS app_outbox_failure_aggregate ON messaging.app_outbox_failure "
                    + "(aggregate_type, aggregate_id)")
            .contains("CREATE TABLE IF NOT EXISTS messaging.app_outbox_lease (")
            .contains("CREATE TABLE IF NOT EXISTS messaging.app_outbox_instance (");
    }

    @Test
    void rewriteWithoutASchemaOnlyChangesThePrefix() throws IOException {
        String ddl = TableNames.of(null, "app_").rewrite(script("inbox", "mariadb"));

        assertThat(ddl).isEqualTo(script("inbox", "mariadb").replace("karrot_", "app_"));
    }

    @Test
    void namesThatAreNoPlainIdentifiersAreRefused() {
        for (String prefix : new String[] { "", "karrot-", "1_", "app_;DROP", "x".repeat(TableNames.MAX_PREFIX_LENGTH + 1) }) {
            assertThat(TableNames.isValidPrefix(prefix)).as(prefix).isFalse();
            assertThatIllegalArgumentException().isThrownBy(() -> TableNames.of(null, prefix))
                .withMessageContaining("prefix must be")
                .withMessageContaining("'" + prefix + "'");
        }
        for (String schema : new String[] { "my schema", "public.x", "\"quoted\"", "9lives" }) {
            assertThat(TableNames.isValidSchema(schema)).as(schema).isFalse();
            assertThatIllegalArgumentException().isThrownBy(() -> TableNames.of(schema, "karrot_"))
                .withMessageContaining("schema must be");
        }
        assertThat(TableNames.isValidPrefix("_App2_")).isTrue();
        assertThat(TableNames.isValidSchema("x".repeat(TableNames.MAX_SCHEMA_LENGTH))).isTrue();
    }

    static String script(String capability, String platform) throws IOException {
        return new ClassPathResource("karrot-kafka/schema/" + capability + "/v1/" + platform + ".sql")
            .getContentAsString(StandardCharsets.UTF_8);
    }
}
