package dev.rooremote.protocol.roo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RooJsonTest {

    @Test
    void parseObjectReadsOneJsonObjectAndNothingElse() {
        assertThat(RooJson.parseObject("  {\"tokensIn\":12}\n"))
                .hasValueSatisfying(
                        json -> assertThat(json.path("tokensIn").asLong()).isEqualTo(12));
        assertThat(RooJson.parseObject(null)).isEmpty();
        assertThat(RooJson.parseObject("")).isEmpty();
        assertThat(RooJson.parseObject("plain text")).isEmpty();
        assertThat(RooJson.parseObject("[1,2]")).isEmpty();
        assertThat(RooJson.parseObject("{\"cut\":\"off mid-str")).isEmpty();
        assertThat(RooJson.parseObject("{\"a\":1} and more")).isEmpty();
    }
}
