package com.karrot.kafka.schema;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.kafka.common.config.ConfigException;
import org.jspecify.annotations.Nullable;

import static com.karrot.kafka.schema.KarrotAvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE;
import static com.karrot.kafka.schema.KarrotAvroSerdeConfig.BASIC_AUTH_USER_INFO;
import static com.karrot.kafka.schema.KarrotAvroSerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE;
import static com.karrot.kafka.schema.KarrotAvroSerdeConfig.BEARER_AUTH_TOKEN;

/**
 * Picks the registry credentials of a serde configuration as Confluent's client does: basic authentication from
 * the URL's user info or from {@code basic.auth.user.info}, or a static bearer token; never both.
 */
final class RegistryCredentials {

    private RegistryCredentials() {
    }

    static void apply(KarrotAvroSerdeConfig config, List<String> urls, HttpSchemaRegistryClient.Builder builder) {
        String basicSource = config.text(BASIC_AUTH_CREDENTIALS_SOURCE);
        String bearerSource = config.text(BEARER_AUTH_CREDENTIALS_SOURCE);
        String token = config.text(BEARER_AUTH_TOKEN);
        if (hasText(basicSource) && hasText(bearerSource)) {
            throw new ConfigException("Only one of " + BASIC_AUTH_CREDENTIALS_SOURCE + " and "
                    + BEARER_AUTH_CREDENTIALS_SOURCE + " may be set");
        }
        if (hasText(bearerSource) || (!hasText(basicSource) && hasText(token))) {
            if (hasText(bearerSource) && !"STATIC_TOKEN".equals(upper(bearerSource))) {
                throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE, bearerSource,
                        "The supported source is STATIC_TOKEN");
            }
            if (!hasText(token)) {
                throw new ConfigException(BEARER_AUTH_TOKEN + " must be set when " + BEARER_AUTH_CREDENTIALS_SOURCE
                        + " is STATIC_TOKEN");
            }
            builder.bearerToken(token);
            return;
        }
        String source = hasText(basicSource) ? upper(basicSource) : "URL";
        switch (source) {
            case "URL" -> urls.stream().map(url -> URI.create(url).getUserInfo()).filter(Objects::nonNull).findFirst()
                .ifPresent(userInfo -> basic(userInfo, "the user info of " + KarrotAvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        builder));
            case "USER_INFO" -> {
                String userInfo = config.text(BASIC_AUTH_USER_INFO);
                if (!hasText(userInfo)) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO + " must be set when " + BASIC_AUTH_CREDENTIALS_SOURCE
                            + " is USER_INFO");
                }
                basic(userInfo, BASIC_AUTH_USER_INFO, builder);
            }
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, basicSource,
                    "The supported sources are URL and USER_INFO");
        }
    }

    private static void basic(String userInfo, String origin, HttpSchemaRegistryClient.Builder builder) {
        int colon = userInfo.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException(origin + " must have the form user:password");
        }
        builder.basicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    private static String upper(String value) {
        return value.trim().toUpperCase(Locale.ROOT);
    }
}
