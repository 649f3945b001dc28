using MudBlazor;

namespace BlazorAuth.Components.Layout;

/// <summary>The app's colours, light and dark; every pair of text and background meets WCAG AA (4.5:1).</summary>
internal static class AppTheme
{
    /// <summary>The cookie that remembers the user's choice; the demo provider's pages read it too.</summary>
    public const string Cookie = "blazorauth-theme";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#5e35b1",
            Secondary = "#00796b",
            AppbarBackground = "#4527a0",
            Background = "#f6f4fa",

            // MudBlazor's own green, red, blue and orange carry white text, or stand as text on their own tint, at under 4.5:1.
            Success = "#2e7d32",
            Error = "#c62828",
            Info = "#1565c0",
            Warning = "#a04500",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#b39ddb",
            PrimaryContrastText = "#1c1b1f",
            Secondary = "#80cbc4",
            SecondaryContrastText = "#1c1b1f",
            Success = "#81c784",
            SuccessContrastText = "#1c1b1f",
            Error = "#ef9a9a",
            ErrorContrastText = "#1c1b1f",
            Info = "#90caf9",
            InfoContrastText = "#1c1b1f",
            Warning = "#ffb74d",
            WarningContrastText = "#1c1b1f",
            AppbarBackground = "#2a1f4a",
            AppbarText = "#f3eefc",
            Background = "#121017",
            Surface = "#1e1b26",
            DrawerBackground = "#1e1b26",
            TextPrimary = "#e8e3ef",
            TextSecondary = "#bdb6c8",
            ActionDefault = "#d5cfe0",
            LinesDefault = "#3f3a4a",
            TableLines = "#3f3a4a",
            Divider = "#3f3a4a",
        },

        // Buttons in sentence case, as people write ("Continue with Demo"), not shouted in capitals.
        Typography = new Typography
        {
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };

    /// <summary>The theme a cookie names, or null to follow the system.</summary>
    public static bool? ChosenDark(string? cookie) => cookie switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
