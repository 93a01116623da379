package dev.switchback.cli;

import dev.switchback.server.config.Keys;
import dev.switchback.server.config.Setting;
import java.util.List;
import java.util.ListResourceBundle;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Each setting's default, from {@link Keys}, for the options that set one: a description says
 * {@code Default: ${bundle:default.server.port}} and picocli fills it in, so help never tells another default
 * than the one in force.
 */
final class SettingDefaults extends ListResourceBundle {
    /**
     * Gives these defaults to the commands that take settings ({@link SettingsOptions}). Picocli reads a
     * bundle's every key when it is set, so the client commands, which take no settings, are left without:
     * they need not build the registry.
     */
    static void addTo(CommandLine commandLine) {
        addTo(commandLine, new SettingDefaults());
    }

    private static void addTo(CommandLine commandLine, SettingDefaults defaults) {
        if (takesSettings(commandLine.getCommandSpec())) {
            commandLine.setResourceBundle(defaults);
        }
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            addTo(subcommand, defaults);
        }
    }

    private static boolean takesSettings(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof SettingsOptions) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Object[][] getContents() {
        List<Setting<?>> settings = Keys.all();
        Object[][] contents = new Object[settings.size()][];
        for (int i = 0; i < contents.length; i++) {
            contents[i] = new Object[] {
                "default." + settings.get(i).key(), text(settings.get(i).fallback())
            };
        }
        return contents;
    }

    private static String text(Setting.Default fallback) {
        if (fallback instanceof Setting.Default.ByProfile byProfile) {
            return byProfile.strava() + " (strava), " + byProfile.hardened() + " (hardened)";
        }
        return fallback.forProfile("strava");
    }
}
