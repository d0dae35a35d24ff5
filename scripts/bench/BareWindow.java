import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The floor for the console's cold start (scripts/bench-console-start): the same Java, the same
 * JavaFX from the same jar, showing a window of the console's size with one label and nothing else.
 * Prints "shown" once the window is on screen, then exits.
 */
public final class BareWindow {

    public static void main(String[] args) {
        // A class extending Application cannot be the main class on the class path.
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setTitle("Roo Console");
            stage.setScene(new Scene(new Label("Roo Console"), 1200, 800));
            stage.setOnShown(e -> {
                System.out.println("shown");
                Platform.exit();
            });
            stage.show();
        }
    }
}
