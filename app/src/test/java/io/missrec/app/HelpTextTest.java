package io.missrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help as {@code --help} prints it: picocli re-wraps a description line longer than
 * its 80 columns, which breaks a hand-wrapped paragraph into ragged one-word lines.
 */
class HelpTextTest {

  @Test
  void everyDescriptionLineFitsTheHelpWidth() {
    List<String> tooLong = new ArrayList<>();
    for (CommandLine command : all(Main.commandLine(Map.of()))) {
      int width = command.getCommandSpec().usageMessage().width();
      List<String> lines = new ArrayList<>();
      lines.addAll(List.of(command.getCommandSpec().usageMessage().description()));
      lines.addAll(List.of(command.getCommandSpec().usageMessage().header()));
      for (String line : lines) {
        if (line.length() > width) {
          tooLong.add(command.getCommandSpec().qualifiedName() + ": " + line);
        }
      }
    }
    assertThat(tooLong).isEmpty();
  }

  @Test
  void everySubcommandIsListedWithAWholeSentence() {
    List<String> cut = new ArrayList<>();
    for (CommandLine command : all(Main.commandLine(Map.of()))) {
      if (command.getParent() == null) {
        continue;
      }
      // a parent's command list shows the header's first line, else the description's
      String[] header = command.getCommandSpec().usageMessage().header();
      String[] description = command.getCommandSpec().usageMessage().description();
      String summary = header.length > 0 ? header[0] : description[0];
      if (!summary.endsWith(".")) {
        cut.add(command.getCommandSpec().qualifiedName() + ": " + summary);
      }
    }
    assertThat(cut).isEmpty();
  }

  @Test
  void everyCommandRendersItsHelp() {
    for (CommandLine command : all(Main.commandLine(Map.of()))) {
      assertThat(command.getUsageMessage())
          .as(command.getCommandSpec().qualifiedName())
          .contains("Usage: " + command.getCommandSpec().qualifiedName());
    }
  }

  private static List<CommandLine> all(CommandLine root) {
    List<CommandLine> out = new ArrayList<>(List.of(root));
    for (CommandLine sub : root.getSubcommands().values()) {
      if (!out.contains(sub)) {
        out.addAll(all(sub));
      }
    }
    return out;
  }
}
