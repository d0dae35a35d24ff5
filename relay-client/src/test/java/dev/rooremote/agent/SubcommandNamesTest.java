package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class SubcommandNamesTest {

    @Test
    void eachSubcommandIsFoundByTheNameItsCommandAnnotationGives() {
        for (Map.Entry<String, Class<?>> subcommand : RooAgent.SUBCOMMANDS.entrySet()) {
            Command command = subcommand.getValue().getAnnotation(Command.class);
            assertThat(command).as(subcommand.getValue().getName()).isNotNull();
            assertThat(command.name()).isEqualTo(subcommand.getKey());
            assertThat(command.aliases()).as("aliases are not looked up").isEmpty();
        }
    }
}
