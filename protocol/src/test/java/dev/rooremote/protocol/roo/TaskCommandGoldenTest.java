package dev.rooremote.protocol.roo;

import static dev.rooremote.protocol.roo.JsonAssertions.assertJsonEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden JSON for every command, exactly as Roo's taskCommandSchema expects it. */
class TaskCommandGoldenTest {

    static final RooSettings AUTO_APPROVE = RooSettings.empty()
            .with("apiProvider", "openai")
            .with("openAiBaseUrl", "http://127.0.0.1:18080/v1")
            .with("openAiApiKey", "sk-test")
            .with("openAiModelId", "scripted")
            .with("mode", "code")
            .with("autoApprovalEnabled", true)
            .with("alwaysAllowReadOnly", true)
            .with("alwaysAllowWrite", true)
            .with("alwaysAllowExecute", true)
            .with("allowedCommands", List.of("npm test", "git status"))
            .with("deniedCommands", List.of("rm -rf"))
            .with("alwaysAllowMcp", false)
            .with("alwaysAllowModeSwitch", true)
            .with("alwaysAllowSubtasks", true)
            .with("alwaysAllowFollowupQuestions", false);

    static List<Arguments> commands() {
        return List.of(
                Arguments.of(
                        new TaskCommand.StartNewTask(
                                AUTO_APPROVE, "Write hello.txt", List.of("data:image/png;base64,AA=="), true),
                        """
                        {"commandName":"StartNewTask","data":{"configuration":{"apiProvider":"openai",
                          "openAiBaseUrl":"http://127.0.0.1:18080/v1","openAiApiKey":"sk-test","openAiModelId":"scripted",
                          "mode":"code","autoApprovalEnabled":true,"alwaysAllowReadOnly":true,"alwaysAllowWrite":true,
                          "alwaysAllowExecute":true,"allowedCommands":["npm test","git status"],"deniedCommands":["rm -rf"],
                          "alwaysAllowMcp":false,"alwaysAllowModeSwitch":true,"alwaysAllowSubtasks":true,
                          "alwaysAllowFollowupQuestions":false},
                          "text":"Write hello.txt","images":["data:image/png;base64,AA=="],"newTab":true}}
                        """),
                Arguments.of(new TaskCommand.StartNewTask(RooSettings.empty(), "hi"), """
                        {"commandName":"StartNewTask","data":{"configuration":{},"text":"hi"}}
                        """),
                Arguments.of(new TaskCommand.CancelTask(), """
                        {"commandName":"CancelTask"}
                        """),
                Arguments.of(new TaskCommand.CloseTask(), """
                        {"commandName":"CloseTask"}
                        """),
                Arguments.of(new TaskCommand.ResumeTask("01a211b0-5b1c-700c-a15d-07495ae43d27"), """
                        {"commandName":"ResumeTask","data":"01a211b0-5b1c-700c-a15d-07495ae43d27"}
                        """),
                Arguments.of(new TaskCommand.SendMessage("German", null), """
                        {"commandName":"SendMessage","data":{"text":"German"}}
                        """),
                Arguments.of(new TaskCommand.SendMessage(null, List.of("data:image/png;base64,AA==")), """
                        {"commandName":"SendMessage","data":{"images":["data:image/png;base64,AA=="]}}
                        """),
                Arguments.of(new TaskCommand.GetCommands(), """
                        {"commandName":"GetCommands"}
                        """),
                Arguments.of(new TaskCommand.GetModes(), """
                        {"commandName":"GetModes"}
                        """),
                Arguments.of(new TaskCommand.GetModels(), """
                        {"commandName":"GetModels"}
                        """),
                Arguments.of(new TaskCommand.DeleteQueuedMessage("no-such-message"), """
                        {"commandName":"DeleteQueuedMessage","data":"no-such-message"}
                        """));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void encodesAndDecodesExactly(TaskCommand command, String golden) {
        JsonNode expected = RooJson.parse(golden);
        assertJsonEquals(command.toJson(), expected);
        assertThat(TaskCommand.fromJson(expected)).isEqualTo(command);
        assertThat(RooJson.convert(expected, TaskCommand.class)).isEqualTo(command);
    }

    @Test
    void startNewTaskKeepsConfigurationKeyOrderAndUnknownKeys() {
        String golden = """
                {"commandName":"StartNewTask","data":{"configuration":{"zzz":1,"apiProvider":"openai","aaa":{"x":[1]}},"text":"t"}}
                """;
        TaskCommand command = TaskCommand.fromJson(RooJson.parse(golden));
        assertThat(((TaskCommand.StartNewTask) command).configuration().keys())
                .containsExactly("zzz", "apiProvider", "aaa");
        assertThat(RooJson.write(command)).isEqualTo(RooJson.write(RooJson.parse(golden)));
    }

    @Test
    void toStringOfStartNewTaskDoesNotLeakTheApiKey() {
        assertThat(new TaskCommand.StartNewTask(AUTO_APPROVE, "x").toString()).doesNotContain("sk-test");
    }

    @Test
    void unknownCommandNameIsRejected() {
        assertThatThrownBy(() -> TaskCommand.fromJson(RooJson.parse("{\"commandName\":\"Nope\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Nope");
    }
}
