package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RooSettingsTest {

    static final String CONFIG = """
            {"apiProvider":"openai","openAiBaseUrl":"http://127.0.0.1:18080/v1","openAiApiKey":"sk-live-123",
             "openAiModelId":"scripted","mode":"code","autoApprovalEnabled":true,"alwaysAllowWrite":true,
             "allowedCommands":["npm test"],"openAiHeaders":{"Authorization":"Bearer abc","X-Team":"blue"},
             "awsUseApiKey":true,"futureSetting":{"deep":[1,2]}}""";

    @Test
    void typedGettersAndUnknownKeysKept() {
        RooSettings s = RooSettings.fromJson(RooJson.parse(CONFIG));
        assertThat(s.apiProvider()).contains("openai");
        assertThat(s.openAiModelId()).contains("scripted");
        assertThat(s.openAiBaseUrl()).contains("http://127.0.0.1:18080/v1");
        assertThat(s.mode()).contains("code");
        assertThat(s.autoApprovalEnabled()).contains(true);
        assertThat(s.alwaysAllowExecute()).isEmpty();
        assertThat(s.allowedCommands()).contains(List.of("npm test"));
        assertThat(s.keys()).startsWith("apiProvider").endsWith("futureSetting");
        assertThat(RooJson.write(s)).isEqualTo(RooJson.write(RooJson.parse(CONFIG)));
    }

    @Test
    void withAndMergeAreImmutableAndKeepOrder() {
        RooSettings base = RooSettings.fromJson(RooJson.parse("{\"a\":1,\"mode\":\"code\",\"b\":2}"));
        RooSettings changed = base.with("mode", "architect").with("alwaysAllowExecute", true);
        assertThat(base.mode()).contains("code");
        assertThat(changed.keys()).containsExactly("a", "mode", "b", "alwaysAllowExecute");
        assertThat(changed.mode()).contains("architect");
        RooSettings merged = changed.merge(RooSettings.fromJson(RooJson.parse("{\"b\":null,\"c\":[\"x\"]}")));
        assertThat(merged.keys()).containsExactly("a", "mode", "alwaysAllowExecute", "c");
        assertThat(changed.with("a", null).has("a")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "apiKey",
                "openAiApiKey",
                "anthropicApiKey",
                "awsSecretKey",
                "awsAccessKey",
                "awsSessionToken",
                "codeIndexOpenAiKey",
                "vertexJsonCredentials",
                "someNewProviderApiKey",
                "githubToken",
                "proxyPassword",
                "clientSecret"
            })
    void secretKeys(String key) {
        assertThat(RooSettings.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "apiProvider",
                "openAiBaseUrl",
                "modelMaxTokens",
                "includeMaxTokens",
                "awsUseApiKey",
                "anthropicUseAuthToken",
                "vertexKeyFile",
                "alwaysAllowWrite",
                "mode",
                ""
            })
    void notSecretKeys(String key) {
        assertThat(RooSettings.isSecretKey(key)).isFalse();
    }

    @Test
    void redactedHidesSecretsIncludingHeadersButKeepsEverythingElse() {
        RooSettings s = RooSettings.fromJson(RooJson.parse(CONFIG)).with("apiKey", "");
        assertThat(s.hasSecrets()).isTrue();
        RooSettings r = s.redacted();
        assertThat(r.string("openAiApiKey")).contains(RooSettings.REDACTED);
        assertThat(r.get("openAiHeaders").orElseThrow().get("Authorization").asText())
                .isEqualTo(RooSettings.REDACTED);
        assertThat(r.get("openAiHeaders").orElseThrow().get("X-Team").asText()).isEqualTo("blue");
        assertThat(r.bool("awsUseApiKey")).contains(true);
        assertThat(r.string("apiKey")).contains("");
        assertThat(r.keys()).containsExactlyElementsOf(s.keys());
        assertThat(RooJson.write(r)).doesNotContain("sk-live-123").doesNotContain("Bearer abc");
        assertThat(s.toString()).doesNotContain("sk-live-123");
        assertThat(r.hasSecrets()).isFalse();
        // the original is unchanged
        assertThat(s.string("openAiApiKey")).contains("sk-live-123");
    }

    @Test
    void credentialsInsideUrlsAreSecretsToo() {
        RooSettings s = RooSettings.fromJson(RooJson.parse("""
                {"openAiBaseUrl":"https://alice:hunter2@llm.example.com/v1","ollamaBaseUrl":"http://localhost:11434",
                 "openAiHeaders":{"X-Proxy":"socks5://u:p@proxy:1080"}}"""));
        assertThat(s.hasSecrets()).isTrue();
        RooSettings r = s.redacted();
        assertThat(r.string("openAiBaseUrl")).contains("https://[redacted]@llm.example.com/v1");
        assertThat(r.string("ollamaBaseUrl")).contains("http://localhost:11434");
        assertThat(r.get("openAiHeaders").orElseThrow().get("X-Proxy").asText())
                .isEqualTo("socks5://[redacted]@proxy:1080");
        assertThat(RooJson.write(r)).doesNotContain("hunter2").doesNotContain("u:p");
    }
}
